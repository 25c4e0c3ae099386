"""Builders for the register of presentations: bodies, presentations in each state and questions, made through
the services, and the URL arguments the access matrix needs. Synthetic names only."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from sightline.governance.models import Presentation, ReportingBody
from sightline.governance.presentations import questions, services

from ..improvement.briefing_builders import approved_briefing


def today() -> date:
    return timezone.localdate()


def body(world, name="Council Cabinet", kind=ReportingBody.Kind.COUNCIL) -> ReportingBody:
    found = ReportingBody.objects.filter(partnership=world.partnership, name=name).first()
    return found or services.body_add(
        by=world.users["business_team"], partnership=world.partnership, name=name, kind=kind
    )


def planned(world, **overrides) -> Presentation:
    """A presentation of an approved briefing to the council's cabinet, planned a fortnight ahead. An override
    given as None is passed on as None."""
    values = {
        "on": today() + timedelta(days=14),
        "report_kind": "briefing",
        "presenter": world.users["business_team"],
        **overrides,
    }
    if "body" not in values:
        values["body"] = body(world)
    if "report" not in values:
        values["report"] = approved_briefing(world)
    return services.presentation_plan(
        by=world.users["business_team"], partnership=world.partnership, **values
    )


def presented(world, **overrides) -> Presentation:
    presentation = planned(world, **{"on": today() - timedelta(days=3), **overrides})
    return services.presentation_record(
        by=world.users["business_team"],
        presentation=presentation,
        on=presentation.on,
        outcome="The cabinet noted the briefing and asked for a report on training take-up.",
        minute_reference="Minute 14/26",
    )


def question(world, presentation, text="How many schools have taken up the training?"):
    return questions.question_add(by=world.users["business_team"], presentation=presentation, text=text)


def matrix_kwargs(world, part: str) -> dict:
    """A presentation recorded as presented with a question raised, one still planned, and a body."""
    if part == "presentation":
        return {"presentation_id": presented(world).pk}
    if part == "planned_presentation":
        return {"presentation_id": planned(world).pk}
    if part == "presentation_question":
        held = presented(world)
        return {"presentation_id": held.pk, "question_id": question(world, held).pk}
    if part == "reporting_body":
        return {"body_id": body(world).pk}
    raise ValueError(part)


MATRIX_PARTS = {"presentation", "planned_presentation", "presentation_question", "reporting_body"}
