"""Where the partnership's reports were presented to other bodies: the register of bodies and presentations
(`services`), the questions raised and the actions made from them (`questions`), its reads (`selectors`), its pages
(`forms`, `views`, `urls`), the reminders of presentations due or past (`reminders`, run by `tasks`) and the demo's
presentations (`demo`). A report's own page shows where it was presented through the template tag library
`governance/templatetags/presentations.py`."""
