"""Disputes: the list (each person's own; the business team's all), recording one, its page with the history of
steps, and a page for each move: escalate, add a note, ask an ISO to assist, resolve. Every page declares its
rule at the partnership's gate; a dispute the person may not read answers 404, and a move they may not make too."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from sightline.casework.checking import IdentifyingDetails
from sightline.core.access import partnership_view, refuse
from sightline.core.errors import TransitionError
from sightline.core.once import creates
from sightline.partnerships.models import Organisation

from ..disputes import selectors, services
from ..disputes.forms import AskIsoForm, DisputeForm, EscalateForm, NoteForm, ResolveForm
from ..disputes.stages import dispute_stages_ensure, stages_of
from ..models import Dispute

PER_PAGE = 50
Status = Dispute.Status
FILTERS = [("open", "Open"), ("resolved", "Resolved"), ("all", "All")]


def _dispute_or_404(request, dispute_id) -> Dispute:
    dispute = selectors.dispute_for(user=request.user, partnership=request.partnership, dispute_id=dispute_id)
    if dispute is None:
        raise Http404
    return dispute


def _to_dispute(request, dispute):
    return redirect("dispute_detail", slug=request.partnership.slug, dispute_id=dispute.pk)


def _version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _moves(request, dispute: Dispute) -> dict:
    user = request.user
    open_ = dispute.status == Status.OPEN
    return {
        "can_move": open_ and user.has_perm("scrutiny.move_dispute", dispute),
        "can_note": open_ and user.has_perm("scrutiny.note_dispute", dispute),
    }


@partnership_view("scrutiny.view_disputes")
@require_GET
def dispute_list(request):
    status = request.GET.get("status", "open")
    if status not in dict(FILTERS):
        status = "open"
    rows = selectors.dispute_list(
        user=request.user, partnership=request.partnership, status="" if status == "all" else status
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "scrutiny/disputes/list.html",
        {
            "page": page,
            "status": status,
            "filters": FILTERS,
            "query_string": f"status={status}",
            "sees_all": request.user.has_perm("scrutiny.manage_dispute_stages", request.partnership),
            "can_record": request.user.has_perm("scrutiny.record_dispute", request.partnership),
        },
    )


def _statutory_partners(partnership) -> list:
    return list(
        Organisation.objects.filter(affiliations__partnership=partnership)
        .exclude(statutory_partner="")
        .order_by("name")
    )


@partnership_view("scrutiny.record_dispute")
@creates
@require_http_methods(["GET", "POST"])
def dispute_create(request):
    # The stages are made from the defaults when the form is first shown, not by a post: a post that fails
    # changes nothing, so it can be sent again (sightline/core/once.py). One that comes first is given the first
    # stage by the service.
    if request.method == "GET":
        stages = dispute_stages_ensure(partnership=request.partnership, by=request.user)
    else:
        stages = stages_of(request.partnership)
    partners = _statutory_partners(request.partnership)

    def build(data):
        return DisputeForm(
            data,
            partnership=request.partnership,
            statutory_partners=partners,
            initial={"stage": stages[0].pk} if stages else {},
        )

    form = build(request.POST if request.method == "POST" else None)
    findings = None
    if request.method == "POST" and form.is_valid():
        try:
            dispute = services.dispute_record(
                by=request.user, partnership=request.partnership, **form.service_arguments()
            )
        except IdentifyingDetails as warning:
            findings = warning.places
            form = build(warning.data_with(request.POST))
            form.is_valid()
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            if request.user.has_perm("scrutiny.view_dispute", dispute):
                messages.success(request, "The dispute is recorded")
                return _to_dispute(request, dispute)
            # A delegated partner may record a dispute between agencies they do not represent: its parties and the
            # business team read it from now on, not the person who recorded it.
            messages.success(
                request,
                "The dispute is recorded. Its parties and the business team can read it; as you are not a party, "
                "you will not see it in your list.",
            )
            return redirect("dispute_list", slug=request.partnership.slug)
    return TemplateResponse(request, "scrutiny/disputes/create.html", {"form": form, "findings": findings})


@partnership_view("scrutiny.view_disputes")
@require_GET
def dispute_detail(request, dispute_id):
    dispute = _dispute_or_404(request, dispute_id)
    return TemplateResponse(
        request,
        "scrutiny/disputes/detail.html",
        {
            "dispute": dispute,
            "steps": selectors.dispute_history(dispute),
            "parties": list(dispute.parties.all()),
            "later": services.later_stages(dispute) if dispute.status == Status.OPEN else [],
            **_moves(request, dispute),
        },
    )


def _move_page(request, dispute_id, *, perm: str, form_class, template: str, act, **form_kwargs):
    """A page for one move: the form, the guard's warning where the text needs checking, and the service's
    refusal in the error summary. `act` makes the move and returns what to tell the person. A resolved dispute
    has no moves left: its page says why."""
    dispute = _dispute_or_404(request, dispute_id)
    if not request.user.has_perm(perm, dispute):
        refuse(request, perm)
    if dispute.status != Status.OPEN:
        messages.error(request, services.LOCKED)
        return _to_dispute(request, dispute)

    def build(data):
        return form_class(data, **{key: value(dispute) for key, value in form_kwargs.items()})

    form = build(request.POST if request.method == "POST" else None)
    findings = None
    if request.method == "POST" and form.is_valid():
        try:
            done = act(dispute, form)
        except IdentifyingDetails as warning:
            findings = warning.places
            form = build(warning.data_with(request.POST))
            form.is_valid()
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return _to_dispute(request, dispute)
    return TemplateResponse(
        request,
        template,
        {"form": form, "dispute": dispute, "findings": findings, "version": dispute.version},
    )


@partnership_view("scrutiny.view_disputes")
@require_http_methods(["GET", "POST"])
def dispute_escalate(request, dispute_id):
    def act(dispute, form):
        escalated = services.dispute_escalate(
            by=request.user,
            dispute=dispute,
            version=_version(request),
            identifiers_confirmation=form.identifiers_confirmation,
            **form.entered(),
        )
        return f"The dispute is escalated to “{escalated.stage.name}”"

    return _move_page(
        request,
        dispute_id,
        perm="scrutiny.move_dispute",
        form_class=EscalateForm,
        template="scrutiny/disputes/escalate.html",
        act=act,
        later=services.later_stages,
    )


@partnership_view("scrutiny.view_disputes")
@creates
@require_http_methods(["GET", "POST"])
def dispute_note(request, dispute_id):
    def act(dispute, form):
        services.dispute_note_add(
            by=request.user,
            dispute=dispute,
            identifiers_confirmation=form.identifiers_confirmation,
            **form.entered(),
        )
        return "Note added to the dispute's history"

    return _move_page(
        request,
        dispute_id,
        perm="scrutiny.note_dispute",
        form_class=NoteForm,
        template="scrutiny/disputes/note.html",
        act=act,
    )


@partnership_view("scrutiny.view_disputes")
@require_http_methods(["GET", "POST"])
def dispute_ask_iso(request, dispute_id):
    def act(dispute, form):
        services.dispute_iso_ask(
            by=request.user,
            dispute=dispute,
            version=_version(request),
            identifiers_confirmation=form.identifiers_confirmation,
            **form.entered(),
        )
        return "The officer is asked to assist, and has been told"

    return _move_page(
        request,
        dispute_id,
        perm="scrutiny.move_dispute",
        form_class=AskIsoForm,
        template="scrutiny/disputes/ask_iso.html",
        act=act,
        partnership=lambda dispute: dispute.partnership,
    )


@partnership_view("scrutiny.view_disputes")
@require_http_methods(["GET", "POST"])
def dispute_resolve(request, dispute_id):
    def act(dispute, form):
        resolved = services.dispute_resolve(
            by=request.user,
            dispute=dispute,
            version=_version(request),
            identifiers_confirmation=form.identifiers_confirmation,
            **form.entered(),
        )
        if not resolved.learning:
            return "The dispute is resolved and its record closed"
        if resolved.learning_on_agenda_at:
            return (
                "The dispute is resolved and its record closed. Its learning is on the agenda of the learning "
                "group's next meeting."
            )
        return (
            "The dispute is resolved and its record closed. Its learning goes onto the learning group's next "
            "meeting once one is scheduled."
        )

    return _move_page(
        request,
        dispute_id,
        perm="scrutiny.move_dispute",
        form_class=ResolveForm,
        template="scrutiny/disputes/resolve.html",
        act=act,
    )
