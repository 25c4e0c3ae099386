"""RAG, derived from an action's state and dates, never stored: an SQL expression, so lists, filters and counts
agree and cost one query whatever the number of actions.

- verified or closed: complete; deferred or cancelled: shown as such;
- completion proposed: the owner's clock stops on the day they proposed it: red if that was after the due date,
  otherwise green while the learning group looks at it;
- otherwise red once the due date has passed, amber when it falls within the window (14 days unless
  SIGHTLINE_ACTION_AMBER_DAYS says otherwise), green before that.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When

from .lifecycle import DONE, WORKING
from .models import Action

S = Action.Status
DEFAULT_AMBER_DAYS = 14


class Rag(models.TextChoices):
    RED = "red", "Red: overdue"
    AMBER = "amber", "Amber: due soon"
    GREEN = "green", "Green: on track"
    COMPLETE = "complete", "Complete"
    DEFERRED = "deferred", "Deferred"
    CANCELLED = "cancelled", "Cancelled"


TAG_COLOURS = {
    Rag.RED: "red",
    Rag.AMBER: "yellow",
    Rag.GREEN: "green",
    Rag.COMPLETE: "blue",
    Rag.DEFERRED: "grey",
    Rag.CANCELLED: "grey",
}


def amber_window_days() -> int:
    return int(getattr(settings, "SIGHTLINE_ACTION_AMBER_DAYS", DEFAULT_AMBER_DAYS))


def overdue_q(today: date, prefix: str = "") -> Q:
    """Red: past the due date while still being worked on, or completion proposed only after it. `prefix`
    reaches the action through a relation ("actions__" from a plan)."""
    return Q(**{f"{prefix}status__in": WORKING, f"{prefix}due_on__lt": today}) | Q(
        **{f"{prefix}status": S.COMPLETION_PROPOSED, f"{prefix}proposed_on__gt": F(f"{prefix}due_on")}
    )


def rag_expression(today: date) -> Case:
    amber_until = today + timedelta(days=amber_window_days())
    return Case(
        When(status__in=DONE, then=Value(Rag.COMPLETE.value)),
        When(status=S.CANCELLED, then=Value(Rag.CANCELLED.value)),
        When(status=S.DEFERRED, then=Value(Rag.DEFERRED.value)),
        When(overdue_q(today), then=Value(Rag.RED.value)),
        When(status=S.COMPLETION_PROPOSED, then=Value(Rag.GREEN.value)),
        When(due_on__lte=amber_until, then=Value(Rag.AMBER.value)),
        default=Value(Rag.GREEN.value),
        output_field=models.CharField(),
    )
