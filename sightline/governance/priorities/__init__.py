"""Progress on the partnership's priorities over a period: the computation (`progress`), which the priorities' pages
(`views`, `urls`) and the yearly report's section on areas with little or no progress both read, so they agree."""

from .progress import (
    RULE,
    PriorityProgress,
    priorities_with_little_or_no_progress,
    priority_progress,
    priority_progress_of,
    reporting_year,
)

__all__ = [
    "RULE",
    "PriorityProgress",
    "priorities_with_little_or_no_progress",
    "priority_progress",
    "priority_progress_of",
    "reporting_year",
]
