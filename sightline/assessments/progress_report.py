"""Reading the progress round: where a cycle's actions stand, for the board(s), in a fixed number of queries
however many actions there are. Only actions in returns that were submitted or accepted are followed up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sightline import policy
from sightline.partnerships.models import OrganisationMembership

from .models import ActionArising, Cycle, Submission
from .selectors import SUBMITTED_STATES
from .sharing import of_cycle

Progress = ActionArising.Progress
Rag = ActionArising.Rag
NOT_UPDATED = Q(progress_updated_at__isnull=True)


def _overdue(today: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}due_on__lt": today}) & ~Q(**{f"{prefix}progress": Progress.COMPLETE})


def _tallies(today: date) -> dict:
    """The counts shown for the cycle, each organisation and each standard, as SQL aggregates."""
    return {
        "actions": Count("pk"),
        "not_started": Count("pk", filter=Q(progress=Progress.NOT_STARTED)),
        "in_progress": Count("pk", filter=Q(progress=Progress.IN_PROGRESS)),
        "complete": Count("pk", filter=Q(progress=Progress.COMPLETE)),
        "on_track": Count("pk", filter=Q(rag=Rag.GREEN)),
        "at_risk": Count("pk", filter=Q(rag=Rag.AMBER)),
        "off_track": Count("pk", filter=Q(rag=Rag.RED)),
        "no_rag": Count("pk", filter=Q(rag="")),
        "not_updated": Count("pk", filter=NOT_UPDATED),
        "overdue": Count("pk", filter=_overdue(today)),
    }


@dataclass
class ProgressReport:
    cycle: Cycle
    today: date
    summary: dict
    organisations: list[dict]
    standards: list[dict]
    overdue: list[ActionArising]

    @property
    def by_progress(self) -> list[tuple[str, int]]:
        return [(label, self.summary[value]) for value, label in Progress.choices]

    @property
    def by_rag(self) -> list[tuple[str, int]]:
        return [
            (Rag.GREEN.label, self.summary["on_track"]),
            (Rag.AMBER.label, self.summary["at_risk"]),
            (Rag.RED.label, self.summary["off_track"]),
            ("No RAG rating yet", self.summary["no_rag"]),
        ]


def actions_followed_up(*, cycle: Cycle) -> QuerySet[ActionArising]:
    """Every action in the cycle's counted returns, for the full list: by organisation, then due date."""
    return (
        ActionArising.objects.filter(of_cycle(cycle, "submission__"), submission__status__in=SUBMITTED_STATES)
        .select_related("standard__section", "submission__organisation")
        .order_by(
            "submission__organisation__name", "due_on", "standard__section__order", "standard__order", "pk"
        )
    )


def _actions(cycle: Cycle) -> QuerySet[ActionArising]:
    return ActionArising.objects.filter(
        of_cycle(cycle, "submission__"), submission__status__in=SUBMITTED_STATES
    )


def organisation_rows(*, cycle: Cycle, today: date) -> QuerySet:
    """Each organisation's tallies, by name: dictionaries, named by `organisations_named`."""
    return (
        _actions(cycle)
        .values("submission_id", "submission__organisation__name")
        .annotate(**_tallies(today))
        .order_by("submission__organisation__name", "submission_id")
    )


def organisations_named(rows) -> list[dict]:
    rows = list(rows)
    for row in rows:
        row["organisation"] = row.pop("submission__organisation__name")
    return rows


def overdue_actions(*, cycle: Cycle, today: date) -> QuerySet[ActionArising]:
    """Actions past their date and not complete, the longest overdue first."""
    return actions_followed_up(cycle=cycle).filter(_overdue(today)).order_by("due_on", "pk")


def progress_report(*, cycle: Cycle, today: date | None = None, lists: bool = True) -> ProgressReport:
    """The figures of the progress report: four queries. Without `lists`, two: the per-organisation and overdue
    lists are left empty, for the page, which shows them a page at a time (they grow with the cycle)."""
    today = today or timezone.localdate()
    tallies = _tallies(today)
    summary = _actions(cycle).aggregate(**tallies)
    standards = list(
        _actions(cycle)
        .values("standard_id", "standard__title", "standard__section__order", "standard__order")
        .annotate(**tallies)
        .order_by("standard__section__order", "standard__order")
    )
    for number, row in enumerate(standards, start=1):
        row["standard"], row["number"] = row.pop("standard__title"), number
    return ProgressReport(
        cycle=cycle,
        today=today,
        summary=summary,
        organisations=organisations_named(organisation_rows(cycle=cycle, today=today)) if lists else [],
        standards=standards,
        overdue=list(overdue_actions(cycle=cycle, today=today)) if lists else [],
    )


def progress_due_for(*, user) -> QuerySet[Submission]:
    """Returns of this person's organisations (as lead or contributor) in a cycle whose progress round is
    open, with `pending`: the actions nobody has updated since the round opened."""
    roles = policy.organisation_roles(user)
    updaters = {OrganisationMembership.Role.LEAD, OrganisationMembership.Role.CONTRIBUTOR}
    mine = [organisation for organisation, held in roles.items() if held & updaters]
    return (
        Submission.objects.filter(
            organisation_id__in=mine,
            cycle__status=Cycle.Status.PROGRESS_ROUND,
            status__in=SUBMITTED_STATES,
        )
        .annotate(pending=Count("actions", filter=Q(actions__progress_updated_at__isnull=True)))
        .filter(pending__gt=0)
        .select_related("cycle", "cycle__partnership", "organisation")
        .order_by("cycle__progress_due_on", "organisation__name")
    )
