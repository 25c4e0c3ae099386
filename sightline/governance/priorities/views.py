"""The partnership's priorities and the progress made on each over a period: the list, with what was done and what
is overdue for every priority in force, and each priority's page listing the records behind every figure. The
business team's pages that add, change, end and remove priorities are in sightline/partnerships."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from sightline.assurance.selectors import activities_visible_to
from sightline.core.access import partnership_view
from sightline.improvement.forms import PeriodForm
from sightline.partnerships.priorities import priorities_of, priority_for

from .progress import RULE, priority_progress, priority_progress_of, reporting_year


def _period(request, default: tuple[date, date]) -> tuple[PeriodForm, tuple[date, date]]:
    """The period asked for, or `default` when none (or a bad one) is given: a bad one is shown with its errors."""
    start, end = default
    form = PeriodForm(request.GET if "start" in request.GET else None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        return form, (form.cleaned_data["start"], form.cleaned_data["end"])
    return form, default


def _years(today: date) -> list[tuple[str, date, date]]:
    """This reporting year and last, for the quick links beside the period."""
    this_start, this_end = reporting_year(today)
    last_start, last_end = reporting_year(this_start.replace(year=this_start.year - 1))
    return [("This year", this_start, this_end), ("Last year", last_start, last_end)]


@partnership_view("partnerships.view_priorities")
@require_GET
def priority_list(request):
    today = timezone.localdate()
    form, (start, end) = _period(request, reporting_year(today))
    progress = priority_progress(partnership=request.partnership, start=start, end=end, today=today)
    shown = {row.priority.pk for row in progress}
    others = [p for p in priorities_of(partnership=request.partnership) if p.pk not in shown]
    return TemplateResponse(
        request,
        "governance/priorities/list.html",
        {
            "form": form if form.errors else None,
            "period_form": form,
            "start": start,
            "end": end,
            "progress": progress,
            "little": sum(1 for row in progress if row.little_or_no_progress),
            "others": others,
            "years": _years(today),
            "rule": RULE,
            "can_manage": request.user.has_perm("partnerships.manage_priorities", request.partnership),
        },
    )


@partnership_view("partnerships.view_priorities")
@require_GET
def priority_detail(request, priority_id):
    priority = priority_for(partnership=request.partnership, priority_id=priority_id)
    if priority is None:
        raise Http404
    today = timezone.localdate()
    default = reporting_year(today)
    if not priority.covers(*default):
        default = (priority.starts_on, priority.ends_on)
    form, (start, end) = _period(request, default)
    progress = priority_progress_of(priority=priority, start=start, end=end, today=today)
    # An ISO reads only the activities they are assigned to: the others are counted but not named here.
    held_ids = [activity.pk for activity in progress.activities_held]
    readable = set(
        activities_visible_to(user=request.user, partnership=request.partnership)
        .filter(pk__in=held_ids)
        .values_list("pk", flat=True)
    )
    return TemplateResponse(
        request,
        "governance/priorities/detail.html",
        {
            "priority": priority,
            "form": form if form.errors else None,
            "period_form": form,
            "start": start,
            "end": end,
            "progress": progress,
            "in_force": priority.covers(start, end),
            "activities_shown": [a for a in progress.activities_held if a.pk in readable],
            "activities_hidden": len(held_ids) - len(readable),
            "years": _years(today),
            "rule": RULE,
            "can_manage": request.user.has_perm("partnerships.manage_priorities", request.partnership),
            "can_end": priority.ends_on > today,
        },
    )
