"""The list of activities, starting one, an activity's page with its lifecycle as a task list, marking a step done,
changing its details, and putting its format or terms of reference (or a revised theme) to the partners."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from sightline import policy
from sightline.casework.cases import CASE_KINDS
from sightline.core.access import partnership_view, refuse
from sightline.core.errors import EditConflict, TransitionError
from sightline.core.once import creates

from .. import activities, selectors
from ..forms import ActivityForm, AdvanceForm, DetailsForm, FilterForm, KindForm, SubjectForm
from ..lifecycle import WITHDRAWN, actors_label, lifecycle_of, may_act, state_label
from ..models import Activity
from ..models_endorsements import EndorsementRequest
from . import CONFLICT, activity_or_404, expected_version, form_page, posted, require, to_activity

PER_PAGE = 25
Subject = EndorsementRequest.Subject
SUBJECT_WORDING = {
    Subject.THEME: ("Theme", "Revise the theme and ask the partners again"),
    Subject.CASE_REQUEST: (
        "What the event should look at, and why",
        "Revise the request and ask the partners again",
    ),
    Subject.FORMAT: ("Proposed format", "Propose the format to the three partners"),
    Subject.TERMS_OF_REFERENCE: ("Scope and terms of reference", "Propose the scope and terms of reference"),
}


@partnership_view("assurance.view_activities")
@require_GET
def activity_list(request):
    years = selectors.activity_years(user=request.user, partnership=request.partnership)
    filters = FilterForm(request.GET or None, years=years)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.activity_list(
        user=request.user,
        partnership=request.partnership,
        kind=cleaned.get("kind", ""),
        status=cleaned.get("status", ""),
        year=cleaned.get("year"),
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for activity in page.object_list:
        activity.status_label = state_label(activity.kind, activity.status)
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "assurance/activities/list.html",
        {
            "page": page,
            "filters": filters,
            "query_string": query.urlencode(),
            "can_propose": request.user.has_perm("assurance.propose_activity", request.partnership),
        },
    )


@partnership_view("assurance.propose_activity")
@creates
@require_http_methods(["GET", "POST"])
def activity_create(request):
    """Two questions: what kind of activity (its own page), then its details."""
    manages = request.user.has_perm("assurance.manage_activities", request.partnership)
    kind = request.POST.get("kind") if request.method == "POST" else request.GET.get("kind")
    if kind not in dict(KindForm(partner_only=not manages).fields["kind"].choices):
        kinds = KindForm(request.GET if "kind" in request.GET else None, partner_only=not manages)
        kinds.is_valid()
        return TemplateResponse(request, "assurance/activities/kind.html", {"form": kinds})
    form = ActivityForm(posted(request), kind=kind, partnership=request.partnership, manages=manages)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activities.activity_create(
                by=request.user, partnership=request.partnership, **form.service_arguments()
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{activity.title}: {state_label(activity.kind, activity.status).lower()}."
            )
            return to_activity(activity)
    return TemplateResponse(
        request,
        "assurance/activities/create.html",
        {"form": form, "kind": kind, "kind_label": Activity.Kind(kind).label},
    )


def _work_url(activity: Activity, step) -> str:
    """The page where a step's work is done, or "" when it has none (or its app is not installed)."""
    if not step.work:
        return ""
    try:
        url = reverse(step.work, kwargs={"slug": activity.partnership.slug, "activity_id": activity.pk})
    except NoReverseMatch:
        return ""
    return f"{url}?subject={step.opens}" if step.opens else url


def _task_url(activity: Activity, task) -> str:
    """Where the person who may act on the next step goes: the page that does its work, or the page that marks
    it done."""
    step = task.step
    work = _work_url(activity, step) if step.done_on_page else ""
    if work:
        return work
    kwargs = {"slug": activity.partnership.slug, "activity_id": activity.pk}
    return reverse("activity_advance", kwargs=kwargs) + f"?to={step.state}"


@partnership_view("assurance.view_activities")
@require_GET
def activity_detail(request, activity_id):
    activity = activity_or_404(request, activity_id)
    user = request.user
    tasks, withdrawn = selectors.activity_tasks(activity=activity, user=user)
    for task in tasks:
        # Only the people who may act on the next step get a link, and not while it waits for a sign-off.
        task.url = (
            _task_url(activity, task)
            if task.status == "next" and task.may_act and not task.waiting_for
            else ""
        )
    requests = selectors.activity_requests(activity=activity)
    current = {}
    for item in requests:
        if item.outcome != EndorsementRequest.Outcome.SUPERSEDED:
            current.setdefault(item.subject, item)
    waiting_for_me = [
        item
        for item in current.values()
        if item.is_open and any(p.user_id == user.pk and p.decision == "pending" for p in item.parties.all())
    ]
    lifecycle = lifecycle_of(activity)
    revisable = [
        (subject, SUBJECT_WORDING[subject][1])
        for subject in SUBJECT_WORDING
        if (step := lifecycle.step_opening(subject)) is not None
        and activity.status == step.state
        and current.get(subject) is not None
        and current[subject].outcome == EndorsementRequest.Outcome.DECLINED
        and may_act(user, activity, step.by)
    ]
    return TemplateResponse(
        request,
        "assurance/activities/detail.html",
        {
            "activity": activity,
            "status_label": state_label(activity.kind, activity.status),
            "tasks": tasks,
            "withdrawn": withdrawn,
            "requests": list(current.values()),
            "waiting_for_me": waiting_for_me,
            "revisable": revisable,
            "finished": lifecycle.is_finished(activity.status),
            "sees_whole": policy.sees_whole_partnership(user, activity.partnership),
            "manages": user.has_perm("assurance.manage_activity", activity),
            "records": user.has_perm("assurance.record_event", activity),
            "answers_dates": user.has_perm("assurance.answer_dates", activity),
            "answers_call_in": user.has_perm("assurance.answer_call_in", activity),
            "recommendations": list(activity.recommendations.all()),
            "involved": list(activity.involved_agencies.order_by("name")),
            "programme": list(activity.programme.all()),
            "sees_cases": activity.kind in CASE_KINDS
            and user.has_perm("casework.view_activity_cases", activity),
        },
    )


@partnership_view("assurance.view_activities")
@require_http_methods(["GET", "POST"])
def activity_advance(request, activity_id):
    """Mark a step done (or withdraw the activity), with a note. The step is named in `to` (by default, the next
    one)."""
    activity = activity_or_404(request, activity_id)
    lifecycle = lifecycle_of(activity)
    to = request.POST.get("to") or request.GET.get("to") or ""
    step = lifecycle.step(to)
    if step is None:  # no step named: the next one, or (when it has finished) where it ended
        step = lifecycle.next_step(activity.status) or lifecycle.step(activity.status)
        to = step.state
    form = AdvanceForm(
        posted(request), note_hint=step.note_hint or ("Why it is withdrawn" if to == WITHDRAWN else "")
    )
    if request.method == "POST" and form.is_valid():
        try:
            activities.activity_advance(
                by=request.user, activity=activity, to=to, note=form.cleaned_data["note"]
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Done: {step.label}.")
            return to_activity(activity)
    reason = step.guard(activity, "x" if step.note_hint or to == WITHDRAWN else "") if step.guard else ""
    work = _work_url(activity, step)
    return TemplateResponse(
        request,
        "assurance/activities/advance.html",
        {
            "activity": activity,
            "step": step,
            "to": to,
            "form": form,
            "allowed": to in lifecycle.allowed(activity.status),
            "may_act": may_act(request.user, activity, step.by),
            "reason": reason,
            "work_url": work,
            "withdrawing": to == WITHDRAWN,
            "who": actors_label(step.by),
        },
    )


@partnership_view("assurance.manage_activities")
@require_http_methods(["GET", "POST"])
def activity_edit(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.manage_activity", activity)
    initial = {
        "title": activity.title,
        "description": activity.description,
        "iso": activity.iso_id,
        "location": activity.location,
        "involved_agencies": [o.pk for o in activity.involved_agencies.all()],
    }
    form = DetailsForm(
        posted(request),
        initial=initial,
        partnership=request.partnership,
        current_priorities=activity.priorities.all(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            activities.activity_update(
                by=request.user,
                activity=activity,
                expected_version=expected_version(request),
                **form.cleaned_data,
            )
        except EditConflict as error:
            request.conflict = error.current
            form.add_error(None, CONFLICT)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Details saved.")
            return to_activity(activity)
    return form_page(request, activity, form, title="Change the details", submit="Save the details")


def _subject_now(activity: Activity) -> str:
    """The sign-off this activity could be asked for or revised at its step, else its first."""
    lifecycle = lifecycle_of(activity)
    subjects = [s for s in SUBJECT_WORDING if lifecycle.step_opening(s) is not None]
    for subject in subjects:
        opening = lifecycle.step_opening(subject).state
        if activity.status in (opening, lifecycle.previous_state(opening)):
            return subject
    return subjects[0] if subjects else ""


@partnership_view("assurance.view_activities")
@require_http_methods(["GET", "POST"])
def activity_propose(request, activity_id):
    """Propose the format or the terms of reference to the partners, or revise a theme, request, format or terms
    of reference they have not agreed and ask them again. `subject` names which."""
    activity = activity_or_404(request, activity_id)
    lifecycle = lifecycle_of(activity)
    subject = request.POST.get("subject") or request.GET.get("subject") or ""
    if subject not in SUBJECT_WORDING:
        subject = _subject_now(activity)
    step = lifecycle.step_opening(subject) if subject else None
    if step is None:
        return to_activity(activity)
    if not may_act(request.user, activity, step.by):
        refuse(request, "assurance.propose_activity")
    label, action = SUBJECT_WORDING[subject]
    current = getattr(activity, activities.SUBJECT_FIELDS[subject])
    form = SubjectForm(
        posted(request),
        initial={"text": current},
        label=label,
        hint="The three delegated safeguarding partners are each asked to endorse it",
    )
    if request.method == "POST" and form.is_valid():
        try:
            activities.activity_subject_propose(
                by=request.user, activity=activity, subject=subject, text=form.cleaned_data["text"]
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{label}: the partners have been asked to endorse it.")
            return to_activity(activity)
    open_now = activity.status in (step.state, lifecycle.previous_state(step.state))
    return form_page(
        request,
        activity,
        form if open_now else None,
        title=action,
        submit="Ask the partners to endorse it",
        intro="" if open_now else f"The {label.lower()} cannot be changed at this step.",
        hidden={"subject": subject},
    )
