"""Demo presentations: the usual bodies and one of the partnership's own, last year's self-assessment composite
presented to the scrutiny panel with a question raised and made an action, and the approved learning briefing
planned for the adults board next week. Synthetic only; a second run adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from sightline.improvement.models import ActionPlan
from sightline.partnerships.models import Organisation, Partnership, PartnershipMembership

from ..models import Presentation, ReportingBody
from . import questions, services
from .selectors import BRIEFING, CYCLE, reports_offered

DEMO_MINUTE = "CYPSP/2026/07"
OWN_BODY = ("Health and wellbeing board", ReportingBody.Kind.OTHER)


def _body(partnership, name: str) -> ReportingBody | None:
    return ReportingBody.objects.filter(partnership=partnership, name=name, active=True).first()


def demo_presentations_load(partnership: Partnership) -> None:
    membership = (
        PartnershipMembership.objects.filter(
            partnership=partnership, role=PartnershipMembership.Role.BUSINESS_TEAM
        )
        .select_related("user")
        .first()
    )
    if (
        membership is None
        or Presentation.objects.filter(partnership=partnership, minute_reference=DEMO_MINUTE).exists()
    ):
        return
    team, today = membership.user, timezone.localdate()
    services.bodies_ensure(partnership=partnership)
    if not ReportingBody.objects.filter(partnership=partnership, name=OWN_BODY[0]).exists():
        services.body_add(by=team, partnership=partnership, name=OWN_BODY[0], kind=OWN_BODY[1])

    cycle = reports_offered(partnership=partnership, kind=CYCLE).first()
    panel = _body(partnership, "Children and young people's scrutiny panel")
    if cycle is not None and panel is not None:
        held = services.presentation_plan(
            by=team,
            partnership=partnership,
            body=panel,
            on=today - timedelta(days=21),
            report_kind=CYCLE,
            report=cycle,
            presenter=team,
        )
        services.presentation_record(
            by=team,
            presentation=held,
            on=held.on,
            outcome="The panel noted the composite and asked to hear how schools' weakest standard improves.",
            minute_reference=DEMO_MINUTE,
        )
        asked = questions.question_add(
            by=team,
            presentation=held,
            text="How will the partnership know that schools' safer recruitment checks have improved?",
            answer="The business team will sample single central records next term.",
        )
        questions.question_add(
            by=team,
            presentation=held,
            text="Which early years settings did not return their self-assessment?",
        )
        plan = ActionPlan.objects.filter(
            partnership=partnership, status=ActionPlan.Status.OPEN, owner_organisation__isnull=True
        ).first()
        owner = Organisation.objects.filter(
            affiliations__partnership=partnership, statutory_partner="la"
        ).first()
        if plan is not None and owner is not None:
            questions.question_to_action(
                by=team,
                question=asked,
                plan=plan,
                owner_organisation=owner,
                due_on=today + timedelta(days=90),
                what="Sample schools' single central records and report the result to the scrutiny panel",
            )

    briefing = reports_offered(partnership=partnership, kind=BRIEFING).first()
    adults = _body(partnership, "Safeguarding adults board")
    if briefing is not None and adults is not None:
        services.presentation_plan(
            by=team,
            partnership=partnership,
            body=adults,
            on=today + timedelta(days=5),
            report_kind=BRIEFING,
            report=briefing,
            presenter_name="Chair of the learning group",
        )
