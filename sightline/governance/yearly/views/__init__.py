"""The yearly report's pages (`pages`) and the steps people take on it after drafting (`steps`)."""

from .pages import (
    yearly_report_detail,
    yearly_report_download,
    yearly_report_figure,
    yearly_report_list,
    yearly_report_section,
    yearly_report_sections,
    yearly_report_start,
)
from .steps import (
    yearly_report_comment,
    yearly_report_dispatch,
    yearly_report_publish,
    yearly_report_revise,
    yearly_report_scrutiny,
    yearly_report_send_for_scrutiny,
    yearly_report_send_for_sign_off,
    yearly_report_sign_off,
)

__all__ = [
    "yearly_report_comment",
    "yearly_report_detail",
    "yearly_report_dispatch",
    "yearly_report_download",
    "yearly_report_figure",
    "yearly_report_list",
    "yearly_report_publish",
    "yearly_report_revise",
    "yearly_report_scrutiny",
    "yearly_report_section",
    "yearly_report_sections",
    "yearly_report_send_for_scrutiny",
    "yearly_report_send_for_sign_off",
    "yearly_report_sign_off",
    "yearly_report_start",
]
