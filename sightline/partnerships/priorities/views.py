"""Keeping the partnership's priorities: adding one, changing it, ending it early and removing one recorded by
mistake. The list and each priority's page, with the progress made on it, are in the governance app."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from sightline.core.access import partnership_view
from sightline.core.errors import EditConflict, TransitionError
from sightline.core.once import creates

from ..models_priorities import Priority
from . import services
from .forms import PriorityEndForm, PriorityForm, PriorityRemoveForm, priority_initial


def _priority_or_404(request, priority_id) -> Priority:
    priority = services.priority_for(partnership=request.partnership, priority_id=priority_id)
    if priority is None:
        raise Http404
    return priority


def _to_priority(request, priority: Priority):
    return redirect("priority_detail", slug=request.partnership.slug, priority_id=priority.pk)


def _posted_version(request) -> int | None:
    version = request.POST.get("version", "")
    return int(version) if version.isdigit() else None


@partnership_view("partnerships.manage_priorities")
@creates
@require_http_methods(["GET", "POST"])
def priority_create(request):
    form = PriorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            priority = services.priority_create(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{priority.title} is one of the partnership's priorities from "
                f"{services.when(priority.starts_on)} to {services.when(priority.ends_on)}. Tag the plans, "
                "activities, reviews and briefings that serve it.",
            )
            return _to_priority(request, priority)
    return TemplateResponse(request, "partnerships/priorities/form.html", {"form": form, "priority": None})


@partnership_view("partnerships.manage_priorities")
@require_http_methods(["GET", "POST"])
def priority_edit(request, priority_id):
    priority = _priority_or_404(request, priority_id)
    form = PriorityForm(request.POST or None, initial=priority_initial(priority))
    conflict, version = None, priority.version
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_update(
                by=request.user,
                priority=priority,
                expected_version=_posted_version(request),
                **form.cleaned_data,
            )
        except EditConflict as error:
            version = error.current["version"]
            conflict = [
                {"label": form.fields[name].label, "saved": saved, "yours": form.cleaned_data.get(name)}
                for name, saved in error.current.items()
                if name in form.fields and saved != form.cleaned_data.get(name)
            ]
            form.add_error(
                None,
                "Someone else changed this priority while you were editing: check what they saved, then save "
                "again to keep yours",
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{priority.title}: changes saved")
            return _to_priority(request, priority)
    return TemplateResponse(
        request,
        "partnerships/priorities/form.html",
        {"form": form, "priority": priority, "conflict": conflict, "version": version},
    )


@partnership_view("partnerships.manage_priorities")
@require_http_methods(["GET", "POST"])
def priority_end(request, priority_id):
    priority = _priority_or_404(request, priority_id)
    form = PriorityEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_end(
                by=request.user,
                priority=priority,
                ends_on=form.cleaned_data["ends_on"],
                expected_version=_posted_version(request),
            )
        except TransitionError as error:
            form.add_error(None, str(error))
            priority.refresh_from_db()
        else:
            messages.success(
                request,
                f"{priority.title} ends on {services.when(form.cleaned_data['ends_on'])}. The records that "
                "served it keep their tags.",
            )
            return _to_priority(request, priority)
    return TemplateResponse(request, "partnerships/priorities/end.html", {"form": form, "priority": priority})


@partnership_view("partnerships.manage_priorities")
@require_http_methods(["GET", "POST"])
def priority_remove(request, priority_id):
    priority = _priority_or_404(request, priority_id)
    # An empty form: bound on any POST, however little it carries.
    form = PriorityRemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_remove(by=request.user, priority=priority)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{priority.title} is removed from the partnership's priorities")
            return redirect("priority_list", slug=request.partnership.slug)
    return TemplateResponse(
        request,
        "partnerships/priorities/remove.html",
        {"form": form, "priority": priority, "tagged": services.tag_counts(priority)},
    )
