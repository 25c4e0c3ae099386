"""ISO reports and their recommendations, with the partners' answers: drafting and issuing a report (`drafting`),
the addressees' responses and the ISO's judgement of each (`responses`), who is told (`notices`), reminders to
answer (`reminders`), and the reads, forms and demo records for them (`selectors`, `forms`, `demo`)."""
