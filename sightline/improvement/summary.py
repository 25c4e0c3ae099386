"""The learning group chair's summary for the board over a period (framework section 5: outcomes and progress go
to the board through the chair): plans opened and closed, actions completed and how many on time, overdue
actions by owner organisation, escalations, and the learning recorded when plans closed. A fixed number of
queries, however many plans and actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from sightline.partnerships.models import Partnership

from .models import Action, ActionPlan, Escalation

S = Action.Status


def last_quarter(today: date) -> tuple[date, date]:
    """The last complete calendar quarter before today."""
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = this_quarter - timedelta(days=1)
    return date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end


@dataclass
class BoardSummary:
    partnership: Partnership
    start: date
    end: date
    as_at: date
    plans_opened: list[ActionPlan]
    plans_closed: list[ActionPlan]
    completed: int
    completed_on_time: int
    overdue_by_organisation: list[tuple[str, int]]
    escalations: list[Escalation]
    escalations_resolved: int
    escalations_open_now: int

    @property
    def on_time_percent(self) -> int | None:
        if not self.completed:
            return None
        return round(100 * self.completed_on_time / self.completed)

    @property
    def overdue_total(self) -> int:
        return sum(n for _, n in self.overdue_by_organisation)

    @property
    def learning(self) -> list[ActionPlan]:
        return [plan for plan in self.plans_closed if plan.closing_note]


def overdue_at(day: date) -> Q:
    """Actions overdue at the end of `day`: added by then, due before it, and by then neither verified, closed
    nor cancelled; deferred actions, and ones whose owner proposed completion in time, are not counted. Due
    dates are taken as they stand now."""
    return (
        Q(created_at__date__lte=day, due_on__lt=day)
        & (Q(verified_at__isnull=True) | Q(verified_at__date__gt=day))
        & (Q(ended_at__isnull=True) | Q(ended_at__date__gt=day))
        & ~Q(status=S.DEFERRED)
        & ~(Q(proposed_on__lte=F("due_on")) & Q(proposed_on__lte=day))
    )


def board_summary(*, partnership: Partnership, start: date, end: date) -> BoardSummary:
    as_at = min(end, timezone.localdate())
    plans = ActionPlan.objects.filter(partnership=partnership).select_related("owner_organisation")
    actions = Action.objects.filter(plan__partnership=partnership)
    completed = actions.filter(verified_at__date__gte=start, verified_at__date__lte=end).aggregate(
        n=Count("pk"), on_time=Count("pk", filter=Q(proposed_on__lte=F("due_on")))
    )
    overdue = (
        actions.filter(overdue_at(as_at))
        .values("owner_organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner_organisation__name")
    )
    escalations = Escalation.objects.filter(action__plan__partnership=partnership)
    counts = escalations.aggregate(
        resolved=Count("pk", filter=Q(resolved_at__date__gte=start, resolved_at__date__lte=end)),
        open_now=Count("pk", filter=Q(status=Escalation.Status.OPEN)),
    )
    return BoardSummary(
        partnership=partnership,
        start=start,
        end=end,
        as_at=as_at,
        plans_opened=list(
            plans.filter(created_at__date__gte=start, created_at__date__lte=end).order_by("created_at")
        ),
        plans_closed=list(
            plans.filter(closed_at__date__gte=start, closed_at__date__lte=end).order_by("closed_at")
        ),
        completed=completed["n"],
        completed_on_time=completed["on_time"],
        overdue_by_organisation=[(row["owner_organisation__name"], row["n"]) for row in overdue],
        escalations=list(
            escalations.filter(raised_at__date__gte=start, raised_at__date__lte=end)
            .select_related("action__plan", "action__owner_organisation")
            .order_by("raised_at")
        ),
        escalations_resolved=counts["resolved"],
        escalations_open_now=counts["open_now"],
    )
