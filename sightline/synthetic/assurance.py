"""Assurance activities of every type, each at a step of its own lifecycle (read from
`sightline.assurance.lifecycle`, so a new step joins without a change here), with what that step implies already
recorded: the sign-offs asked for and given, dates, the programme and who took part, lines of questioning,
findings, the overview and its recommendations, an action plan for the activities that handed one over, and the
history of every step. Older activities are closed (or withdrawn), this year's are under way.

Bulk-inserted: the lifecycle's services check guards against the clock (an event is marked held only on the day),
which a history months long cannot pass in one sitting. The cases and case audits of the activities that have
them are made by `casework`."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sightline.assurance.lifecycle import LIFECYCLES, WITHDRAWN
from sightline.assurance.models import (
    Activity,
    ActivityTransition,
    CallIn,
    EndorsementParty,
    EndorsementRequest,
    Participant,
    PeerReview,
    ProgrammeItem,
    Recommendation,
)
from sightline.improvement.models import ActionPlan

from . import casework
from .improvement import plan_with_actions
from .register import Register
from .scales import ACTIVITY_MIX, Scale, split
from .text import PLACES, THEMES, paragraph, person_name, sentence, uid

Subject = EndorsementRequest.Subject
PARTIES = (("partner_la", "partner_la"), ("partner_icb", "partner_icb"), ("partner_police", "partner_police"))
TITLES = {
    "thematic": "Thematic assurance event: {theme}",
    "practice_learning": "Practice learning line of sight: {theme}",
    "case_specific": "Case-specific line of sight: {theme}",
    "partnership_audit": "Multi-agency audit: {theme}",
    "agency": "Agency assurance event: {organisation}",
    "call_in": "Call-in: {organisation}",
    "peer_review": "Peer review with {place} partnership",
}
# A finished activity is closed, or now and then withdrawn.
WITHDRAWN_SHARE = 0.1


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def activities_make(register: Register, scale: Scale, rng: random.Random, today: date) -> list[Activity]:
    count = scale.per_partnership(scale.activities, register.plan, least=len(ACTIVITY_MIX) // 2)
    kinds = [kind for kind, n in split(count, ACTIVITY_MIX).items() for _ in range(n)]
    rng.shuffle(kinds)
    made = []
    for index, kind in enumerate(kinds):
        years_ago = index % scale.years
        made.append(_activity(register, kind, years_ago, rng, today))
    return made


def _reached(kind: str, years_ago: int, rng: random.Random) -> int:
    """How many steps of its lifecycle the activity has completed (an index into its states), or -1 if it
    was withdrawn."""
    states = LIFECYCLES[kind].states
    if years_ago and rng.random() < WITHDRAWN_SHARE:
        return -1
    if years_ago:
        return len(states) - 1 if rng.random() < 0.85 else len(states) - 2
    return rng.randrange(len(states) - 1)


def _activity(register: Register, kind: str, years_ago: int, rng: random.Random, today: date) -> Activity:
    lifecycle = LIFECYCLES[kind]
    states = lifecycle.states
    reached = _reached(kind, years_ago, rng)
    withdrawn = reached < 0
    if withdrawn:
        reached = rng.randrange(1, len(states) - 1)
    done = set(states[: reached + 1])
    started = today - timedelta(days=365 * years_ago + rng.randint(40, 300))
    theme = rng.choice(THEMES)
    agencies = [org for org in register.organisations if org.sector not in ("Education", "Early years")]
    organisation = rng.choice(agencies) if kind in ("agency", "call_in") else None
    activity = Activity(
        id=uid(rng),
        partnership=register.partnership,
        kind=kind,
        title=TITLES[kind].format(
            theme=theme.lower(),
            organisation=organisation.name if organisation else "",
            place=rng.choice(PLACES),
        ),
        status=WITHDRAWN if withdrawn else states[reached],
        created_by=register.business,
        created_at=_at(started),
        theme=f"{theme}: how well agencies work together, and what children and families tell us.",
        description=sentence(rng),
        organisation=organisation,
        iso=rng.choice(register.staff["iso"]) if kind != "call_in" else None,
    )
    event_day = _event_day(lifecycle, done, started, today, rng)
    if event_day:
        activity.starts_at, activity.ends_at = _at(event_day, 9), _at(event_day, 13)
        activity.location = rng.choice(("Council offices", "Town hall", "Online", "Police headquarters"))
    if "format_proposed" in done:
        activity.format = "A half-day event: case presentations, then discussion in mixed-agency groups."
    if {"tor_proposed", "proposed"} & done and kind in ("partnership_audit", "peer_review"):
        activity.terms_of_reference = paragraph(rng, 2)
    if {"preparation", "panel_prepared"} & done:
        activity.lines_of_questioning = "\n".join(f"How does {sentence(rng).lower()}" for _ in range(3))
    if "feedback_given" in done or ("held" in done and kind in ("practice_learning", "case_specific")):
        activity.highlights, activity.findings = paragraph(rng, 2), paragraph(rng, 3)
        activity.immediate_actions = sentence(rng)
    if "overview_agreed" in done:
        activity.overview = paragraph(rng, 4)
    if "programme_sent" in done:
        activity.invitation_sequence = 1
    if "handed_over" in done:
        activity.action_plan = _plan(register, activity, rng, years_ago, today, finished="closed" in done)
    activity.updated_at = activity.created_at
    activity.save(force_insert=True)
    if kind in ("case_specific", "practice_learning", "partnership_audit"):
        activity.involved_agencies.set(rng.sample(agencies, k=min(len(agencies), rng.randint(2, 4))))
    _history(register, activity, states[: reached + 1], withdrawn, started, event_day, today, rng)
    _sign_offs(register, activity, lifecycle, done, started, rng)
    _particulars(register, activity, done, rng)
    if event_day and ("dates_fixed" in done or "held" in done or "programme_sent" in done):
        _people(register, activity, held="held" in done, rng=rng)
    casework.cases_make(register, activity, done, started, rng)
    return activity


def _event_day(lifecycle, done: set, started: date, today: date, rng: random.Random) -> date | None:
    """The day of the event: past once it is held, ahead once its dates are fixed, else not yet known."""
    if "held" in done:
        return min(today - timedelta(days=3), started + timedelta(days=rng.randint(40, 120)))
    states = lifecycle.states
    fixed = "dates_fixed" in done or (
        "held" in states and states.index("held") > 0 and states[states.index("held") - 1] in done
    )
    return today + timedelta(days=rng.randint(10, 60)) if fixed else None


def _plan(
    register: Register, activity: Activity, rng, years_ago: int, today: date, finished: bool
) -> ActionPlan:
    owners = [activity.organisation] if activity.organisation else list(register.statutory.values())
    raised_on = min(today - timedelta(days=5), activity.created_at.date() + timedelta(days=150))
    plan = plan_with_actions(
        register,
        rng,
        today=today,
        years_ago=years_ago,
        raised_on=raised_on,
        count=rng.randint(4, 10),
        owners=owners,
        mix=[("closed", 85), ("cancelled", 15)] if finished else None,
        title=f"Action plan: {activity.title}"[:200],
        source_kind=ActionPlan.SourceKind.OTHER,
        source_description=f"Outcomes of the assurance activity '{activity.title}'.",
    )
    if finished:
        ActionPlan.objects.filter(pk=plan.pk).update(
            status=ActionPlan.Status.CLOSED,
            closing_note="Every action is finished; the learning was shared in a briefing.",
            closed_by=register.first("learning_chair"),
            closed_at=_at(min(today, raised_on + timedelta(days=300))),
        )
    return plan


def _history(register, activity, states, withdrawn, started, event_day, today, rng) -> None:
    end = today if not withdrawn else min(today, started + timedelta(days=200))
    span = max(len(states), (end - started).days)
    days = sorted(rng.sample(range(span), k=len(states)))
    moves = list(zip(["", *states[:-1]], states, strict=True))
    if withdrawn:
        moves.append((states[-1], WITHDRAWN))
        days.append(span)
    rows = []
    for (before, after), offset in zip(moves, days, strict=True):
        day = started + timedelta(days=offset)
        if after == "held" and event_day:
            day = event_day
        rows.append(
            ActivityTransition(
                activity=activity,
                from_state=before,
                to_state=after,
                by=register.business,
                at=_at(day, 15),
                note="Withdrawn: the partners agreed the question is answered elsewhere."
                if after == WITHDRAWN
                else "",
            )
        )
    ActivityTransition.objects.bulk_create(rows)


def _sign_offs(register: Register, activity: Activity, lifecycle, done: set, started: date, rng) -> None:
    """A request for each sign-off the activity has asked for: agreed once its step is done, otherwise waiting
    for some of the three partners."""
    asked = [step.opens for step in lifecycle.steps if step.opens and step.state in done]
    if "overview_agreed" in done or ("held" in done and "overview_agreed" in lifecycle.states):
        asked.append(Subject.OVERVIEW)
    for subject in asked:
        step = lifecycle.step_agreed_by(subject)
        agreed = step is not None and step.state in done
        when = _at(started + timedelta(days=rng.randint(1, 30)))
        request = EndorsementRequest.objects.create(
            partnership=register.partnership,
            activity=activity,
            subject=subject,
            text=paragraph(rng, 2),
            outcome=EndorsementRequest.Outcome.AGREED if agreed else EndorsementRequest.Outcome.PENDING,
            requested_by=register.business,
            requested_at=when,
            decided_at=when + timedelta(days=7) if agreed else None,
        )
        parties = []
        for order, (role, signs_for) in enumerate(PARTIES):
            endorsed = agreed or rng.random() < 0.4  # while waiting, some have already answered
            parties.append(
                EndorsementParty(
                    request=request,
                    user=register.first(role),
                    signs_for=signs_for,
                    order=order,
                    decision="endorsed" if endorsed else "pending",
                    decided_at=when + timedelta(days=rng.randint(1, 7)) if endorsed else None,
                )
            )
        EndorsementParty.objects.bulk_create(parties)


def _particulars(register: Register, activity: Activity, done: set, rng) -> None:
    if activity.kind == "call_in":
        CallIn.objects.create(
            activity=activity,
            reason=rng.choice(list(CallIn.Reason)),
            reason_detail=sentence(rng),
            venue=rng.choice(list(CallIn.Venue)),
            questions=paragraph(rng, 2) if "questions_sent" in done else "",
            response=paragraph(rng, 3) if "response_received" in done else "",
            responded_by=register.leads.get(activity.organisation_id)
            if "response_received" in done
            else None,
            outcome=sentence(rng) if "outcome_recorded" in done else "",
            follow_up=sentence(rng) if "closed" in done else "",
        )
    if activity.kind == "peer_review":
        PeerReview.objects.create(
            activity=activity,
            direction=rng.choice(list(PeerReview.Direction)),
            other_partnership=f"{rng.choice(PLACES)} Safeguarding Children Partnership",
            team="Two partners and their independent scrutineer" if "team_named" in done else "",
        )
    if activity.overview:
        Recommendation.objects.bulk_create(
            [
                Recommendation(activity=activity, number=n, text=sentence(rng))
                for n in range(1, rng.randint(3, 5) + 1)
            ]
        )
    if activity.invitation_sequence:
        ProgrammeItem.objects.bulk_create(
            [
                ProgrammeItem(
                    activity=activity, starts=time(9 + n), ends=time(10 + n), title=title, who="Chair"
                )
                for n, title in enumerate(("Welcome", "Case presentations", "Group discussion", "Feedback"))
            ]
        )


def _people(register: Register, activity: Activity, *, held: bool, rng) -> None:
    """Who was invited, and for a held event whether they came."""
    people = [
        (register.business, Participant.Role.BUSINESS_TEAM),
        *[(register.first(role), Participant.Role.PARTNER) for role, _ in PARTIES],
    ]
    if activity.iso_id:
        people.append((activity.iso, Participant.Role.ISO))
    rows = [
        Participant(
            activity=activity,
            user=user,
            name=user.full_name,
            role=role,
            invited_at=activity.created_at,
            attended=(rng.random() < 0.9) if held else None,
        )
        for user, role in people
    ]
    rows += [
        Participant(
            activity=activity,
            name=person_name(rng),
            role=Participant.Role.PRACTITIONER,
            organisation=rng.choice(register.organisations),
            attended=True if held else None,
        )
        for _ in range(rng.randint(4, 12))
    ]
    Participant.objects.bulk_create(rows)
