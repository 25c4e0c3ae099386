"""Action plans: the list, raising a plan (by hand, or from a composite, a return or a register entry), a plan's
page with its actions, adding an action, and closing the plan with what was learned."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from sightline.assessments.selectors import cycles_of, submission_for
from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from .. import actions, plans, selectors
from ..forms import ActionForm, PlanCloseForm, PlanForm, PlanPrioritiesForm
from ..models import ActionPlan
from ..rag import Rag
from . import plan_or_404

ACTIONS_PER_PAGE = 100


@partnership_view("improvement.view_plans")
@require_GET
def plan_list(request):
    status = request.GET.get("status", ActionPlan.Status.OPEN)
    if status not in (*ActionPlan.Status.values, "all"):
        status = ActionPlan.Status.OPEN
    rows = selectors.plan_list(
        user=request.user, partnership=request.partnership, status="" if status == "all" else status
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    page.object_list = selectors.plans_counted(page.object_list)
    return TemplateResponse(
        request,
        "improvement/plans/list.html",
        {
            "page": page,
            "status": status,
            "query_string": f"status={status}",
            "statuses": [
                (ActionPlan.Status.OPEN, "Open"),
                (ActionPlan.Status.CLOSED, "Closed"),
                ("all", "All"),
            ],
            "can_manage": request.user.has_perm("improvement.manage_plans", request.partnership),
        },
    )


def _prefill(request) -> tuple[dict, object]:
    """What the 'raise a plan' link brought with it: a cycle, a return or a register entry of this partnership."""
    initial, submission = {}, None
    if cycle_id := request.GET.get("cycle"):
        cycle = cycles_of(partnership=request.partnership).filter(pk=_uuid(cycle_id)).first()
        if cycle is not None:
            initial |= {
                "source_kind": ActionPlan.SourceKind.COMPOSITE,
                "source_cycle": cycle.pk,
                "title": f"{cycle.title}: action plan",
            }
    if submission_id := request.GET.get("submission"):
        submission = submission_for(
            user=request.user, partnership=request.partnership, submission_id=_uuid(submission_id)
        )
        if submission is None:
            raise Http404
        initial |= {
            "source_kind": ActionPlan.SourceKind.SUBMISSION,
            "title": f"{submission.organisation.name}: {submission.cycle.title} action plan",
            "owner_organisation": submission.organisation_id,
        }
    if review_id := request.GET.get("review"):
        review = selectors.review_for(partnership=request.partnership, review_id=_uuid(review_id))
        if review is not None:
            initial |= {
                "source_kind": ActionPlan.SourceKind.REVIEW,
                "source_review": review.pk,
                "title": f"{review.reference}: action plan",
            }
    return initial, submission


def _uuid(value: str):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@partnership_view("improvement.manage_plans")
@creates
@require_http_methods(["GET", "POST"])
def plan_create(request):
    initial, submission = _prefill(request)
    form = PlanForm(
        request.POST or None, initial=initial, partnership=request.partnership, source_submission=submission
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = plans.plan_create(
                by=request.user, partnership=request.partnership, **form.service_arguments()
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            n = plan.actions.count()
            messages.success(
                request,
                f"Action plan raised: {plan.title}."
                + (
                    f" {n} action{'s' if n != 1 else ''} brought in from the source."
                    if n
                    else " Now add its actions."
                ),
            )
            return redirect("plan_detail", slug=request.partnership.slug, plan_id=plan.pk)
    return TemplateResponse(request, "improvement/plans/form.html", {"form": form, "submission": submission})


@partnership_view("improvement.view_plans")
@require_GET
def plan_detail(request, plan_id):
    plan = plan_or_404(request, plan_id)
    page = Paginator(selectors.plan_actions(plan=plan), ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    counts = selectors.plan_rag_counts(plan=plan)
    unfinished = sum(n for rag, n in counts.items() if rag not in (Rag.COMPLETE, Rag.CANCELLED))
    return TemplateResponse(
        request,
        "improvement/plans/detail.html",
        {
            "plan": plan,
            "page": page,
            "rag_counts": [(Rag(value), counts[value]) for value in Rag.values if counts.get(value)],
            "total": sum(counts.values()),
            "can_add": plan.status == ActionPlan.Status.OPEN
            and request.user.has_perm("improvement.manage_plans", request.partnership),
            "unfinished": unfinished,
            "can_tag": request.user.has_perm("improvement.manage_plans", request.partnership),
            "can_close": plan.status == ActionPlan.Status.OPEN
            and not unfinished
            and request.user.has_perm("improvement.decide", request.partnership),
        },
    )


@partnership_view("improvement.manage_plans")
@creates
@require_http_methods(["GET", "POST"])
def action_create(request, plan_id):
    plan = plan_or_404(request, plan_id)
    if plan.status != ActionPlan.Status.OPEN:
        messages.error(request, "This action plan is closed: its actions can no longer change")
        return redirect("plan_detail", slug=request.partnership.slug, plan_id=plan.pk)
    initial = {"owner_organisation": plan.owner_organisation_id} if plan.owner_organisation_id else {}
    form = ActionForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = actions.action_create(by=request.user, plan=plan, **form.service_arguments())
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Action {action.number} added to {plan.title}")
            if "add_another" in request.POST:
                return redirect("action_create", slug=request.partnership.slug, plan_id=plan.pk)
            return redirect("plan_detail", slug=request.partnership.slug, plan_id=plan.pk)
    return TemplateResponse(request, "improvement/actions/create.html", {"form": form, "plan": plan})


@partnership_view("improvement.manage_plans")
@require_http_methods(["GET", "POST"])
def plan_priorities(request, plan_id):
    """Which of the partnership's priorities the plan serves, changed on a page of its own (a plan's other
    details are fixed when it is raised)."""
    plan = plan_or_404(request, plan_id)
    current = list(plan.priorities.all())
    form = PlanPrioritiesForm(request.POST or None, plan=plan, current=current)
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_priorities_set(by=request.user, plan=plan, **form.service_arguments())
        except TransitionError as error:
            # Keep this editor's choice and show what is saved now, so saving again is a decision, not a loss.
            saved = list(plan.priorities.all())
            data = request.POST.copy()
            data["shown"] = ",".join(sorted(str(p.pk) for p in saved))
            form = PlanPrioritiesForm(data, plan=plan, current=saved)
            form.is_valid()
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{plan.title}: the priorities it serves are saved")
            return redirect("plan_detail", slug=request.partnership.slug, plan_id=plan.pk)
    return TemplateResponse(
        request,
        "improvement/plans/priorities.html",
        {"form": form, "plan": plan, "saved": saved, "offers": "priorities" in form.fields},
    )


@partnership_view("improvement.decide")
@require_http_methods(["GET", "POST"])
def plan_close(request, plan_id):
    plan = plan_or_404(request, plan_id)
    form = PlanCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_close(by=request.user, plan=plan, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{plan.title} is closed. What was learned goes into the board's summary."
            )
            return redirect("plan_detail", slug=request.partnership.slug, plan_id=plan.pk)
    return TemplateResponse(request, "improvement/plans/close.html", {"form": form, "plan": plan})
