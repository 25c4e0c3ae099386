"""The ISOs' reports, made through the scrutiny services (which check every rule, write the trail and put accepted
actions in each report's plan): in each partnership, a report on an activity its first ISO led, issued, with
recommendations to the three statutory partners and an agency, answered in every way (partly accepted with an
action, awaited, not accepted and found not sufficient); a report on a theme issued months ago, accepted and found
sufficient; and a draft. The delegated partners answer for the statutory partners, the agency's lead for it."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from sightline.assurance.models import Activity
from sightline.scrutiny import ledger
from sightline.scrutiny.models import IsoRecommendation, IsoReport, RecommendationResponse
from sightline.scrutiny.reports import drafting, recommendations, responses

from .register import Register

Answer = RecommendationResponse.Answer
TITLES = [
    "Neglect of younger children: what the line-of-sight event showed",
    "Exploitation outside the home: how partners heard young people",
    "Strategy discussions in the first day: a scrutiny of practice",
]
THEMES = [
    "Supervision of front-line practitioners across the partnership",
    "Children missing from education and the route to early help",
    "How the partnership learns from rapid reviews",
]


def _action(rng: random.Random, today: date, what: str) -> responses.NewAction:
    return responses.NewAction(
        what=what,
        due_on=today + timedelta(days=rng.choice((60, 90, 120))),
        intended_impact="Children and families see the difference in how practitioners work with them",
    )


def _recommend(report: IsoReport, text: str, respond_by: date, organisations: list) -> IsoRecommendation:
    report.refresh_from_db()
    return recommendations.recommendation_add(
        by=report.author,
        report=report,
        version=None,
        text=text,
        respond_by=respond_by,
        addressees=organisations,
    )


def _response(report: IsoReport, organisation, number: int) -> RecommendationResponse:
    return RecommendationResponse.objects.select_related("recommendation", "organisation").get(
        recommendation__report=report, recommendation__number=number, organisation=organisation
    )


def iso_reports_make(register: Register, activities: list[Activity], rng: random.Random, today: date) -> int:
    partnership, isos = register.partnership, register.staff.get("iso", [])
    if not isos or len(register.statutory) < 3:
        return 0
    la, icb, police = (register.statutory[kind] for kind in ("la", "icb", "police"))
    partner = {kind: register.first(f"partner_{kind}") for kind in ("la", "icb", "police")}
    agencies = [
        org for org in register.organisations if org.pk in register.leads and not org.statutory_partner
    ]
    agency = rng.choice(agencies) if agencies else None
    iso = isos[0]
    led = [activity for activity in activities if activity.iso_id == iso.pk]
    made = 0

    on = rng.choice(led) if led else None
    first = drafting.report_create(
        by=iso,
        partnership=partnership,
        kind=IsoReport.Kind.ACTIVITY if on else IsoReport.Kind.THEME,
        activity=on,
        title=rng.choice(TITLES),
        summary="Practitioners knew the children well; the children's own views were rarely recorded.",
        body="What the officer found at the event, case by case, and the evidence for it.",
    )
    _recommend(
        first,
        "Record the child's own view in every strategy discussion.",
        today + timedelta(days=28),
        [police],
    )
    _recommend(
        first, "Agree one route from health settings to the front door.", today + timedelta(days=5), [icb]
    )
    _recommend(
        first,
        "Begin transition planning at seventeen.",
        today + timedelta(days=14),
        [la, *([agency] if agency else [])],
    )
    drafting.report_issue(by=iso, report=first, version=None)
    responses.response_answer(
        by=partner["police"],
        response=_response(first, police, 1),
        version=None,
        answer=Answer.PARTLY,
        reasons="The force records the child's view in the discussions it leads.",
        actions=[_action(rng, today, "Make the child's own view a required field of the record")],
    )
    refused = responses.response_answer(
        by=partner["la"],
        response=_response(first, la, 3),
        version=None,
        answer=Answer.NOT_ACCEPTED,
        reasons="The procedure already says eighteen.",
    )
    responses.response_judge(
        by=iso,
        response=refused,
        version=None,
        judgement=RecommendationResponse.Judgement.INSUFFICIENT,
        note="Say how planning will begin in time.",
    )
    ledger.report_days_record(
        by=iso, report=first, work_date=today, spent_half_days=rng.choice((2, 3, 4)), confirm_over_budget=True
    )
    made += 1

    author = isos[-1]
    second = drafting.report_create(
        by=author, partnership=partnership, kind=IsoReport.Kind.THEME, title=rng.choice(THEMES)
    )
    _recommend(second, "Give every practitioner monthly supervision.", today + timedelta(days=30), [la])
    drafting.report_issue(by=author, report=second, version=None)
    accepted = responses.response_answer(
        by=partner["la"],
        response=_response(second, la, 1),
        version=None,
        answer=Answer.ACCEPTED,
        actions=[_action(rng, today, "Audit supervision records each quarter")],
    )
    responses.response_judge(by=author, response=accepted, version=None, judgement="sufficient")
    # Issued months ago, so the yearly report's period holds reports of more than one date.
    IsoReport.objects.filter(pk=second.pk).update(
        issued_at=timezone.now() - timedelta(days=rng.randint(90, 240))
    )
    made += 1

    third = drafting.report_create(
        by=iso,
        partnership=partnership,
        kind=IsoReport.Kind.LEADERSHIP,
        title="Leadership of the arrangements",
    )
    _recommend(third, "Meet as three partners each quarter.", today + timedelta(days=60), [la, icb, police])
    return made + 1
