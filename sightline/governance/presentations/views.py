"""The register of presentations of the partnership's reports to other bodies: the list with its filters, a
presentation's page with its questions, planning, changing, recording as presented or cancelled, the questions
raised and the actions made from them, and the partnership's bodies."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline.core.access import partnership_view
from sightline.core.errors import EditConflict, TransitionError
from sightline.core.once import creates

from ..models import Presentation, ReportingBody
from . import questions, selectors, services
from .forms import (
    BodyForm,
    CancelForm,
    PresentationEditForm,
    PresentationPlanForm,
    PresentedForm,
    QuestionActionForm,
    QuestionForm,
    RegisterFilterForm,
    presentation_initial,
)

PER_PAGE = 50
VIEW, MANAGE = "governance.view_presentations", "governance.manage_presentations"


def _presentation_or_404(request, presentation_id) -> Presentation:
    presentation = selectors.presentation_for(
        partnership=request.partnership, presentation_id=presentation_id
    )
    if presentation is None:
        raise Http404
    return presentation


def _body_or_404(request, body_id) -> ReportingBody:
    body = selectors.body_for(partnership=request.partnership, body_id=body_id)
    if body is None:
        raise Http404
    return body


def _to_presentation(request, presentation):
    return redirect("presentation_detail", slug=request.partnership.slug, presentation_id=presentation.pk)


def _to_bodies(request):
    return redirect("body_list", slug=request.partnership.slug)


def _posted_version(request) -> int | None:
    version = request.POST.get("version", "")
    return int(version) if version.isdigit() else None


@partnership_view(VIEW)
@require_GET
def presentation_list(request):
    bodies = list(selectors.bodies_of(partnership=request.partnership))
    filters = RegisterFilterForm(request.GET or None, bodies=bodies)
    chosen = filters.chosen() if request.GET else {}
    today = timezone.localdate()
    rows = selectors.presentations_list(
        partnership=request.partnership,
        today=today,
        body_id=chosen.get("body"),
        kind=chosen.get("kind", ""),
        status=chosen.get("status", ""),
        when=chosen.get("when", ""),
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "governance/presentations/list.html",
        {
            "page": page,
            "filters": filters,
            "query_string": query.urlencode(),
            "filtered": bool(chosen),
            "today": today,
            "can_manage": request.user.has_perm(MANAGE, request.partnership),
        },
    )


@partnership_view(MANAGE)
@creates
@require_http_methods(["GET", "POST"])
def presentation_plan(request):
    if request.method == "GET":  # a post comes from the form, which was shown with the bodies in it
        services.bodies_ensure(partnership=request.partnership)
    # "Plan a presentation of this report" on a report's page names the report: the form opens with it chosen.
    # An address naming a record that is not offered matches no choice and is ignored.
    initial = {
        key: request.GET[key] for key in ("report_kind", *selectors.REPORT_KINDS) if key in request.GET
    }
    form = PresentationPlanForm(request.POST or None, initial=initial, partnership=request.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            presentation = services.presentation_plan(
                by=request.user, partnership=request.partnership, **form.service_arguments()
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            then = (
                "The business team is reminded a week before."
                if presentation.on > timezone.localdate()
                else "Record it as presented when you have the outcome."
            )
            messages.success(
                request,
                f"{presentation.report_title} is planned for {presentation.body.name} on "
                f"{presentation.on:%-d %B %Y}. {then}",
            )
            return _to_presentation(request, presentation)
    return TemplateResponse(request, "governance/presentations/plan.html", {"form": form})


@partnership_view(VIEW)
@require_GET
def presentation_detail(request, presentation_id):
    presentation = _presentation_or_404(request, presentation_id)
    return TemplateResponse(
        request,
        "governance/presentations/detail.html",
        {
            "presentation": presentation,
            "questions": selectors.questions_of(presentation=presentation),
            "report_link": selectors.report_link(presentation, user=request.user),
            "can_manage": request.user.has_perm(MANAGE, request.partnership),
            "sees_plans": request.user.has_perm("improvement.view_plans", request.partnership),
            "today": timezone.localdate(),
        },
    )


@partnership_view(MANAGE)
@require_http_methods(["GET", "POST"])
def presentation_edit(request, presentation_id):
    presentation = _presentation_or_404(request, presentation_id)
    if presentation.status == Presentation.Status.CANCELLED:
        messages.error(request, "This presentation was cancelled: plan a new one instead")
        return _to_presentation(request, presentation)
    today = timezone.localdate()
    form = PresentationEditForm(
        request.POST or None,
        initial=presentation_initial(presentation),
        presentation=presentation,
        today=today,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.presentation_update(
                by=request.user,
                presentation=presentation,
                expected_version=_posted_version(request),
                **form.cleaned_data,
            )
        except EditConflict as error:
            conflict = error.current
            form.add_error(
                None,
                "Someone else changed this presentation while you were editing. What they saved is shown "
                "above the form, which keeps yours: save again to keep yours.",
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Changes saved")
            return _to_presentation(request, presentation)
    return TemplateResponse(
        request,
        "governance/presentations/edit.html",
        {
            "form": form,
            "presentation": presentation,
            "conflict": conflict,
            "version": conflict["version"] if conflict else presentation.version,
        },
    )


def _planned_or_back(request, presentation):
    if presentation.status != Presentation.Status.PLANNED:
        messages.error(request, f"This presentation is {presentation.get_status_display().lower()} already")
        return _to_presentation(request, presentation)
    return None


@partnership_view(MANAGE)
@require_http_methods(["GET", "POST"])
def presentation_presented(request, presentation_id):
    presentation = _presentation_or_404(request, presentation_id)
    if (back := _planned_or_back(request, presentation)) is not None:
        return back
    today = timezone.localdate()
    form = PresentedForm(request.POST or None, today=today, initial={"on": min(presentation.on, today)})
    if request.method == "POST" and form.is_valid():
        try:
            services.presentation_record(by=request.user, presentation=presentation, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Recorded as presented. Add the questions the body raised, if any.")
            return _to_presentation(request, presentation)
    return TemplateResponse(
        request, "governance/presentations/presented.html", {"form": form, "presentation": presentation}
    )


@partnership_view(MANAGE)
@require_http_methods(["GET", "POST"])
def presentation_cancel(request, presentation_id):
    presentation = _presentation_or_404(request, presentation_id)
    if (back := _planned_or_back(request, presentation)) is not None:
        return back
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.presentation_cancel(
                by=request.user, presentation=presentation, reason=form.cleaned_data["reason"]
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "The presentation is cancelled. It stays on the register with the reason."
            )
            return _to_presentation(request, presentation)
    return TemplateResponse(
        request, "governance/presentations/cancel.html", {"form": form, "presentation": presentation}
    )


@partnership_view(MANAGE)
@creates
@require_http_methods(["GET", "POST"])
def question_add(request, presentation_id):
    presentation = _presentation_or_404(request, presentation_id)
    if presentation.status != Presentation.Status.HELD:
        messages.error(request, "Record the presentation as presented before adding the questions raised")
        return _to_presentation(request, presentation)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questions.question_add(by=request.user, presentation=presentation, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Question added")
            return _to_presentation(request, presentation)
    return TemplateResponse(
        request, "governance/presentations/question.html", {"form": form, "presentation": presentation}
    )


@partnership_view(MANAGE)
@creates
@require_http_methods(["GET", "POST"])
def question_action(request, presentation_id, question_id):
    presentation = _presentation_or_404(request, presentation_id)
    question = selectors.question_for(presentation=presentation, question_id=question_id)
    if question is None:
        raise Http404
    if question.action_id is not None:
        messages.error(request, "This question is already an action: follow it there")
        return _to_presentation(request, presentation)
    form = QuestionActionForm(
        request.POST or None,
        initial={"what": question.text},
        partnership=request.partnership,
        today=timezone.localdate(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            question = questions.question_to_action(by=request.user, question=question, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            action = question.action
            messages.success(request, f"Action {action.number} added to {action.plan.title}")
            return _to_presentation(request, presentation)
    return TemplateResponse(
        request,
        "governance/presentations/action.html",
        {"form": form, "presentation": presentation, "question": question},
    )


@partnership_view(MANAGE)
@require_GET
def body_list(request):
    services.bodies_ensure(partnership=request.partnership)
    return TemplateResponse(
        request,
        "governance/presentations/bodies.html",
        {"bodies": list(selectors.bodies_of(partnership=request.partnership))},
    )


@partnership_view(MANAGE)
@creates
@require_http_methods(["GET", "POST"])
def body_add(request):
    form = BodyForm(request.POST or None, initial={"kind": ReportingBody.Kind.OTHER})
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_add(by=request.user, partnership=request.partnership, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{body.name} added")
            return _to_bodies(request)
    return TemplateResponse(request, "governance/presentations/body_form.html", {"form": form, "body": None})


@partnership_view(MANAGE)
@require_http_methods(["GET", "POST"])
def body_edit(request, body_id):
    body = _body_or_404(request, body_id)
    form = BodyForm(request.POST or None, initial={"name": body.name, "kind": body.kind})
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(by=request.user, body=body, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Changes saved")
            return _to_bodies(request)
    return TemplateResponse(request, "governance/presentations/body_form.html", {"form": form, "body": body})


@partnership_view(MANAGE)
@require_POST
def body_active(request, body_id):
    body = _body_or_404(request, body_id)
    active = request.POST.get("active") == "yes"
    services.body_set_active(by=request.user, body=body, active=active)
    messages.success(
        request,
        f"{body.name} is back on the list of bodies"
        if active
        else f"{body.name} is retired: its presentations stay on the register",
    )
    return _to_bodies(request)


@partnership_view(MANAGE)
@require_POST
def body_remove(request, body_id):
    body = _body_or_404(request, body_id)
    try:
        services.body_remove(by=request.user, body=body)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{body.name} removed")
    return _to_bodies(request)
