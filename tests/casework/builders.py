"""Builders for casework tests: a practice learning event with a panel, cases, requested and submitted audits,
made through the services (so each carries its history), with synthetic names only. The library's real case-audit
template is loaded, so the tests read the same questions the agencies answer."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from sightline.assessments.models import Template
from sightline.assessments.services import template_load
from sightline.assurance.models import Activity
from sightline.casework import audits, cases, panel, requests
from sightline.casework.models import Case, CaseAudit, PanelMember

from .. import factories

TEMPLATE_FILE = Path(settings.BASE_DIR) / "library" / "case-audit-single-agency-v1.yaml"
TEXT = "The health visitor saw the child at home and shared the concern the same day."


def case_audit_template() -> Template:
    found = Template.objects.filter(key="case-audit-single-agency", version=1).first()
    if found is not None:
        return found
    return template_load(by=None, content=TEMPLATE_FILE.read_bytes(), filename=TEMPLATE_FILE.name).template


def make_activity(
    world, *, title="Neglect line of sight", kind="practice_learning", partnership=None, status=""
):
    return Activity.objects.create(
        partnership=partnership or world.partnership,
        kind=kind,
        title=title,
        status=status or "cases_identified",
    )


def make_case(world, activity, *agencies, age_band=Case.AgeBand.AGE_1_4) -> Case:
    return cases.case_create(
        by=world.users["business_team"],
        activity=activity,
        age_band=age_band,
        agencies=list(agencies) or [world.agency_a, world.agency_b],
    )


def seat(world, activity, role_name: str, role=PanelMember.Role.MEMBER) -> PanelMember:
    return panel.panel_member_add(
        by=world.users["business_team"], activity=activity, user=world.users[role_name], role=role
    )


def request_audits(world, activity, due_in=14) -> list[CaseAudit]:
    case_audit_template()
    return requests.case_audits_request(
        by=world.users["business_team"],
        activity=activity,
        due_on=timezone.localdate() + timedelta(days=due_in),
    )


def answer_value(question, text=TEXT):
    return {"rating": "good", "yes_no_partly": "yes"}.get(question.kind, text)


def answer_all(case_audit: CaseAudit, lead, text=TEXT) -> None:
    for standard in case_audit.template.standards.prefetch_related("questions").order_by("order"):
        values = {q.key: answer_value(q, text) for q in standard.questions.all()}
        audits.case_audit_save(
            by=lead,
            case_audit=case_audit,
            standard=standard,
            values=values,
            versions=dict.fromkeys(values, 0),
        )


def submitted(case_audit: CaseAudit, lead) -> CaseAudit:
    answer_all(case_audit, lead)
    return audits.case_audit_submit(by=lead, case_audit=case_audit)


def event_with_audits(world, *, panel_roles=("partner_la",)):
    """An event with one case audited by agencies A and B: A's audit submitted, B's requested. The panel holds
    `panel_roles` as members."""
    activity = make_activity(world)
    for name in panel_roles:
        seat(world, activity, name)
    case = make_case(world, activity)
    request_audits(world, activity)
    audit_a = case.audits.get(organisation=world.agency_a)
    audit_b = case.audits.get(organisation=world.agency_b)
    submitted(audit_a, world.users["agency_a_lead"])
    return activity, case, CaseAudit.objects.get(pk=audit_a.pk), audit_b


def another_lead(organisation):
    return factories.with_organisation_role(organisation)


def matrix_kwargs(world, part: str) -> dict:
    """URL arguments for the access matrix. The event's panel is the LA partner alone (as a member); the world's
    ISO is not on it; agency A has submitted its audit of the one case, agency B has not."""
    activity, case, audit_a, audit_b = event_with_audits(world)
    if part == "cw_event":
        return {}
    if part == "cw_activity":
        return {"activity_id": activity.pk}
    if part == "cw_case":
        return {"activity_id": activity.pk, "case_id": case.pk}
    if part == "cw_audit":
        return {"audit_id": audit_a.pk}
    if part == "cw_draft_audit":
        return {"audit_id": audit_b.pk}
    if part == "cw_draft_standard":
        return {
            "audit_id": audit_b.pk,
            "standard_id": audit_b.template.standards.order_by("order").first().pk,
        }
    raise ValueError(part)


MATRIX_PARTS = {"cw_event", "cw_activity", "cw_case", "cw_audit", "cw_draft_audit", "cw_draft_standard"}
