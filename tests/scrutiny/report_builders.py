"""Builders for ISO reports: drafted by the world's ISO on an activity they are assigned to, given recommendations,
issued and answered through the services. Synthetic names only."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from sightline.partnerships.models import Organisation
from sightline.scrutiny.models import IsoReport, RecommendationResponse
from sightline.scrutiny.reports import drafting, recommendations, responses
from sightline.scrutiny.reports.responses import NewAction

from .. import factories
from ..assurance.builders import make_activity

Kind = IsoReport.Kind
STATUTORY = {
    "la": ("Test Borough Council", Organisation.Type.LOCAL_AUTHORITY),
    "icb": ("Test Integrated Care Board", Organisation.Type.ICB),
    "police": ("Test Constabulary", Organisation.Type.POLICE),
}


def statutory(world, kind: str) -> Organisation:
    """The world's statutory partner organisation of that kind, made the first time it is asked for."""
    name, type_ = STATUTORY[kind]
    found = Organisation.objects.filter(name=name, affiliations__partnership=world.partnership).first()
    return found or factories.organisation(world.partnership, name, type=type_, statutory_partner=kind)


def draft(
    world, *, title: str = "Neglect in the early years", on_activity: bool = True, by=None
) -> IsoReport:
    iso = by or world.users["iso"]
    activity = make_activity(world, iso=iso) if on_activity else None
    return drafting.report_create(
        by=iso,
        partnership=world.partnership,
        kind=Kind.ACTIVITY if activity else Kind.THEME,
        activity=activity,
        title=title,
        summary="What the partners most need to know.",
        body="What the officer found, and the evidence for it.",
    )


def recommend(report: IsoReport, *to: Organisation, days: int = 30, text: str = "Review the neglect pathway"):
    report.refresh_from_db()
    return recommendations.recommendation_add(
        by=report.author,
        report=report,
        version=None,
        text=text,
        respond_by=timezone.localdate() + timedelta(days=days),
        addressees=list(to),
    )


def issued(world, *to: Organisation, **kwargs) -> IsoReport:
    report = draft(world, **kwargs)
    recommend(report, *(to or (world.agency_a,)))
    return drafting.report_issue(by=report.author, report=report, version=None)


def response_for(report: IsoReport, organisation: Organisation, number: int = 1) -> RecommendationResponse:
    return RecommendationResponse.objects.select_related("recommendation__report", "organisation").get(
        recommendation__report=report, recommendation__number=number, organisation=organisation
    )


def action(what: str = "Train every health visitor on the neglect toolkit", days: int = 90) -> NewAction:
    return NewAction(
        what=what,
        due_on=timezone.localdate() + timedelta(days=days),
        intended_impact="Neglect is recognised sooner",
    )


def answer(response: RecommendationResponse, by, answer: str = "partly", actions=None, reasons="Budget"):
    return responses.response_answer(
        by=by,
        response=response,
        version=None,
        answer=answer,
        reasons=reasons,
        actions=[action()] if actions is None else actions,
    )


def matrix_kwargs(world, part: str) -> dict:
    if part == "iso_report":
        report = issued(world, world.agency_a)
        return {"report_id": report.pk}
    if part == "draft_iso_report":
        return {"report_id": draft(world).pk}
    if part == "iso_recommendation":
        report = draft(world)
        return {"report_id": report.pk, "recommendation_id": recommend(report, world.agency_a).pk}
    if part == "iso_response":
        report = issued(world, world.agency_a)
        return {"report_id": report.pk, "response_id": response_for(report, world.agency_a).pk}
    if part == "answered_response":
        report = issued(world, world.agency_a)
        response = answer(response_for(report, world.agency_a), world.users["agency_a_lead"])
        return {"report_id": report.pk, "response_id": response.pk}
    raise ValueError(part)


MATRIX_PARTS = {"iso_report", "draft_iso_report", "iso_recommendation", "iso_response", "answered_response"}
