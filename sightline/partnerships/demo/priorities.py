"""The demo partnership's priorities, and the demo records tagged with the priorities they serve.

Three priorities agreed for two reporting years, last year and this: neglect, led by the council; child
exploitation, led by the police; the voice of the child, led by the ICB. `demo_priorities_load` runs before the
other apps' demos, so the records they make can be tagged as they are made; `demo_priority_tags_load` runs after
them and tags the records that serve each priority, through each app's own services. Neglect and child
exploitation show evidence of progress this year (an action verified, events held); the voice of the child, served
so far only by an event not yet held and a draft briefing, shows little or no progress. Every name is invented.
Idempotent: a priority that is already there is left alone, and a record keeps the tags it has."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from sightline.core.errors import TransitionError

from ..models import Partnership
from ..models_priorities import Priority
from ..priorities.services import priorities_checked, priority_create
from .data import EMAIL_DOMAIN

NEGLECT = "Neglect"
EXPLOITATION = "Child exploitation"
VOICE = "The voice of the child"

PRIORITIES = [
    (
        NEGLECT,
        "la",
        "Children living with neglect are recognised sooner, by every agency, and the help they get changes their "
        "daily lives.",
        "Referrals that name neglect and use the graded care profile\n"
        "Children on a plan for neglect for a second time\n"
        "Missed health appointments followed up",
    ),
    (
        EXPLOITATION,
        "police",
        "Young people at risk of criminal and sexual exploitation outside the home are kept safe by agencies "
        "working as one.",
        "Return interviews held after a young person goes missing\n"
        "Strategy discussions held within a day of a risk being known",
    ),
    (
        VOICE,
        "icb",
        "What children say about their lives shapes the plans made for them and the partnership's own work.",
        "Assessments that record the child's own words\n"
        "Children and young people who helped design a service\n"
        "Feedback from children after a plan ends",
    ),
]


def _years(today: date) -> tuple[date, date]:
    """From the start of last reporting year to the end of this one (1 April to 31 March)."""
    first = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    return first.replace(year=first.year - 1), date(first.year + 1, 4, 1) - timedelta(days=1)


def demo_priorities_load(partnership: Partnership) -> None:
    starts_on, ends_on = _years(timezone.localdate())
    for title, lead, description, measures in PRIORITIES:
        if Priority.objects.filter(partnership=partnership, title=title).exists():
            continue
        priority_create(
            by=None,
            partnership=partnership,
            title=title,
            lead_partner=lead,
            description=description,
            measures=measures,
            starts_on=starts_on,
            ends_on=ends_on,
        )


def demo_priority(partnership: Partnership, title: str) -> list[Priority]:
    """The demo priority called `title`, as a list to tag a record with: empty when it is not there or not in force
    today (a demo loaded again in a later year keeps its old priorities, which can no longer be chosen)."""
    found = list(Priority.objects.filter(partnership=partnership, title=title))
    try:
        return priorities_checked(partnership=partnership, priorities=found)
    except TransitionError:
        return []


def demo_priority_tags_load(partnership: Partnership) -> None:
    """Tag the other apps' demo records with the priorities they serve, each through its own app's service, only
    where a record does not have the tag yet."""
    from sightline.assurance import activities
    from sightline.assurance import demo as assurance_demo
    from sightline.assurance.models import Activity
    from sightline.improvement import briefings, plans, reviews
    from sightline.improvement import demo as improvement_demo
    from sightline.improvement.models import ActionPlan, LearningBriefing, Review

    business = get_user_model().objects.filter(email=f"business@{EMAIL_DOMAIN}").first()
    neglect, exploitation, voice = (
        demo_priority(partnership, title) for title in (NEGLECT, EXPLOITATION, VOICE)
    )

    def wanted(record, chosen) -> list[Priority] | None:
        """The record's tags with `chosen` added, or None when it already has them all."""
        current = list(record.priorities.all())
        missing = [p for p in chosen if p not in current]
        return [*current, *missing] if missing else None

    for title, chosen in ((improvement_demo.MULTI_AGENCY, neglect),):
        plan = ActionPlan.objects.filter(partnership=partnership, title=title).first()
        if plan is not None and (tags := wanted(plan, chosen)) is not None:
            plans.plan_priorities_set(by=business, plan=plan, priorities=tags)

    for title, chosen in (
        (assurance_demo.THEMATIC, neglect + voice),
        (assurance_demo.PRACTICE, exploitation),
        (assurance_demo.PARTNERSHIP_AUDIT, exploitation),
    ):
        activity = Activity.objects.filter(partnership=partnership, title=title).first()
        if activity is None or (tags := wanted(activity, chosen)) is None:
            continue
        activities.activity_update(
            by=business,
            activity=activity,
            title=activity.title,
            description=activity.description,
            iso=activity.iso,
            location=activity.location,
            involved_agencies=list(activity.involved_agencies.all()),
            priorities=tags,
        )

    for reference, chosen in (("RR-DEMO-01", neglect), ("RR-DEMO-02", exploitation)):
        review = Review.objects.filter(partnership=partnership, reference=reference).first()
        if review is not None and (tags := wanted(review, chosen)) is not None:
            reviews.review_update(by=business, review=review, priorities=tags)

    # The approved briefing is tagged when the improvement demo makes it (an approved briefing is not edited).
    draft = LearningBriefing.objects.filter(
        partnership=partnership, title=improvement_demo.DRAFT_BRIEFING, status=LearningBriefing.Status.DRAFT
    ).first()
    if draft is not None and (tags := wanted(draft, voice)) is not None:
        briefings.briefing_update(by=business, briefing=draft, priorities=tags)
