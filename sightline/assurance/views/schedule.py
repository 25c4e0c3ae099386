"""Scheduling pages: the dates put forward and who they suit, fixing the dates, the programme and sending it, the
people taking part and their attendance, the calendar invitation, and a person's own unavailable days."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline.audit import services as audit
from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from .. import ics, scheduling, selectors
from ..forms_schedule import (
    AnswerForm,
    AttendanceForm,
    FixDatesForm,
    ParticipantForm,
    ProgrammeItemForm,
    UnavailabilityForm,
    WhenForm,
    organisations_for_participants,
)
from ..lifecycle import lifecycle_of
from ..models import CandidateAnswer, Unavailability
from . import activity_or_404, form_page, posted, require, to_activity


def _answers_by_candidate(activity):
    people = selectors.key_people(activity)
    answers = {
        (answer.candidate_id, answer.user_id): answer.suits
        for answer in CandidateAnswer.objects.filter(candidate__activity=activity)
    }
    return people, answers


@partnership_view("assurance.view_activities")
@creates
@require_http_methods(["GET", "POST"])
def activity_dates(request, activity_id):
    """The dates put forward, with who they suit; the business team adds and withdraws them here."""
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.view_activity", activity)
    manages = request.user.has_perm("assurance.manage_activity", activity)
    form = WhenForm(posted(request)) if manages else None
    if request.method == "POST":
        require(request, "assurance.manage_activity", activity)
        if form.is_valid():
            starts_at, ends_at = form.times()
            try:
                scheduling.candidate_add(
                    by=request.user, activity=activity, starts_at=starts_at, ends_at=ends_at
                )
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, "Date put forward. The partners and the ISO can now say if it suits them."
                )
                return redirect("activity_dates", slug=request.partnership.slug, activity_id=activity.pk)
    candidates = list(activity.candidates.all())
    people, answers = _answers_by_candidate(activity)
    rows = [
        {
            "candidate": candidate,
            "answers": [(person, role, answers.get((candidate.pk, person.pk))) for person, role in people],
            "warnings": selectors.date_warnings(activity, candidate.starts_at, candidate.ends_at),
        }
        for candidate in candidates
    ]
    return TemplateResponse(
        request,
        "assurance/schedule/dates.html",
        {
            "activity": activity,
            "rows": rows,
            "form": form,
            "manages": manages,
            "answers_dates": request.user.has_perm("assurance.answer_dates", activity),
            "finished": lifecycle_of(activity).is_finished(activity.status),
        },
    )


@partnership_view("assurance.view_activities")
@require_POST
def candidate_remove(request, activity_id, candidate_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.manage_activity", activity)
    candidate = activity.candidates.filter(pk=candidate_id).first()
    if candidate is None:
        raise Http404
    scheduling.candidate_remove(by=request.user, candidate=candidate)
    messages.success(request, "Date withdrawn.")
    return redirect("activity_dates", slug=request.partnership.slug, activity_id=activity.pk)


@partnership_view("assurance.view_activities")
@require_http_methods(["GET", "POST"])
def activity_dates_answer(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.answer_dates", activity)
    candidates = list(activity.candidates.all())
    answered = dict(
        CandidateAnswer.objects.filter(candidate__activity=activity, user=request.user).values_list(
            "candidate_id", "suits"
        )
    )
    form = AnswerForm(posted(request), candidates=candidates, answered=answered)
    if request.method == "POST" and form.is_valid():
        scheduling.candidates_answer(by=request.user, activity=activity, answers=form.answers())
        messages.success(request, "Thank you: your answers are saved.")
        return to_activity(activity)
    return form_page(
        request,
        activity,
        form if candidates else None,
        title="Which dates suit you?",
        submit="Save my answers",
        intro="" if candidates else "No dates have been put forward yet.",
    )


@partnership_view("assurance.view_activities")
@require_http_methods(["GET", "POST"])
def activity_dates_fix(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.manage_activity", activity)
    form = FixDatesForm(
        posted(request),
        candidates=list(activity.candidates.all()),
        initial={"location": activity.location},
    )
    warnings = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        warnings = selectors.date_warnings(activity, data["starts_at"], data["ends_at"])
        if warnings and not data["confirm"]:
            form.add_error(
                "confirm", "Some of the key people cannot come: tick the box to fix these dates anyway"
            )
        else:
            try:
                scheduling.activity_dates_fix(
                    by=request.user,
                    activity=activity,
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    location=data["location"],
                    warnings_seen=warnings,
                )
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "The dates are fixed.")
                return to_activity(activity)
    return form_page(
        request, activity, form, title="Fix the dates", submit="Fix the dates", warnings=warnings
    )


@partnership_view("assurance.view_activities")
@creates
@require_http_methods(["GET", "POST"])
def activity_programme(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.view_activity", activity)
    manages = request.user.has_perm("assurance.manage_activity", activity)
    form = ProgrammeItemForm(posted(request)) if manages else None
    if request.method == "POST":
        require(request, "assurance.manage_activity", activity)
        if form.is_valid():
            try:
                scheduling.programme_item_add(by=request.user, activity=activity, **form.cleaned_data)
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Added to the programme.")
                return redirect("activity_programme", slug=request.partnership.slug, activity_id=activity.pk)
    return TemplateResponse(
        request,
        "assurance/schedule/programme.html",
        {
            "activity": activity,
            "items": list(activity.programme.all()),
            "form": form,
            "manages": manages,
            "people_count": activity.participants.filter(user__isnull=False).count(),
            "finished": lifecycle_of(activity).is_finished(activity.status),
        },
    )


@partnership_view("assurance.view_activities")
@require_POST
def programme_item_remove(request, activity_id, item_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.manage_activity", activity)
    item = activity.programme.filter(pk=item_id).first()
    if item is None:
        raise Http404
    scheduling.programme_item_remove(by=request.user, item=item)
    return redirect("activity_programme", slug=request.partnership.slug, activity_id=activity.pk)


@partnership_view("assurance.view_activities")
@creates
@require_POST
def programme_send(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.manage_activity", activity)
    try:
        sent = scheduling.programme_send(by=request.user, activity=activity)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("activity_programme", slug=request.partnership.slug, activity_id=activity.pk)
    messages.success(request, f"The programme has been sent to {sent} {'person' if sent == 1 else 'people'}.")
    return to_activity(activity)


@partnership_view("assurance.view_activities")
@creates
@require_http_methods(["GET", "POST"])
def activity_participants(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.view_activity", activity)
    manages = request.user.has_perm("assurance.manage_activity", activity)
    form = None
    if manages:
        form = ParticipantForm(
            posted(request),
            people=selectors.people_of(request.partnership),
            organisations=organisations_for_participants(request.partnership),
        )
    if request.method == "POST":
        require(request, "assurance.manage_activity", activity)
        if form.is_valid():
            try:
                scheduling.participant_add(by=request.user, activity=activity, **form.cleaned_data)
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Added to the people taking part.")
                return redirect(
                    "activity_participants", slug=request.partnership.slug, activity_id=activity.pk
                )
    participants = list(activity.participants.select_related("organisation"))
    started = activity.starts_at is not None and activity.starts_at <= timezone.now()
    records = request.user.has_perm("assurance.record_event", activity)
    return TemplateResponse(
        request,
        "assurance/schedule/participants.html",
        {
            "activity": activity,
            "participants": participants,
            "form": form,
            "manages": manages,
            "attendance": AttendanceForm(participants=participants)
            if started and records and participants
            else None,
            "finished": lifecycle_of(activity).is_finished(activity.status),
        },
    )


@partnership_view("assurance.view_activities")
@require_POST
def participant_remove(request, activity_id, participant_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.manage_activity", activity)
    participant = activity.participants.filter(pk=participant_id).first()
    if participant is None:
        raise Http404
    scheduling.participant_remove(by=request.user, participant=participant)
    return redirect("activity_participants", slug=request.partnership.slug, activity_id=activity.pk)


@partnership_view("assurance.view_activities")
@require_POST
def attendance_record(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.record_event", activity)
    form = AttendanceForm(request.POST, participants=list(activity.participants.all()))
    if form.is_valid():
        try:
            scheduling.attendance_record(
                by=request.user, activity=activity, attended_ids=form.cleaned_data["present"]
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Attendance recorded.")
    return redirect("activity_participants", slug=request.partnership.slug, activity_id=activity.pk)


@partnership_view("assurance.view_activities")
@require_GET
def activity_invitation_download(request, activity_id):
    """The activity's calendar invitation (.ics), as linked from the programme email."""
    activity = activity_or_404(request, activity_id)
    if activity.starts_at is None or activity.ends_at is None:
        raise Http404
    url = request.build_absolute_uri(
        reverse("activity_detail", kwargs={"slug": activity.partnership.slug, "activity_id": activity.pk})
    )
    text = ics.calendar([ics.activity_event(activity, url=url, programme=activity.programme.all())])
    audit.record(
        actor=request.user,
        verb="activity_invitation.downloaded",
        target=activity,
        partnership=activity.partnership,
    )
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(activity.title)[:60] or "invitation"}.ics"'
    )
    return response


@partnership_view("assurance.record_unavailability")
@creates
@require_http_methods(["GET", "POST"])
def unavailability(request):
    """Your own unavailable days, which the business team sees when it fixes dates."""
    form = UnavailabilityForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            scheduling.unavailability_add(by=request.user, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Saved: the business team will see that you are unavailable then.")
            return redirect("unavailability", slug=request.partnership.slug)
    return TemplateResponse(
        request,
        "assurance/schedule/unavailability.html",
        {"form": form, "periods": list(selectors.unavailability_of(user=request.user))},
    )


@partnership_view("assurance.record_unavailability")
@require_POST
def unavailability_remove(request, period_id):
    period = Unavailability.objects.filter(pk=period_id, user=request.user).first()
    if period is None:
        raise Http404
    scheduling.unavailability_remove(by=request.user, period=period)
    messages.success(request, "Removed.")
    return redirect("unavailability", slug=request.partnership.slug)
