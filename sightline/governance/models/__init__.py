"""Governance's records: meetings of the groups and their decisions, presentations of reports to other bodies,
and the yearly report."""

from .meetings import AgendaItem, Decision, Meeting
from .presentations import DEFAULT_BODIES, Presentation, PresentationQuestion, ReportingBody
from .yearly import DISPATCH_WITHIN_DAYS, ReportSection, SectionComment, SectionKind, YearlyReport

__all__ = [
    "DEFAULT_BODIES",
    "DISPATCH_WITHIN_DAYS",
    "AgendaItem",
    "Decision",
    "Meeting",
    "Presentation",
    "PresentationQuestion",
    "ReportSection",
    "ReportingBody",
    "SectionComment",
    "SectionKind",
    "YearlyReport",
]
