"""Progress on the partnership's priorities over a period: for each priority in force, the records that serve it
(plans, assurance activities, reviews and learning briefings tagged with it) and what they show was done and what
is overdue. The priorities' pages and the yearly report's section on areas with little or no progress both read
it from here, so they always agree.

The rule, written once (RULE is shown on the pages):

- there is **evidence of progress** on a priority in a period when at least one action of a plan tagged with it
  was verified or closed in the period, or at least one assurance activity tagged with it was held in the period;
- there is **little or no progress** when there is no such evidence, or when the tagged plans' overdue actions
  outnumber the actions done in the period.

Counted, for a period from `start` to `end` (both included):

- activities held: tagged activities at or past their "held" step (sightline/assurance/lifecycle_table.py), whose
  event started in the period (withdrawn ones are not counted);
- plans: tagged plans open at some time in the period (raised before it ended, not closed before it began);
- actions done: actions of tagged plans, verified or closed, verified in the period or closed in it;
- actions overdue: actions of tagged plans still open, in progress or awaiting verification whose due date is
  before the end of the period, or before today while the period is still running (deferred, cancelled,
  verified and closed actions are not overdue);
- reviews: tagged cases in the reviews register with a step in the period (the local authority became aware,
  the national panel was notified, the rapid review was completed or the decision on a further review taken);
- briefings: tagged learning briefings approved in the period (drafts and withdrawn ones are not counted).

Each list holds the records themselves, so a figure is always the length of a list whose records a page can
show. The whole computation costs the same few queries however many priorities and records there are.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import reduce

from django.db.models import Q
from django.utils import timezone

from sightline.assurance.lifecycle import LIFECYCLES
from sightline.assurance.models import Activity
from sightline.improvement.lifecycle import DONE
from sightline.improvement.models import Action, ActionPlan, LearningBriefing, Review
from sightline.partnerships.models import Partnership
from sightline.partnerships.models_priorities import Priority
from sightline.partnerships.priorities import priorities_in_force

RULE = (
    "There is evidence of progress on a priority when, in the period, at least one action of a plan that serves "
    "it was verified or closed, or at least one assurance activity that serves it was held. There is little or "
    "no progress when there is no such evidence, or when the overdue actions of its plans outnumber the actions "
    "done."
)
HELD = "held"
FIRST_MONTH = 4  # the reporting year starts in April
S = Action.Status
# Still to be done: deferred actions wait on purpose, so they are not counted as overdue.
STILL_DUE = (S.OPEN, S.IN_PROGRESS, S.COMPLETION_PROPOSED)


@dataclass
class PriorityProgress:
    """One priority's record for a period. `at` is the day overdue actions are counted at: the end of the period,
    or today while the period is still running."""

    priority: Priority
    start: date
    end: date
    at: date
    activities_held: list[Activity] = field(default_factory=list)
    plans: list[ActionPlan] = field(default_factory=list)
    actions_done: list[Action] = field(default_factory=list)
    actions_overdue: list[Action] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    briefings: list[LearningBriefing] = field(default_factory=list)
    evidence_of_progress: bool = field(init=False)
    little_or_no_progress: bool = field(init=False)

    def __post_init__(self):
        self.evidence_of_progress = bool(self.actions_done or self.activities_held)
        self.little_or_no_progress = not self.evidence_of_progress or len(self.actions_overdue) > len(
            self.actions_done
        )

    @property
    def why(self) -> str:
        """The rule, applied: one sentence saying which part of it decided."""
        done, overdue, held = len(self.actions_done), len(self.actions_overdue), len(self.activities_held)
        if not self.evidence_of_progress:
            return "No action of its plans was verified or closed, and no activity that serves it was held."
        if overdue > done:
            return (
                f"{overdue} overdue action{'s outnumber' if overdue != 1 else ' outnumbers'} the {done} done."
            )
        parts = []
        if done:
            parts.append(f"{done} action{'s' if done != 1 else ''} verified or closed")
        if held:
            parts.append(f"{held} activit{'ies' if held != 1 else 'y'} held")
        return " and ".join(parts).capitalize() + "."


def reporting_year(day: date) -> tuple[date, date]:
    """The reporting year `day` falls in, 1 April to 31 March: the yearly report's default period."""
    first = date(day.year if day.month >= FIRST_MONTH else day.year - 1, FIRST_MONTH, 1)
    return first, date(first.year + 1, FIRST_MONTH, 1) - timedelta(days=1)


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period as aware datetimes in the local time zone: from the start of `start` to the start of the day
    after `end`, so a time late on the last day still counts."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone),
    )


def held_q(prefix: str = "") -> Q:
    """Activities at or past their type's "held" step: the states from "held" to the end of each lifecycle."""
    return reduce(
        operator.or_,
        (
            Q(**{f"{prefix}kind": kind, f"{prefix}status__in": lifecycle.states[lifecycle.index(HELD) :]})
            for kind, lifecycle in LIFECYCLES.items()
            if HELD in lifecycle.states
        ),
    )


def _tagged(model, ids: list, records, order: str) -> dict:
    """{priority id: [record, …]} for the records of `model` in the queryset `records` tagged with the priorities
    `ids`: one query through the many-to-many table, so a record serving two priorities is listed under both."""
    tags = model._meta.get_field("priorities")
    through, source = tags.remote_field.through, tags.m2m_field_name()
    rows = (
        through.objects.filter(priority_id__in=ids, **{f"{source}__in": records})
        .select_related(source)
        .order_by(f"{source}__{order}", f"{source}__pk")
    )
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.priority_id].append(getattr(row, source))
    return grouped


def _progress(
    priorities: list[Priority], start: date, end: date, today: date | None
) -> list[PriorityProgress]:
    if end < start:
        raise ValueError("The period must end on or after its start")
    at = min(end, today or timezone.localdate())
    ids = [priority.pk for priority in priorities]
    if not ids:
        return []
    begins, ends = _day_bounds(start, end)

    held = _tagged(
        Activity,
        ids,
        Activity.objects.filter(held_q(), starts_at__gte=begins, starts_at__lt=ends),
        "starts_at",
    )
    plans = _tagged(
        ActionPlan,
        ids,
        ActionPlan.objects.filter(created_at__lt=ends).filter(
            Q(closed_at__isnull=True) | Q(closed_at__gte=begins)
        ),
        "created_at",
    )
    # The plans' actions are read for every tagged plan (a plan closed before the period has none due or done
    # in it), then sorted under each priority its plan serves.
    plan_tags = ActionPlan.priorities.through.objects.filter(priority_id__in=ids)
    served = defaultdict(set)
    for plan_id, priority_id in plan_tags.values_list("actionplan_id", "priority_id"):
        served[plan_id].add(priority_id)
    tagged_plans = plan_tags.values("actionplan_id")
    done = Action.objects.filter(plan_id__in=tagged_plans, status__in=DONE).filter(
        Q(verified_at__gte=begins, verified_at__lt=ends)
        | Q(status=S.CLOSED, ended_at__gte=begins, ended_at__lt=ends)
    )
    overdue = Action.objects.filter(plan_id__in=tagged_plans, status__in=STILL_DUE, due_on__lt=at)
    actions_done, actions_overdue = defaultdict(list), defaultdict(list)
    for queryset, grouped in ((done, actions_done), (overdue, actions_overdue)):
        for action in queryset.select_related("plan", "owner_organisation").order_by(
            "due_on", "plan_id", "number"
        ):
            for priority_id in served[action.plan_id]:
                grouped[priority_id].append(action)

    review_dates = reduce(
        operator.or_,
        (
            Q(**{f"{name}__range": (start, end)})
            for name in ("became_aware_on", "notified_on", "rapid_review_on", "decided_on")
        ),
    )
    reviews = _tagged(Review, ids, Review.objects.filter(review_dates), "became_aware_on")
    briefings = _tagged(
        LearningBriefing,
        ids,
        LearningBriefing.objects.filter(
            status=LearningBriefing.Status.APPROVED, approved_at__gte=begins, approved_at__lt=ends
        ),
        "approved_at",
    )
    return [
        PriorityProgress(
            priority=priority,
            start=start,
            end=end,
            at=at,
            activities_held=held[priority.pk],
            plans=plans[priority.pk],
            actions_done=actions_done[priority.pk],
            actions_overdue=actions_overdue[priority.pk],
            reviews=reviews[priority.pk],
            briefings=briefings[priority.pk],
        )
        for priority in priorities
    ]


def priority_progress(
    *, partnership: Partnership, start: date, end: date, today: date | None = None
) -> list[PriorityProgress]:
    """Progress on each of the partnership's priorities in force at some time between `start` and `end` (both
    included), in title order. `today` (by default, today) bounds the day overdue actions are counted at."""
    priorities = list(
        priorities_in_force(partnership=partnership, start=start, end=end).order_by("title", "starts_on")
    )
    return _progress(priorities, start, end, today)


def priority_progress_of(
    *, priority: Priority, start: date, end: date, today: date | None = None
) -> PriorityProgress:
    """Progress on one priority over the period, counted as for every priority in `priority_progress`."""
    return _progress([priority], start, end, today)[0]


def priorities_with_little_or_no_progress(
    *, partnership: Partnership, start: date, end: date, today: date | None = None
) -> list[PriorityProgress]:
    """The priorities in force in the period on which there was little or no progress, by the rule above."""
    return [
        progress
        for progress in priority_progress(partnership=partnership, start=start, end=end, today=today)
        if progress.little_or_no_progress
    ]
