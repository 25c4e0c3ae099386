"""The yearly report's lifecycle (ARCHITECTURE.md §3): drafting → ISO scrutiny → sign-off by the three lead partners
→ signed off (frozen) → published, then sent to the national bodies. A declined sign-off returns it to drafting with
the partners' reasons. A signed-off report is never edited: a correction is a new edition that revises it.

Each step checks who takes it and what must be true, records an audit event in the same transaction and refuses
anything else with a message saying what to do."""

from .common import EDITABLE, FROZEN, report_url
from .drafting import section_kind_add, section_update, yearly_report_revise, yearly_report_start
from .scrutiny import report_send_for_scrutiny, scrutiny_statement_save, section_comment_add
from .signing import report_dispatch_record, report_publish, report_send_for_sign_off, sign_off_reached

__all__ = [
    "EDITABLE",
    "FROZEN",
    "report_dispatch_record",
    "report_publish",
    "report_send_for_scrutiny",
    "report_send_for_sign_off",
    "report_url",
    "scrutiny_statement_save",
    "section_comment_add",
    "section_kind_add",
    "section_update",
    "sign_off_reached",
    "yearly_report_revise",
    "yearly_report_start",
]
