"""The yearly report builder: sections as data (`sections`), figures computed from records (`figures`), the report's
lifecycle (`reports`), freezing at sign-off (`freezing`), the documents (`documents`) and the reminders to send it
to the national bodies (`reminders`)."""
