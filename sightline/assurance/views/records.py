"""Pages for the record of an activity: preparation, feedback at the end, the overview and recommendations and
putting them to the partners, the handover to the learning group, publication, and the particulars of call-ins
and peer reviews."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.views.decorators.http import require_http_methods, require_POST

from sightline.casework.checking import IdentifyingDetails
from sightline.core.access import partnership_view
from sightline.core.errors import EditConflict, TransitionError

from .. import records
from ..forms_record import (
    CallInForm,
    CallInResponseForm,
    FeedbackForm,
    HandoverForm,
    OverviewForm,
    PeerReviewForm,
    PreparationForm,
    PublicationForm,
)
from ..lifecycle import lifecycle_of
from ..models import Activity
from . import CONFLICT, activity_or_404, expected_version, form_page, posted, require, to_activity


def _saved(request, activity, form, save, message: str, versioned: bool = True, **arguments):
    """Save through the service; on a refusal, or someone else's save meanwhile, the form shows why (and what they
    saved, in `request.conflict`), keeping what this editor typed. On the guard's warning, `request.warning`
    holds it for the page to show and to build the form with the box to confirm."""
    if versioned:
        arguments["expected_version"] = expected_version(request)
    try:
        save(by=request.user, activity=activity, **arguments)
    except IdentifyingDetails as warning:
        request.warning = warning
        return None
    except EditConflict as error:
        request.conflict = error.current
        form.add_error(None, CONFLICT)
        return None
    except TransitionError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, message)
    return to_activity(activity)


def _warned(request, form, form_class, **kwargs):
    """After the guard's warning, the form again with what was typed, the box to confirm and the token."""
    warning = getattr(request, "warning", None)
    if warning is None:
        return form
    form = form_class(warning.data_with(request.POST), **kwargs)
    form.is_valid()
    return form


@partnership_view("assurance.view_activities")
@require_http_methods(["GET", "POST"])
def activity_preparation(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.record_event", activity)
    form = PreparationForm(posted(request), initial={"lines_of_questioning": activity.lines_of_questioning})
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request, activity, form, records.activity_preparation_save, "Saved.", **form.cleaned_data
        )
        if done:
            return done
    return form_page(request, activity, form, title="Lines of questioning", submit="Save")


@partnership_view("assurance.view_activities")
@require_http_methods(["GET", "POST"])
def activity_feedback(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.record_event", activity)
    initial = {name: getattr(activity, name) for name in ("highlights", "findings", "immediate_actions")}
    form = FeedbackForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            activity,
            form,
            records.activity_feedback_save,
            "Saved.",
            identifiers_confirmation=form.identifiers_confirmation,
            **form.entered(),
        )
        if done:
            return done
        form = _warned(request, form, FeedbackForm, initial=initial)
    return form_page(
        request,
        activity,
        form,
        title="Feedback at the end" if activity.kind != Activity.Kind.PEER_REVIEW else "Findings",
        submit="Save",
        intro="What was fed back to the agencies' representatives at the end: highlights, findings, and areas "
        "for immediate consideration and action.",
    )


@partnership_view("assurance.view_activities")
@require_http_methods(["GET", "POST"])
def activity_overview(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.record_event", activity)
    initial = {
        "overview": activity.overview,
        "recommendations": "\n".join(r.text for r in activity.recommendations.all()),
    }
    form = OverviewForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            activity,
            form,
            records.activity_overview_save,
            "Overview saved. When it is ready, put it to the partners from this page.",
            overview=form.cleaned_data["overview"],
            recommendations=form.recommendation_list(),
        )
        if done:
            return done
    step = lifecycle_of(activity).step_agreed_by("overview")
    ready = step is not None and activity.status == lifecycle_of(activity).previous_state(step.state)
    return form_page(
        request,
        activity,
        form,
        title="Overview report and recommendations",
        submit="Save the overview",
        intro="Written by the independent scrutiny officer with the business team.",
        overview_ready=ready and bool(activity.overview.strip()),
    )


@partnership_view("assurance.view_activities")
@require_POST
def activity_overview_submit(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.record_event", activity)
    try:
        records.activity_overview_submit(by=request.user, activity=activity)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The three partners have been asked to endorse the overview.")
    return to_activity(activity)


@partnership_view("assurance.manage_activities")
@require_http_methods(["GET", "POST"])
def activity_handover(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.manage_activity", activity)
    form = HandoverForm(posted(request), initial={"plan_title": f"{activity.title}: action plan"})
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            activity,
            form,
            records.activity_handover,
            "Handed over: the action plan is raised. Add its actions on the plan's page.",
            versioned=False,
            **form.cleaned_data,
        )
        if done:
            return done
    lifecycle = lifecycle_of(activity)
    ready = "handed_over" in lifecycle.states and activity.status == lifecycle.previous_state("handed_over")
    return form_page(
        request,
        activity,
        form if ready else None,
        title="Hand the outcomes over",
        submit="Raise the action plan and hand over",
        intro="This raises the linked action plan, which the learning group follows until every action is verified."
        if ready
        else "The outcomes are handed over once the feedback is recorded (or the overview agreed).",
    )


@partnership_view("assurance.manage_activities")
@require_http_methods(["GET", "POST"])
def activity_publication(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.manage_activity", activity)
    initial = {
        "publish": activity.publish_highlights,
        "text": activity.publication_text or activity.highlights,
    }
    form = PublicationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            activity,
            form,
            records.activity_publication_save,
            "Saved.",
            identifiers_confirmation=form.identifiers_confirmation,
            **form.entered(),
        )
        if done:
            return done
        form = _warned(request, form, PublicationForm, initial=initial)
    return form_page(
        request,
        activity,
        form,
        title="Highlights for publication",
        submit="Save",
        intro="Highlights marked here will appear on the partnership's public site when it opens.",
    )


def _call_in(activity):
    try:
        return activity.call_in
    except ObjectDoesNotExist:
        raise Http404 from None


@partnership_view("assurance.manage_activities")
@require_http_methods(["GET", "POST"])
def call_in_edit(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.manage_activity", activity)
    call_in = _call_in(activity)
    initial = {name: getattr(call_in, name) for name in records.CALL_IN_FIELDS}
    form = CallInForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            activity,
            form,
            records.call_in_save,
            "Saved.",
            **form.cleaned_data,
        )
        if done:
            return done
    return form_page(request, activity, form, title="The call-in", submit="Save")


@partnership_view("assurance.view_activities")
@require_http_methods(["GET", "POST"])
def call_in_respond(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.answer_call_in", activity)
    call_in = _call_in(activity)
    form = CallInResponseForm(posted(request), initial={"response": call_in.response})
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            activity,
            form,
            records.call_in_respond,
            "Your response is saved.",
            versioned=False,
            **form.cleaned_data,
        )
        if done:
            return done
    open_now = activity.status in ("questions_sent", "response_received")
    return form_page(
        request,
        activity,
        form if open_now else None,
        title="Respond to the call-in",
        submit="Save the response",
        intro="" if open_now else "Responses are taken once the questions are sent, until the meeting.",
        questions=call_in.questions,
    )


@partnership_view("assurance.manage_activities")
@require_http_methods(["GET", "POST"])
def peer_review_edit(request, activity_id):
    activity = activity_or_404(request, activity_id)
    require(request, "assurance.manage_activity", activity)
    try:
        review = activity.peer_review
    except ObjectDoesNotExist:
        raise Http404 from None
    initial = {name: getattr(review, name) for name in records.PEER_REVIEW_FIELDS}
    form = PeerReviewForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            activity,
            form,
            records.peer_review_save,
            "Saved.",
            **form.cleaned_data,
        )
        if done:
            return done
    return form_page(request, activity, form, title="The peer review", submit="Save")
