"""The partnership's escalation stages for disputes, kept by the business team: the list (made from the defaults
the first time it is shown), adding, renaming and describing, moving up and down, and removing an unused stage."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from ..disputes import stages as dispute_stages
from ..disputes.forms import StageForm
from ..models import DisputeStage

PERM = "scrutiny.manage_dispute_stages"


def _stage_or_404(request, stage_id) -> DisputeStage:
    stage = (
        DisputeStage.objects.filter(partnership=request.partnership, pk=stage_id)
        .select_related("partnership")
        .first()
    )
    if stage is None:
        raise Http404
    return stage


def _to_stages(request):
    return redirect("dispute_stages", slug=request.partnership.slug)


@partnership_view(PERM)
@require_GET
def stage_list(request):
    stages = dispute_stages.dispute_stages_ensure(partnership=request.partnership, by=request.user)
    used = dispute_stages.stages_in_use(request.partnership)
    return TemplateResponse(
        request,
        "scrutiny/disputes/stages.html",
        {"rows": [(stage, stage.pk in used) for stage in stages]},
    )


@partnership_view(PERM)
@creates
@require_http_methods(["GET", "POST"])
def stage_add(request):
    form = StageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            stage = dispute_stages.dispute_stage_add(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{stage.name}” is added as the last stage")
            return _to_stages(request)
    return TemplateResponse(request, "scrutiny/disputes/stage_form.html", {"form": form, "stage": None})


@partnership_view(PERM)
@require_http_methods(["GET", "POST"])
def stage_edit(request, stage_id):
    stage = _stage_or_404(request, stage_id)
    # What the editor started from goes back with the form, so a change someone made since is not written over.
    was = (
        (request.POST.get("was_name", ""), request.POST.get("was_description", ""))
        if request.method == "POST"
        else (stage.name, stage.description)
    )
    form = StageForm(
        request.POST if request.method == "POST" else None,
        initial={"name": stage.name, "description": stage.description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            dispute_stages.dispute_stage_update(by=request.user, stage=stage, was=was, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Stage saved")
            return _to_stages(request)
    return TemplateResponse(
        request, "scrutiny/disputes/stage_form.html", {"form": form, "stage": stage, "was": was}
    )


@partnership_view(PERM)
@require_POST
def stage_move(request, stage_id):
    stage = _stage_or_404(request, stage_id)
    try:
        dispute_stages.dispute_stage_move(
            by=request.user, stage=stage, up=request.POST.get("direction") == "up"
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{stage.name}” moved")
    return _to_stages(request)


@partnership_view(PERM)
@require_POST
def stage_remove(request, stage_id):
    stage = _stage_or_404(request, stage_id)
    try:
        dispute_stages.dispute_stage_remove(by=request.user, stage=stage)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{stage.name}” is removed")
    return _to_stages(request)
