"""An action's page with its history; the owner's updates and completion proposal; the learning group's
decisions, one page each; the details form; evidence downloads; and "Our actions" for an organisation's people.
Every form is a plain POST that redirects (no JavaScript needed)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from sightline.core.access import partnership_view
from sightline.core.errors import EditConflict, TransitionError
from sightline.core.once import creates

from .. import actions, decisions, escalation, selectors
from ..evidence import evidence_open
from ..forms import (
    ActionDetailsForm,
    ExtendForm,
    NoteForm,
    OurActionsFilterForm,
    ProposeForm,
    ReasonForm,
    UpdateForm,
)
from ..lifecycle import DECISIONS, MOVES, move_check, moves_for
from ..models import ActionEvidence
from . import action_or_404, require

DOWNLOAD_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
ACTIONS_PER_PAGE = 100


def _to_action(request, action):
    return redirect("action_detail", slug=request.partnership.slug, action_id=action.pk)


def _refused_or_blocked(request, action, name: str):
    """None when this person may make the move now. Someone the policy refuses gets a recorded 404; a state
    that does not allow it sends them back to the action's page with the reason."""
    require(request, MOVES[name].perm, action)
    try:
        move_check(name, by=request.user, action=action)
    except TransitionError as error:
        messages.error(request, str(error))
        return _to_action(request, action)
    return None


@partnership_view("improvement.view_plans")
@require_GET
def action_detail(request, action_id):
    action = action_or_404(request, action_id)
    escalation = selectors.action_open_escalation(action=action)
    moves = {move.name: move for move in moves_for(request.user, action)}
    if escalation is not None:
        moves.pop("escalate", None)  # one open escalation at a time: the page offers its resolution instead
    return TemplateResponse(
        request,
        "improvement/actions/detail.html",
        {
            "action": action,
            "plan": action.plan,
            "history": selectors.action_history(action=action),
            "escalation": escalation,
            "can_resolve": escalation is not None
            and request.user.has_perm("improvement.decide", request.partnership),
            "owner_moves": [moves[name] for name in ("progress", "propose") if name in moves],
            "decisions": [moves[name] for name in DECISIONS if name in moves],
            "can_edit": "edit" in moves,
        },
    )


def _owner_page(request, action_id, name: str, form_class, service, success: str):
    action = action_or_404(request, action_id)
    if (leave := _refused_or_blocked(request, action, name)) is not None:
        return leave
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(
                by=request.user,
                action=action,
                commentary=form.cleaned_data["commentary"],
                upload=form.cleaned_data.get("file"),
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return _to_action(request, action)
    return TemplateResponse(
        request,
        "improvement/actions/update.html",
        {"form": form, "action": action, "plan": action.plan, "move": MOVES[name]},
    )


@partnership_view("improvement.view_plans")
@creates
@require_http_methods(["GET", "POST"])
def action_progress(request, action_id):
    return _owner_page(
        request, action_id, "progress", UpdateForm, actions.action_progress, "Progress update saved"
    )


@partnership_view("improvement.view_plans")
@require_http_methods(["GET", "POST"])
def action_propose(request, action_id):
    return _owner_page(
        request,
        action_id,
        "propose",
        ProposeForm,
        actions.action_propose_completion,
        "Completion proposed. The learning group will look at the evidence and verify the action or return it.",
    )


# The learning group's decisions: the form each needs, the service that makes it, and what to say after.
REASONS = {
    "return": (
        "Why is it being returned?",
        "Say what is missing, so the owner knows what to do",
        "Enter the reason for returning the action",
    ),
    "defer": (
        "Why is it being deferred?",
        "Say until when, if that is known",
        "Enter the reason for deferring",
    ),
    "cancel": ("Why is it being cancelled?", "", "Enter the reason for cancelling the action"),
    "escalate": (
        "Why does the board need to know?",
        "The action's history goes with it",
        "Enter the reason for escalating the action",
    ),
}
SERVICES = {
    "verify": decisions.action_verify,
    "close": decisions.action_close,
    "resume": decisions.action_resume,
    "return": decisions.action_return,
    "defer": decisions.action_defer,
    "cancel": decisions.action_cancel,
    "escalate": escalation.action_escalate,
    "extend": actions.action_extend,
}
DONE_MESSAGES = {
    "verify": "Verified: the learning group is satisfied the action has made its difference",
    "close": "The action is closed",
    "resume": "The action is back in progress",
    "return": "Returned to the owner, with your reason. They will be reminded.",
    "defer": "The action is deferred",
    "cancel": "The action is cancelled",
    "escalate": "Escalated: the action is on the board's list of escalations",
    "extend": "The due date is changed, and the change is in the action's history",
}


def _decision_form(name: str, data):
    if name == "extend":
        return ExtendForm(data)
    if name in REASONS:
        label, hint, message = REASONS[name]
        return ReasonForm(data, label=label, help_text=hint, message=message)
    return NoteForm(data)


@partnership_view("improvement.view_plans")
@require_http_methods(["GET", "POST"])
def action_decide(request, action_id, move):
    if move not in DECISIONS:
        raise Http404
    action = action_or_404(request, action_id)
    if (leave := _refused_or_blocked(request, action, move)) is not None:
        return leave
    form = _decision_form(move, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            SERVICES[move](by=request.user, action=action, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, DONE_MESSAGES[move])
            return _to_action(request, action)
    return TemplateResponse(
        request,
        "improvement/actions/decide.html",
        {"form": form, "action": action, "plan": action.plan, "move": MOVES[move]},
    )


@partnership_view("improvement.view_plans")
@require_http_methods(["GET", "POST"])
def action_edit(request, action_id):
    action = action_or_404(request, action_id)
    if (leave := _refused_or_blocked(request, action, "edit")) is not None:
        return leave
    initial = {
        "what": action.what,
        "intended_impact": action.intended_impact,
        "impact_measure": action.impact_measure,
        "owner_organisation": action.owner_organisation_id,
        "owner_email": action.owner_person.email if action.owner_person else "",
        "lead_name": action.lead_name,
        "priority": action.priority,
    }
    form = ActionDetailsForm(request.POST or None, plan=action.plan, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = request.POST.get("version", "")
        try:
            actions.action_update(
                by=request.user,
                action=action,
                expected_version=int(version) if version.isdigit() else None,
                **form.service_arguments(),
            )
        except EditConflict as error:
            conflict = error.current
            form.add_error(
                None, "Someone else changed this action while you were editing: check theirs below"
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The action's details are saved")
            return _to_action(request, action)
    return TemplateResponse(
        request,
        "improvement/actions/edit.html",
        {"form": form, "action": action, "plan": action.plan, "conflict": conflict},
    )


@partnership_view("improvement.view_plans")
@require_GET
def action_evidence_download(request, action_id, evidence_id):
    action = action_or_404(request, action_id)
    evidence = ActionEvidence.objects.filter(pk=evidence_id, action=action).first()
    if evidence is None:
        raise Http404
    evidence.action = action  # already loaded, with its plan and partnership, for the audit event
    try:
        handle = evidence_open(by=request.user, evidence=evidence)
    except FileNotFoundError:
        raise Http404 from None
    content_type = evidence.content_type
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


@partnership_view("improvement.view_own_actions")
@require_GET
def our_actions(request):
    filters = OurActionsFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    rows = selectors.our_actions(user=request.user, partnership=request.partnership, status=status)
    page = Paginator(rows, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "improvement/actions/ours.html",
        {"filters": filters, "page": page, "query_string": f"status={status}" if status else ""},
    )
