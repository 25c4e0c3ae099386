"""Disputes between the safeguarding partners or between agencies: recording one and moving it up the
partnership's escalation stages to its outcome (`services`), the stages themselves (`stages`), and the reads,
forms, URLs and demo record for them (`selectors`, `forms`, `urls`, `demo`)."""
