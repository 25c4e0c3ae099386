"""Meetings of the groups: the list, scheduling, the meeting page (agenda, ordering, decisions, recording it as
held) and the minutes as a Word document."""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline.audit.services import record
from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates
from sightline.partnerships.models import Group

from . import decisions, meetings, selectors
from .forms import DecisionForm, HeldForm, ItemForm, MeetingForm
from .minutes import CONTENT_TYPE, build_minutes_docx, minutes_filename
from .models import Meeting


def _meeting_or_404(request, meeting_id) -> Meeting:
    meeting = selectors.meeting_for(partnership=request.partnership, meeting_id=meeting_id)
    if meeting is None:
        raise Http404
    return meeting


def _to_meeting(request, meeting):
    return redirect("meeting_detail", slug=request.partnership.slug, meeting_id=meeting.pk)


@partnership_view("governance.view_meetings")
@require_GET
def meeting_list(request):
    groups = list(Group.objects.filter(partnership=request.partnership).order_by("kind", "name"))
    chosen = request.GET.get("group", "")
    group_id = next((group.pk for group in groups if str(group.pk) == chosen), None)
    return TemplateResponse(
        request,
        "governance/list.html",
        {
            "meetings": selectors.meetings_of(partnership=request.partnership, group_id=group_id)[:200],
            "groups": groups,
            "chosen": str(group_id or ""),
            "can_manage": request.user.has_perm("governance.manage_meetings", request.partnership),
        },
    )


@partnership_view("governance.manage_meetings")
@creates
@require_http_methods(["GET", "POST"])
def meeting_schedule(request):
    form = MeetingForm(request.POST or None, partnership=request.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.meeting_schedule(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{meeting.title} is scheduled. Build its agenda when you are ready.")
            return _to_meeting(request, meeting)
    return TemplateResponse(request, "governance/form.html", {"form": form})


def _render(request, meeting, *, failed=None, failed_item=None, item_form=None, held_form=None, status=200):
    items = selectors.agenda_of(meeting=meeting)
    can_manage = request.user.has_perm("governance.manage_meetings", request.partnership)
    open_ = meeting.status == Meeting.Status.SCHEDULED
    today = timezone.localdate()
    # Completions proposed and plans raised since the agenda was built wait for the chair to add them.
    waiting = len(meetings.agenda_missing(meeting, today=today)) if can_manage and open_ else 0
    rows = []
    for item in items:
        decided = getattr(item, "decision", None)
        form = None
        if can_manage and open_ and decided is None:
            form = failed if failed_item == item.pk else DecisionForm(item=item, by=request.user)
        rows.append((item, decided, form))
    if held_form is None and can_manage and open_:
        held_form = HeldForm(today=today, initial={"held_on": meetings.held_on_likely(meeting, today=today)})
    return TemplateResponse(
        request,
        "governance/detail.html",
        {
            "meeting": meeting,
            "rows": rows,
            "can_manage": can_manage and open_,
            "waiting": waiting,
            "item_form": item_form or ItemForm(),
            "held_form": held_form,
            "form": failed or (item_form if item_form is not None and item_form.errors else None),
        },
        status=status,
    )


@partnership_view("governance.view_meetings")
@require_GET
def meeting_detail(request, meeting_id):
    return _render(request, _meeting_or_404(request, meeting_id))


@partnership_view("governance.manage_meetings")
@require_POST
def meeting_build_agenda(request, meeting_id):
    meeting = _meeting_or_404(request, meeting_id)
    try:
        added = meetings.agenda_build(by=request.user, meeting=meeting)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{added} item{'s' if added != 1 else ''} added from the state of the plans."
            if added
            else "Nothing new to add: the agenda already holds everything the plans put before the meeting.",
        )
    return _to_meeting(request, meeting)


@partnership_view("governance.manage_meetings")
@creates
@require_POST
def meeting_add_item(request, meeting_id):
    meeting = _meeting_or_404(request, meeting_id)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            meetings.item_add(by=request.user, meeting=meeting, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Item added to the agenda.")
            return _to_meeting(request, meeting)
    return _render(request, meeting, item_form=form)


@partnership_view("governance.manage_meetings")
@require_POST
def meeting_move_item(request, meeting_id):
    meeting = _meeting_or_404(request, meeting_id)
    item_id = request.POST.get("item", "")
    item = meeting.items.filter(pk=item_id).first() if _is_uuid(item_id) else None
    if item is None:
        raise Http404
    try:
        meetings.item_move(by=request.user, item=item, up=request.POST.get("direction") == "up")
    except TransitionError as error:
        messages.error(request, str(error))
    return _to_meeting(request, meeting)


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@partnership_view("governance.manage_meetings")
@require_POST
def meeting_decide(request, meeting_id):
    meeting = _meeting_or_404(request, meeting_id)
    item_id = request.POST.get("item", "")
    item = selectors.agenda_item_for(meeting=meeting, item_id=item_id) if _is_uuid(item_id) else None
    if item is None:
        messages.error(
            request, "That item is not on this meeting's agenda, so the meeting cannot decide on it"
        )
        return _to_meeting(request, meeting)
    form = DecisionForm(request.POST, item=item, by=request.user)
    if form.is_valid():
        try:
            decisions.decision_record(by=request.user, meeting=meeting, item_id=item.pk, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Decision recorded: {item.title}")
            return _to_meeting(request, meeting)
    return _render(request, meeting, failed=form, failed_item=item.pk)


@partnership_view("governance.manage_meetings")
@require_POST
def meeting_held(request, meeting_id):
    meeting = _meeting_or_404(request, meeting_id)
    form = HeldForm(request.POST, today=timezone.localdate())
    if form.is_valid():
        try:
            meetings.meeting_close(by=request.user, meeting=meeting, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"The meeting is recorded as held on {form.cleaned_data['held_on']:%-d %B %Y}. "
                "Its minutes are ready to download.",
            )
            return _to_meeting(request, meeting)
    return _render(request, meeting, held_form=form, failed=form)


@partnership_view("governance.view_meetings")
@require_GET
def meeting_minutes(request, meeting_id):
    meeting = _meeting_or_404(request, meeting_id)
    content = build_minutes_docx(meeting, selectors.agenda_of(meeting=meeting))
    record(
        actor=request.user,
        verb="meeting.minutes.exported",
        target=meeting,
        partnership=request.partnership,
    )
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{minutes_filename(meeting)}"'
    return response
