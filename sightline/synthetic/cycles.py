"""Self-assessment cycles: a yearly cycle of each template in `library/`, made and opened by the cycle services
(so each organisation in the audience gets its return, and returns shared with a neighbouring partnership are
counted once), filled in with bulk inserts, then moved on by the services as far as its age takes it: this year's
still open, last year's in its six-month progress round, older ones archived.

Every cycle of a partnership is opened before any is filled, so nothing is carried forward from one year's answers
to the next (each year's answers are drawn afresh), and before the organisations' people exist, so opening sends
no emails; the notices opening would have sent are added in `history`."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sightline.assessments import cycles as cycle_services
from sightline.assessments import progress
from sightline.assessments.models import Challenge, Cycle, Submission, Template

from . import returns
from .register import Register
from .scales import Scale
from .text import sentence

# The three yearly self-assessments, each with a short title and the days from its year's reference date to its
# closing date: this year one closed a week ago and is still open (so some returns are late), one closes in a
# fortnight and one in four weeks.
TEMPLATES = {
    "section11-joint": ("Section 11 self-assessment", 14),
    "schools-kcsie": ("Schools and colleges safeguarding audit", -7),
    "early-years-eyfs": ("Early years safeguarding audit", 28),
}
OPEN_FOR_DAYS = 75
# Ratings by years ago: each year a little better than the one before.
RATINGS = {0: (45, 35, 15, 5), 1: (40, 37, 18, 5), 2: (35, 38, 21, 6)}
# This year's returns while the window is open, and once its deadline has passed.
OPEN_MIX = [
    ("not_started", 18),
    ("in_progress", 30),
    ("awaiting_sign_off", 6),
    ("submitted", 24),
    ("accepted", 16),
    ("returned", 6),
]
PAST_DEADLINE_MIX = [
    ("not_started", 7),
    ("in_progress", 12),
    ("awaiting_sign_off", 3),
    ("submitted", 38),
    ("accepted", 34),
    ("returned", 6),
]
# A return commits to 0–8 actions (3.8 on average): a county's two finished years bring about 9,700 into plans.
ARISING = (0, 1, 2, 3, 4, 4, 5, 5, 6, 8)
EXTENDED_SHARE = 0.03  # of this year's unfinished returns given a later deadline


def templates() -> dict:
    found = {}
    for key in TEMPLATES:
        template = Template.objects.filter(key=key).order_by("-version").first()
        if template is not None:
            found[key] = template
    return found


def cycles_make(register: Register, scale: Scale, today: date) -> list[tuple[int, Cycle]]:
    """Every cycle of this partnership, oldest first, created and opened: [(years ago, cycle)]."""
    made = []
    present = {org.type for org in register.organisations}
    for years_ago in reversed(range(scale.years)):
        base = today - timedelta(days=365 * years_ago)
        for key, template in templates().items():
            short, closes_in = TEMPLATES[key]
            types = [kind for kind in template.audience if kind in present]
            if not types:
                continue
            closes_on = base + timedelta(days=closes_in)
            cycle = cycle_services.cycle_create(
                by=register.business,
                partnership=register.partnership,
                template=template,
                title=f"{short} {today.year - years_ago}",
                opens_on=closes_on - timedelta(days=OPEN_FOR_DAYS),
                closes_on=closes_on,
                audience_types=types,
                reports_to_sab=key == "section11-joint",
            )
            cycle_services.cycle_open(by=register.business, cycle=cycle)
            made.append((years_ago, Cycle.objects.select_related("template", "partnership").get(pk=cycle.pk)))
    return made


def _on(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def cycle_fill(cycle: Cycle, years_ago: int, rng: random.Random, today: date) -> dict:
    """Answer the cycle's returns: this year's mid-window (or just past its deadline), older ones complete."""
    if years_ago:
        mix, last_day = returns.STATUS_MIX, cycle.closes_on + timedelta(days=21)
    else:
        mix = PAST_DEADLINE_MIX if cycle.closes_on < today else OPEN_MIX
        last_day = min(today, cycle.closes_on + timedelta(days=14))
    first_day = cycle.opens_on + timedelta(days=10)

    def submitted_at(rng: random.Random, submission: Submission, status: str) -> datetime:
        # Most come in during the last weeks; some after the deadline (late).
        span = max(1, (last_day - first_day).days)
        return _on(first_day + timedelta(days=int(span * rng.betavariate(4, 1.6))))

    return returns.fill(
        cycle,
        rng=rng,
        ratings=RATINGS.get(years_ago, RATINGS[2]),
        finished_actions=years_ago > 0,
        mix=mix,
        arising=ARISING,
        submitted_at=submitted_at,
    )


def cycle_move_on(register: Register, cycle: Cycle, years_ago: int, rng: random.Random) -> None:
    """Take a past cycle through its lifecycle by the services; give this year's a few extensions and the
    returned ones the business team's challenge."""
    by = register.business
    if years_ago:
        cycle_services.cycle_close(by=by, cycle=cycle)
        progress.cycle_issue_composite(by=by, cycle=cycle)
        progress.cycle_open_progress_round(by=by, cycle=cycle)
        if years_ago > 1:
            progress.cycle_archive(by=by, cycle=cycle)
        Cycle.objects.filter(pk=cycle.pk).update(
            opened_at=_on(cycle.opens_on), closed_at=_on(cycle.closes_on + timedelta(days=1))
        )
    else:
        Cycle.objects.filter(pk=cycle.pk).update(opened_at=_on(cycle.opens_on))
        unfinished = list(cycle.submissions.exclude(status__in=returns.DONE).order_by("organisation__name"))
        extended = [s for s in unfinished if rng.random() < EXTENDED_SHARE]
        for submission in extended:
            submission.due_on = cycle.closes_on + timedelta(days=rng.choice((7, 14, 21)))
            submission.extension_reason = "Staff absence over the deadline; agreed by the business team."
        Submission.objects.bulk_update(extended, ["due_on", "extension_reason"])
    standards = list(cycle.template.standards.values_list("pk", flat=True))
    Challenge.objects.bulk_create(
        [
            Challenge(
                submission=submission,
                standard_id=rng.choice(standards),
                comment="Please add evidence of impact: " + sentence(rng),
                raised_by=by,
                raised_at=_on(cycle.closes_on - timedelta(days=rng.randint(1, 20))),
            )
            for submission in cycle.submissions.filter(status="returned").order_by("organisation__name")
        ]
    )
