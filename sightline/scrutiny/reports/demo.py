"""Demo ISO reports for the demo partnership, made through the services so the trail, the action plan and the
notices are as real use would leave them. Every name and word is invented. Idempotent: a partnership that has
reports already is left alone.

- Issued, on the practice learning event the demo ISO led: the police partly accepted recommendation 1 with an
  action (waiting for the ISO's judgement); recommendation 2 waits for the ICB and the hospitals trust, due within
  the week; the council did not accept recommendation 3 and the ISO found that not sufficient, so it waits for a
  new response. It is on the agenda of the board's next meeting, with the ISO's days recorded.
- A draft on a theme, with one recommendation, for the ISO to finish and issue."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from sightline.assurance.models import Activity
from sightline.governance import iso_reports as agenda
from sightline.governance import meetings
from sightline.governance.models import Meeting
from sightline.partnerships.models import Group, Organisation, Partnership, Priority

from .. import ledger
from ..models import IsoReport, RecommendationResponse
from . import drafting, recommendations, responses

EMAIL_DOMAIN = "demo.sightline.test"
PRACTICE_EVENT = "Practice learning line-of-sight event: older children at risk of exploitation"
POLICE, ICB, COUNCIL = "Demoshire Police", "Demo and District Integrated Care Board", "Demo Borough Council"
HOSPITALS = "Demo Hospitals NHS Foundation Trust"


def _person(local: str):
    return get_user_model().objects.filter(email=f"{local}@{EMAIL_DOMAIN}").first()


def _organisations(partnership: Partnership) -> dict:
    return {
        org.name: org
        for org in Organisation.objects.filter(
            affiliations__partnership=partnership, name__in=[POLICE, ICB, COUNCIL, HOSPITALS]
        )
    }


def demo_iso_reports_load(partnership: Partnership) -> None:
    people = {local: _person(local) for local in ("iso", "business", "police.partner", "la.partner")}
    orgs = _organisations(partnership)
    if None in people.values() or len(orgs) < 4 or IsoReport.objects.filter(partnership=partnership).exists():
        return
    event = (
        Activity.objects.filter(partnership=partnership, iso=people["iso"], title=PRACTICE_EVENT).first()
        or Activity.objects.filter(partnership=partnership, iso=people["iso"]).order_by("created_at").first()
    )
    _issued_report(partnership, people, orgs, event)
    _draft_report(partnership, people, orgs)


def _priorities(partnership: Partnership) -> list:
    return list(Priority.objects.filter(partnership=partnership).order_by("-starts_on", "title")[:2])


def _issued_report(partnership, people, orgs, event) -> None:
    iso, business = people["iso"], people["business"]
    today = timezone.localdate()
    report = drafting.report_create(
        by=iso,
        partnership=partnership,
        kind=IsoReport.Kind.ACTIVITY if event else IsoReport.Kind.THEME,
        activity=event,
        title="Older children at risk of exploitation: what the line-of-sight event showed",
        summary=(
            "Practitioners knew the young people well and worked hard to keep them safe, but the young people's own "
            "view of the risk they faced was rarely written down, and the route from hospital to the exploitation "
            "hub depended on who was on shift."
        ),
        body=(
            "Twelve practitioners from five agencies took part. In each of the three cases the risk outside the "
            "home was recognised early, and the multi-agency meetings were well attended.\n\n"
            "The young people's own accounts appear in the records only as quotations in referrals. Strategy "
            "discussions recorded what professionals thought of the risk, not what the young person said.\n\n"
            "Emergency department staff knew how to refer a child at risk of exploitation, but three different "
            "routes were used, and one referral waited four days to reach the hub.\n\n"
            "Planning for a young person's eighteenth birthday began late in two of the three cases."
        ),
        priorities=_priorities(partnership),
    )

    def recommend(text: str, days: int, *to: str):
        report.refresh_from_db()
        return recommendations.recommendation_add(
            by=iso,
            report=report,
            version=report.version,
            text=text,
            respond_by=today + timedelta(days=days),
            addressees=[orgs[name] for name in to],
        )

    recommend(
        "Record the young person's own account of the risk they face in every strategy discussion about "
        "exploitation outside the home, in their words.",
        21,
        POLICE,
    )
    recommend(
        "Agree one route from the emergency departments to the exploitation hub, and tell every shift.",
        5,
        ICB,
        HOSPITALS,
    )
    recommend(
        "Begin planning for the move to adult services when a young person at risk of exploitation turns 17.",
        10,
        COUNCIL,
    )
    report.refresh_from_db()
    report = drafting.report_issue(by=iso, report=report, version=report.version)

    def response(number: int, name: str) -> RecommendationResponse:
        return RecommendationResponse.objects.select_related("recommendation", "organisation").get(
            recommendation__report=report, recommendation__number=number, organisation=orgs[name]
        )

    responses.response_answer(
        by=people["police.partner"],
        response=response(1, POLICE),
        version=None,
        answer=RecommendationResponse.Answer.PARTLY,
        reasons=(
            "The force will record the young person's account in strategy discussions it leads. Discussions led "
            "by the council are for the council to answer."
        ),
        actions=[
            responses.NewAction(
                what="Add the young person's own account as a required field of the police strategy discussion "
                "record, and brief every public protection officer on it.",
                due_on=today + timedelta(days=90),
                intended_impact="Decisions about a young person's safety are made knowing what they said about it.",
            )
        ],
    )
    council = responses.response_answer(
        by=people["la.partner"],
        response=response(3, COUNCIL),
        version=None,
        answer=RecommendationResponse.Answer.NOT_ACCEPTED,
        reasons="Transition planning already begins at 17 and a half under the council's procedure.",
    )
    responses.response_judge(
        by=iso,
        response=council,
        version=None,
        judgement=RecommendationResponse.Judgement.INSUFFICIENT,
        note=(
            "Two of the three young people's plans began after their eighteenth birthday: say how the procedure "
            "will be made to work, or how it will change."
        ),
    )
    ledger.report_days_record(
        by=iso,
        report=report,
        work_date=today,
        spent_half_days=4,
        confirm_over_budget=True,
    )
    board = Group.objects.filter(partnership=partnership, kind=Group.Kind.BOARD).order_by("name").first()
    if board is None:
        return
    meeting = Meeting.objects.filter(
        partnership=partnership, group=board, status=Meeting.Status.SCHEDULED, held_on__gte=today
    ).first() or meetings.meeting_schedule(
        by=business, partnership=partnership, group=board, held_on=today + timedelta(days=21)
    )
    agenda.iso_report_place_on_agenda(by=business, report=report, meeting=meeting)


def _draft_report(partnership, people, orgs) -> None:
    iso = people["iso"]
    report = drafting.report_create(
        by=iso,
        partnership=partnership,
        kind=IsoReport.Kind.THEME,
        title="Early help for neglect: how partners hear families",
        summary="A draft: the findings of conversations with eight families and their practitioners.",
        body="Families said they were asked the same questions by each agency. Notes still to write up.",
        priorities=_priorities(partnership)[:1],
    )
    recommendations.recommendation_add(
        by=iso,
        report=report,
        version=report.version,
        text="Share one early help assessment between agencies, so a family tells its story once.",
        respond_by=timezone.localdate() + timedelta(days=45),
        addressees=[orgs[COUNCIL], orgs[ICB]],
    )
