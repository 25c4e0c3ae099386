"""Reads of action plans, actions, escalations and the reviews register, always scoped to the person asking.

The partnership-wide roles see every plan, single-agency ones included. Anyone else sees the single-agency plans of
their own organisations and the multi-agency plans in which their organisations own an action; anything else
answers 404."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from sightline import policy
from sightline.partnerships.models import (
    Affiliation,
    OrganisationMembership,
    Partnership,
    PartnershipMembership,
)

from .lifecycle import DONE, FINISHED, WORKING
from .models import Action, ActionEvent, ActionPlan, Escalation, Review
from .rag import amber_window_days, overdue_q, rag_expression

S = Action.Status
# Who in an organisation updates its actions (sightline/policy/, `acts_for_action_owner`).
ACTION_UPDATERS = frozenset({OrganisationMembership.Role.LEAD, OrganisationMembership.Role.CONTRIBUTOR})


def own_organisation_ids(*, user, partnership: Partnership) -> set:
    """The organisations in this partnership in which the person holds a role."""
    own = set(policy.organisation_roles(user))
    if not own:
        return set()
    return set(
        Affiliation.objects.filter(partnership=partnership, organisation_id__in=own).values_list(
            "organisation_id", flat=True
        )
    )


def plans_visible_to(*, user, partnership: Partnership) -> QuerySet[ActionPlan]:
    qs = ActionPlan.objects.filter(partnership=partnership)
    if policy.sees_whole_partnership(user, partnership):
        return qs
    own = set(policy.organisation_roles(user))
    owns_an_action = Exists(Action.objects.filter(plan=OuterRef("pk"), owner_organisation_id__in=own))
    return qs.filter(Q(owner_organisation_id__in=own) | (Q(owner_organisation__isnull=True) & owns_an_action))


def plan_list(*, user, partnership: Partnership, status: str = ""):
    """The plans this person sees, open before closed and newest first. Their action counts come from
    plans_counted, a page at a time."""
    qs = plans_visible_to(user=user, partnership=partnership).select_related(
        "owner_organisation", "monitoring_group"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-created_at")


def plans_counted(plans, today: date | None = None) -> list[ActionPlan]:
    """The plans given (one page of the list), each with its counts of actions, finished, proposed for completion
    and overdue. One query over those plans' actions only: counting in the list's own query would group every
    action of the partnership before the page was cut."""
    plans = list(plans)
    today = today or timezone.localdate()
    counts = {
        row["plan_id"]: row
        for row in Action.objects.filter(plan__in=[plan.pk for plan in plans])
        .order_by()
        .values("plan_id")
        .annotate(
            action_count=Count("pk"),
            done_count=Count("pk", filter=Q(status__in=DONE)),
            overdue_count=Count("pk", filter=overdue_q(today)),
            proposed_count=Count("pk", filter=Q(status=S.COMPLETION_PROPOSED)),
        )
    }
    for plan in plans:
        row = counts.get(plan.pk, {})
        for name in ("action_count", "done_count", "overdue_count", "proposed_count"):
            setattr(plan, name, row.get(name, 0))
    return plans


def plan_for(*, user, partnership: Partnership, plan_id) -> ActionPlan | None:
    return (
        plans_visible_to(user=user, partnership=partnership)
        .select_related(
            "partnership",
            "owner_organisation",
            "monitoring_group",
            "source_cycle",
            "source_submission__organisation",
            "source_submission__cycle",
            "source_review",
            "created_by",
            "closed_by",
        )
        .prefetch_related("reports_to")
        .filter(pk=plan_id)
        .first()
    )


def with_rag(qs: QuerySet[Action], today: date | None = None) -> QuerySet[Action]:
    return qs.annotate(rag=rag_expression(today or timezone.localdate()))


def plan_actions(*, plan: ActionPlan, today: date | None = None) -> QuerySet[Action]:
    return with_rag(
        plan.actions.select_related("owner_organisation", "owner_person").order_by("number"), today
    )


def plan_rag_counts(*, plan: ActionPlan, today: date | None = None) -> dict[str, int]:
    rows = with_rag(Action.objects.filter(plan=plan), today).values("rag").annotate(n=Count("pk"))
    return {row["rag"]: row["n"] for row in rows}


def action_for(*, user, partnership: Partnership, action_id) -> Action | None:
    """An action in a plan this person sees, with its RAG and what its page needs."""
    visible = plans_visible_to(user=user, partnership=partnership)
    return (
        with_rag(Action.objects.filter(pk=action_id, plan__in=visible))
        .select_related(
            "plan__partnership",
            "plan__owner_organisation",
            "owner_organisation",
            "owner_person",
            "proposed_by",
        )
        .first()
    )


def action_history(*, action: Action) -> QuerySet[ActionEvent]:
    return action.events.select_related("by", "evidence").order_by("at")


def action_open_escalation(*, action: Action) -> Escalation | None:
    return action.escalations.filter(status=Escalation.Status.OPEN).first()


OUR_FILTERS = {
    "": ("Not finished", ~Q(status__in=FINISHED)),
    "overdue": ("Overdue", None),
    **{value: (label, Q(status=value)) for value, label in S.choices},
    "all": ("All", Q()),
}


def our_actions(*, user, partnership: Partnership, status: str = "", today: date | None = None):
    """Every action this person's organisations own in the partnership, across all plans."""
    today = today or timezone.localdate()
    own = own_organisation_ids(user=user, partnership=partnership)
    qs = Action.objects.filter(plan__partnership=partnership, owner_organisation_id__in=own)
    condition = overdue_q(today) if status == "overdue" else OUR_FILTERS.get(status, OUR_FILTERS[""])[1]
    return with_rag(
        qs.filter(condition).select_related("plan", "owner_organisation", "owner_person"), today
    ).order_by("due_on", "plan__title", "number")


def actions_needing_attention(*, user, partnerships, today: date | None = None) -> QuerySet[Action]:
    """The actions someone's organisations must act on now, across every open plan of these partnerships:
    returned by the learning group and not yet proposed again, overdue, or falling due within the amber window.
    Those of the organisations in which the person leads or contributes, and those they own themselves: the
    people who may update an action (sightline/policy/, `acts_for_action_owner`). Soonest due first."""
    today = today or timezone.localdate()
    roles = policy.organisation_roles(user)
    updaters = [organisation for organisation, held in roles.items() if held & ACTION_UPDATERS]
    affiliated = Affiliation.objects.filter(
        partnership=OuterRef("plan__partnership"), organisation=OuterRef("owner_organisation")
    )
    qs = Action.objects.filter(
        Q(owner_organisation_id__in=updaters) | Q(owner_person=user, owner_organisation_id__in=list(roles)),
        Exists(affiliated),
        plan__partnership__in=partnerships,
        plan__status=ActionPlan.Status.OPEN,
        status__in=WORKING,
    ).filter(Q(returns__gt=0) | Q(due_on__lte=today + timedelta(days=amber_window_days())))
    return with_rag(qs.select_related("plan__partnership"), today).order_by("due_on", "plan__title", "number")


def escalations_of(*, partnership: Partnership, status: str = "") -> QuerySet[Escalation]:
    qs = Escalation.objects.filter(action__plan__partnership=partnership).select_related(
        "action__plan", "action__owner_organisation", "raised_by", "resolved_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-raised_at")


def escalation_for(*, partnership: Partnership, escalation_id) -> Escalation | None:
    return (
        escalations_of(partnership=partnership)
        .select_related("action__plan__partnership")
        .filter(pk=escalation_id)
        .first()
    )


def reviews_of(*, partnership: Partnership) -> QuerySet[Review]:
    plans = ActionPlan.objects.order_by("created_at")
    return (
        Review.objects.filter(partnership=partnership)
        .select_related("chair")
        .prefetch_related(Prefetch("action_plans", queryset=plans))
    )


def review_for(*, partnership: Partnership, review_id) -> Review | None:
    return reviews_of(partnership=partnership).filter(pk=review_id).first()


def isos_of(*, partnership: Partnership):
    """The partnership's independent scrutiny officers, who often chair a rapid review."""
    return (
        get_user_model()
        .objects.filter(
            partnership_roles__partnership=partnership,
            partnership_roles__role=PartnershipMembership.Role.ISO,
            is_active=True,
        )
        .order_by("full_name", "email")
    )
