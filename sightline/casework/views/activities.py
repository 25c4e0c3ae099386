"""The casework of an activity: the list of activities with case samples, an activity's cases and panel, and the
business team's pages to add and change cases, name the panel and ask the agencies for their audits."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline import policy
from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from .. import cases, panel, requests, selectors
from ..forms import LISTED_TYPES, CaseForm, PanelMemberForm, RequestForm
from ..models import CaseAudit, PanelMember
from . import activity_or_404, posted

S = CaseAudit.Status


def _to_activity(request, activity):
    return redirect("activity_casework", slug=request.partnership.slug, activity_id=activity.pk)


@partnership_view("casework.view_casework")
@require_GET
def casework_index(request):
    return TemplateResponse(
        request,
        "casework/index.html",
        {
            "activities": selectors.casework_list(user=request.user, partnership=request.partnership),
            "is_business_team": policy.is_business_team(request.user, request.partnership),
        },
    )


@partnership_view("casework.view_casework")
@require_GET
def activity_casework(request, activity_id):
    activity = activity_or_404(request, activity_id)
    on_panel = policy.on_open_panel(request.user, activity)
    rows = selectors.sample_rows(user=request.user, activity=activity, on_panel=on_panel)
    is_business_team = policy.is_business_team(request.user, request.partnership)
    audits = [item["audit"] for row in rows for item in row["agencies"] if item["audit"] is not None]
    unrequested = sum(1 for row in rows for item in row["agencies"] if item["audit"] is None)
    is_open = activity.status not in policy.PANEL_ENDED_STATES
    return TemplateResponse(
        request,
        "casework/activity.html",
        {
            "activity": activity,
            "rows": rows,
            "panel": selectors.panel_of(activity=activity),
            "submitted": sum(1 for a in audits if a.status == S.SUBMITTED),
            "requested": len(audits),
            "unrequested": unrequested,
            "without_lead": selectors.agencies_without_a_lead(activity=activity) if is_business_team else [],
            "can_manage": is_business_team and is_open,
            "on_panel": on_panel,
            "is_open": is_open,
        },
    )


def _activity_to_manage(request, activity_id):
    activity = activity_or_404(request, activity_id)
    if activity.status in policy.PANEL_ENDED_STATES:
        messages.error(request, "This activity has finished: its cases and panel can no longer change")
        return activity, _to_activity(request, activity)
    return activity, None


def _agencies_initial(activity) -> dict:
    """A case-specific event is about one case, whose agencies the business team named when convening it: they
    are ticked already on its case form."""
    if activity.kind != "case_specific":
        return {}
    agencies = list(activity.involved_agencies.order_by("name"))
    return {
        "agencies": [a.pk for a in agencies if a.type in LISTED_TYPES],
        "other_agencies": "\n".join(a.name for a in agencies if a.type not in LISTED_TYPES),
    }


@partnership_view("casework.manage_cases")
@creates
@require_http_methods(["GET", "POST"])
def case_create(request, activity_id):
    activity, finished = _activity_to_manage(request, activity_id)
    if finished:
        return finished
    form = CaseForm(posted(request), partnership=request.partnership, initial=_agencies_initial(activity))
    if request.method == "POST" and form.is_valid():
        try:
            case = cases.case_create(by=request.user, activity=activity, **form.service_arguments())
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Case {case.reference} added")
            if "add_another" in request.POST:
                return redirect("case_create", slug=request.partnership.slug, activity_id=activity.pk)
            return _to_activity(request, activity)
    return TemplateResponse(
        request, "casework/case_form.html", {"form": form, "activity": activity, "case": None}
    )


def _case_or_404(activity, case_id):
    case = activity.cases.filter(pk=case_id).select_related("activity__partnership").first()
    if case is None:
        raise Http404
    return case


@partnership_view("casework.manage_cases")
@require_http_methods(["GET", "POST"])
def case_edit(request, activity_id, case_id):
    activity, finished = _activity_to_manage(request, activity_id)
    if finished:
        return finished
    case = _case_or_404(activity, case_id)
    agencies = list(case.agencies.all())
    initial = {
        "age_band": case.age_band,
        "agencies": [a.pk for a in agencies if a.type in LISTED_TYPES],
        "other_agencies": "\n".join(a.name for a in agencies if a.type not in LISTED_TYPES),
    }
    form = CaseForm(posted(request), partnership=request.partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cases.case_update(by=request.user, case=case, **form.service_arguments())
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Case {case.reference} saved")
            return _to_activity(request, activity)
    return TemplateResponse(
        request, "casework/case_form.html", {"form": form, "activity": activity, "case": case}
    )


@partnership_view("casework.manage_cases")
@require_POST
def case_remove(request, activity_id, case_id):
    activity = activity_or_404(request, activity_id)
    case = _case_or_404(activity, case_id)
    try:
        cases.case_remove(by=request.user, case=case)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Case {case.reference} removed from the sample")
    return _to_activity(request, activity)


@partnership_view("casework.manage_cases")
@creates
@require_http_methods(["GET", "POST"])
def panel_add(request, activity_id):
    activity, finished = _activity_to_manage(request, activity_id)
    if finished:
        return finished
    form = PanelMemberForm(posted(request))
    if request.method == "POST" and form.is_valid():
        person = form.person
        try:
            panel.panel_member_add(
                by=request.user, activity=activity, user=person, role=form.cleaned_data["role"]
            )
        except TransitionError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"{person} added to the panel")
            return _to_activity(request, activity)
    return TemplateResponse(request, "casework/panel_form.html", {"form": form, "activity": activity})


@partnership_view("casework.manage_cases")
@require_POST
def panel_remove(request, activity_id, member_id):
    activity = activity_or_404(request, activity_id)
    member = (
        PanelMember.objects.filter(activity=activity, pk=member_id).select_related("user", "activity").first()
    )
    if member is None:
        raise Http404
    try:
        panel.panel_member_remove(by=request.user, member=member)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{member.user} is no longer on the panel")
    return _to_activity(request, activity)


@partnership_view("casework.manage_cases")
@require_http_methods(["GET", "POST"])
def audits_request(request, activity_id):
    activity, finished = _activity_to_manage(request, activity_id)
    if finished:
        return finished
    rows = selectors.sample_rows(user=request.user, activity=activity, on_panel=False)
    waiting = [
        (row["case"], item["agency"]) for row in rows for item in row["agencies"] if item["audit"] is None
    ]
    form = RequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            created = requests.case_audits_request(by=request.user, activity=activity, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            n = len(created)
            messages.success(
                request, f"{n} case audit{'s' if n != 1 else ''} requested. The agencies' leads are told."
            )
            return _to_activity(request, activity)
    return TemplateResponse(
        request,
        "casework/request_form.html",
        {
            "form": form,
            "activity": activity,
            "waiting": waiting,
            "without_lead": selectors.agencies_without_a_lead(activity=activity),
        },
    )
