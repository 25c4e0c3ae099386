"""Demo learning and improvement data for the demo partnership: two action plans with actions in every state that
matters (one overdue and escalated to the board), a third whose every action is verified, ready to close, two
cases in the reviews register and two learning briefings (one approved and ready to publish, one draft). Every
name is invented. Idempotent: a plan, case or briefing that is already there is left alone. Dates are relative to
today, so the demo always shows live deadlines."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from sightline.core.working_days import add_working_days, working_days_before
from sightline.partnerships.demo.priorities import NEGLECT, demo_priority
from sightline.partnerships.models import Group, Organisation, Partnership

from . import actions, briefings, decisions, escalation, plans, reviews
from .models import Action, ActionPlan, LearningBriefing, Review

EMAIL_DOMAIN = "demo.sightline.test"
MULTI_AGENCY = "Neglect line of sight event: action plan"
SINGLE_AGENCY = "Demo Hospitals: supervision of safeguarding practice"
READY_TO_CLOSE = "Demo and District ICB: safeguarding training in GP practices"


def _person(local: str):
    return get_user_model().objects.filter(email=f"{local}@{EMAIL_DOMAIN}").first()


def _organisation(partnership: Partnership, name: str) -> Organisation:
    return Organisation.objects.get(name=name, affiliations__partnership=partnership)


def _backdate(action: Action, days_ago: int) -> Action:
    """A new action cannot be due in the past, so the overdue example is made due later and then dated back,
    as if it had been agreed months ago."""
    due = timezone.localdate() - timedelta(days=days_ago)
    Action.objects.filter(pk=action.pk).update(due_on=due, original_due_on=due)
    return _fresh(action)


def _fresh(action: Action) -> Action:
    return Action.objects.select_related("plan__partnership", "owner_organisation").get(pk=action.pk)


def demo_improvement_load(partnership: Partnership) -> None:
    groups = {group.kind: group for group in partnership.groups.all()}
    if not ActionPlan.objects.filter(partnership=partnership, title=MULTI_AGENCY).exists():
        _multi_agency_plan(partnership, groups)
    if not ActionPlan.objects.filter(partnership=partnership, title=SINGLE_AGENCY).exists():
        _single_agency_plan(partnership, groups)
    if not ActionPlan.objects.filter(partnership=partnership, title=READY_TO_CLOSE).exists():
        _plan_ready_to_close(partnership, groups)
    _reviews(partnership)
    _briefings(partnership)
    escalation.escalations_flag(today=timezone.localdate())


def _multi_agency_plan(partnership: Partnership, groups: dict) -> None:
    today = timezone.localdate()
    chair, hospital_lead = _person("splad.chair"), _person("agency.lead")
    council_partner, police_partner = _person("la.partner"), _person("police.partner")
    icb_partner = _person("icb.partner")
    plan = plans.plan_create(
        by=None,
        partnership=partnership,
        title=MULTI_AGENCY,
        source_kind=ActionPlan.SourceKind.OTHER,
        source_description="Practice learning line of sight event on neglect of younger children (demo data).",
        monitoring_group=groups[Group.Kind.LEARNING],
        reports_to=[groups[Group.Kind.BOARD]],
    )

    def add(organisation: str, what: str, impact: str, measure: str, due_in: int, **extra) -> Action:
        return _fresh(
            actions.action_create(
                by=None,
                plan=plan,
                what=what,
                intended_impact=impact,
                impact_measure=measure,
                owner_organisation=_organisation(partnership, organisation),
                due_on=today + timedelta(days=due_in),
                **extra,
            )
        )

    proposed = add(
        "Demo Hospitals NHS Foundation Trust",
        "Refresh neglect recognition training for emergency department staff",
        "Staff recognise signs of neglect in younger children at first contact",
        "Training records and a dip sample of emergency department referrals",
        45,
        owner_person=hospital_lead,
    )
    actions.action_progress(
        by=hospital_lead, action=proposed, commentary="Training dates set for all shifts."
    )
    actions.action_propose_completion(
        by=hospital_lead,
        action=_fresh(proposed),
        commentary="94% of staff trained; the referral sample shows neglect named in 11 of 12 referrals.",
    )
    in_progress = add(
        "Demo Borough Council",
        "Use the graded care profile in every assessment where neglect is a concern",
        "Assessments show the child's daily lived experience",
        "Quarterly audit of assessments",
        90,
        priority=Action.Priority.HIGH,
    )
    actions.action_progress(
        by=council_partner,
        action=in_progress,
        commentary="Practice guidance issued; briefings booked for teams.",
    )
    overdue = add(
        "Demoshire Police",
        "Add neglect indicators to the domestic abuse notification form",
        "Neglect seen at domestic abuse incidents reaches children's services",
        "Notifications that mention the children's care",
        60,
        lead_name="Detective Inspector, public protection",
    )
    actions.action_progress(
        by=police_partner, action=overdue, commentary="Draft form with the force's IT team."
    )
    _backdate(overdue, days_ago=40)
    verified = add(
        "Demo and District Integrated Care Board",
        "Audit GP records for children not brought to appointments",
        "Missed health appointments prompt follow-up",
        "Audit of 50 records in three practices",
        20,
    )
    actions.action_progress(by=icb_partner, action=verified, commentary="Audit complete in three practices.")
    actions.action_propose_completion(
        by=icb_partner,
        action=_fresh(verified),
        commentary="Follow-up recorded in 46 of 50 records, up from 30.",
    )
    decisions.action_verify(by=chair, action=_fresh(verified), note="Evidence of impact accepted.")
    add(
        "Demo Community Health NHS Trust",
        "Health visitors record who the child lives with at every contact",
        "Hidden adults in the household are known",
        "Record audit",
        10,
    )


def _single_agency_plan(partnership: Partnership, groups: dict) -> None:
    today = timezone.localdate()
    chair, hospital_lead = _person("splad.chair"), _person("agency.lead")
    hospital = _organisation(partnership, "Demo Hospitals NHS Foundation Trust")
    plan = plans.plan_create(
        by=None,
        partnership=partnership,
        title=SINGLE_AGENCY,
        source_kind=ActionPlan.SourceKind.SCRUTINY_REPORT,
        source_description="Independent scrutiny officer's report on safeguarding supervision (demo data).",
        owner_organisation=hospital,
        monitoring_group=None,
        reports_to=[groups[Group.Kind.BOARD]],
    )
    returned = actions.action_create(
        by=None,
        plan=plan,
        what="Give every ward sister safeguarding supervision each quarter",
        intended_impact="Ward staff are supported to act on concerns",
        impact_measure="Supervision log and a staff survey",
        owner_organisation=hospital,
        owner_person=hospital_lead,
        due_on=today + timedelta(days=60),
    )
    actions.action_propose_completion(
        by=hospital_lead, action=_fresh(returned), commentary="Supervision sessions are in the diary."
    )
    decisions.action_return(
        by=chair,
        action=_fresh(returned),
        reason="Sessions booked are not yet evidence of impact: add the first quarter's log and survey results.",
    )
    actions.action_create(
        by=None,
        plan=plan,
        what="Publish the named nurse's contact details on every ward",
        owner_organisation=hospital,
        due_on=today + timedelta(days=5),
    )


def _plan_ready_to_close(partnership: Partnership, groups: dict) -> None:
    """A single-agency plan reporting to the board, whose one action the learning group has verified: what is
    left is to close it."""
    chair, icb_partner = _person("splad.chair"), _person("icb.partner")
    icb = _organisation(partnership, "Demo and District Integrated Care Board")
    plan = plans.plan_create(
        by=None,
        partnership=partnership,
        title=READY_TO_CLOSE,
        source_kind=ActionPlan.SourceKind.OTHER,
        source_description="The ICB's own review of safeguarding training in primary care (demo data).",
        owner_organisation=icb,
        monitoring_group=None,
        reports_to=[groups[Group.Kind.BOARD]],
    )
    action = actions.action_create(
        by=None,
        plan=plan,
        what="Give every GP practice's safeguarding lead the level 3 refresher",
        intended_impact="Practices refer concerns about children promptly and with the detail needed",
        impact_measure="Training records and the timeliness of practice referrals",
        owner_organisation=icb,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    actions.action_progress(
        by=icb_partner, action=action, commentary="Refresher sessions held in every locality."
    )
    actions.action_propose_completion(
        by=icb_partner,
        action=_fresh(action),
        commentary="All 14 practice leads trained; referrals now arrive with the child's details complete.",
    )
    decisions.action_verify(by=chair, action=_fresh(action), note="The referral audit shows the change.")


def _reviews(partnership: Partnership) -> None:
    today = timezone.localdate()
    iso = _person("iso")
    if not Review.objects.filter(partnership=partnership, reference="RR-DEMO-01").exists():
        aware = working_days_before(today, 40)
        notified = add_working_days(aware, 3)
        reviews.review_create(
            by=None,
            partnership=partnership,
            reference="RR-DEMO-01",
            summary="Serious injury to an infant; several agencies involved (demo data).",
            became_aware_on=aware,
            notified_on=notified,
            rapid_review_on=add_working_days(notified, 14),
            decision=Review.Decision.NON_STATUTORY,
            decided_on=add_working_days(notified, 14),
            decision_note="Learning is local and can be taken forward through the learning group.",
            chair=iso,
        )
    if not Review.objects.filter(partnership=partnership, reference="RR-DEMO-02").exists():
        reviews.review_create(
            by=None,
            partnership=partnership,
            reference="RR-DEMO-02",
            summary="Young person harmed outside the home (demo data).",
            became_aware_on=working_days_before(today, 2),
            chair_name="Chair of the child safeguarding practice review group",
        )


APPROVED_BRIEFING = "Injuries to babies who cannot yet crawl: learning from a local review"
DRAFT_BRIEFING = "Hidden adults: who else is in the child's life?"


def _briefings(partnership: Partnership) -> None:
    """An approved briefing drafted from the first register case and marked ready to publish, and a draft written
    by hand with its last two sections still to write, so the demo shows what approval asks for."""
    business = _person("business")
    if not LearningBriefing.objects.filter(partnership=partnership, title=APPROVED_BRIEFING).exists():
        briefing = briefings.briefing_create(
            by=business,
            partnership=partnership,
            title=APPROVED_BRIEFING,
            source_review=Review.objects.get(partnership=partnership, reference="RR-DEMO-01"),
            priorities=demo_priority(partnership, NEGLECT),
            background=(
                "A baby a few months old was brought to hospital with an injury nobody could explain. Several "
                "agencies already knew the family. The rapid review found that the learning was local, so the "
                "learning group took it forward through a non-statutory review (demo data)."
            ),
            findings=(
                "- A small bruise on the baby had been noted weeks earlier but was not treated as a "
                "safeguarding concern.\n"
                "- The health visitor and the GP practice each had a different picture of who lived in the home.\n"
                "- The baby's father and the mother's new partner were hardly ever spoken to.\n"
                "- A nursery nurse who was not reassured by the first answer she got asked again, and was right "
                "to."
            ),
            why_it_matters=(
                "An injury of any kind to a baby who cannot yet move about is rare, and may be the first sign of "
                "abuse. A minor injury that is missed can be followed by a serious one. Only by knowing every "
                "adult who cares for a baby can anyone judge how safe the baby is."
            ),
            what_to_do=(
                "- Follow the partnership's protocol for bruising in babies who are not mobile: refer every "
                "mark, however small.\n"
                "- At every contact, ask who lives in the home and who looks after the baby, and write the "
                "answer down.\n"
                "- Invite fathers and partners to appointments and assessments, and talk to them.\n"
                "- When a reply does not reassure you, use the escalation procedure."
            ),
            questions=(
                "- When did you last see a mark on a baby that nobody could explain? What did you do next?\n"
                "- Would your records tell a colleague every adult who cares for the children you work with?\n"
                "- What do you do to make fathers and male carers part of your work with a family?"
            ),
            further_reading=(
                "- Protocol for bruising and injuries in non-mobile babies (Demoshire partnership, demo)\n"
                "- Multi-agency escalation procedure (Demoshire partnership, demo)\n"
                "- The partnership's training on working with fathers and male carers (demo)"
            ),
        )
        briefing = briefings.briefing_approve(by=business, briefing=briefing)
        briefings.briefing_set_ready(by=business, briefing=briefing, ready=True)
    if not LearningBriefing.objects.filter(partnership=partnership, title=DRAFT_BRIEFING).exists():
        briefings.briefing_create(
            by=business,
            partnership=partnership,
            title=DRAFT_BRIEFING,
            background=(
                "The line of sight event on neglect of younger children looked at how agencies find out who is "
                "part of a child's household (demo data)."
            ),
            findings=(
                "- Adults who visited often, or stayed some nights, were missing from most assessments.\n"
                "- Where a new partner was known about, checks on them were seldom asked for."
            ),
            why_it_matters=(
                "A child's safety depends on the adults around them. An adult nobody knows about is an adult "
                "nobody has thought about."
            ),
            what_to_do="- Ask about every adult in the child's life, not only the parents.",
        )
