"""Importing the organisation register from a file: GIAS establishment extracts and Sightline's own CSV.

`plan_import` parses, checks and matches a file against the register without writing anything;
`service.register_import_apply` applies a plan with no problems, all or nothing."""

from __future__ import annotations

from ..models import Partnership
from . import generic_csv, gias, planning
from .validation import ImportPlan, Outcome, PlannedRow, Problem

PARSERS = {"gias": gias.parse, "csv": generic_csv.parse}

__all__ = ["PARSERS", "ImportPlan", "Outcome", "PlannedRow", "Problem", "plan_import"]


def plan_import(*, partnership: Partnership, format: str, content: bytes) -> ImportPlan:
    """What importing `content` would do to the partnership's register, and every problem with it."""
    plan = PARSERS[format](content, partnership=partnership)
    if not plan.file_problems:
        planning.resolve(plan, partnership=partnership)
    return plan
