"""Chasing from the tracking page: the business team sends a reminder now to one return or every late one."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError

from .. import reminders
from ..models import Cycle
from ..selectors import SUBMITTED_STATES
from .cycles import _cycle_or_404


def _organisations(n: int, singular: str = "", plural: str = "") -> str:
    """'1 organisation has', '2 organisations have': the count with its noun and, if given, its verb."""
    verb = singular if n == 1 else plural
    return f"{n} organisation{'' if n == 1 else 's'}" + (f" {verb}" if verb else "")


def _names(submissions, limit: int = 5) -> str:
    names = [submission.organisation.name for submission in submissions]
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _chase(request, cycle: Cycle, submissions):
    try:
        result = reminders.submissions_chase(by=request.user, cycle=cycle, submissions=submissions)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("cycle_detail", slug=request.partnership.slug, cycle_id=cycle.pk)
    sent, already = len(result.sent), len(result.already_today)
    if sent or already:
        text = f"Reminder sent to {_organisations(sent)}."
        if already:
            text += (
                f" {_organisations(already)} had already had a reminder email today, so "
                f"{'was' if already == 1 else 'were'} not sent another: {_names(result.already_today)}."
            )
        messages.success(request, text)
    elif not (result.no_lead or result.locked or result.submitted):
        messages.info(request, "Every organisation has submitted its return: there is nobody to remind.")
    if result.no_lead:
        messages.warning(
            request,
            f"{_organisations(len(result.no_lead), 'has', 'have')} no safeguarding lead account, so nobody there was "
            f"reminded: {_names(result.no_lead)}. Invite a lead from the organisation's page.",
        )
    if result.locked:
        messages.warning(
            request,
            f"{_organisations(len(result.locked), 'is', 'are')} past the deadline and the cycle is closed, so "
            f"cannot submit: {_names(result.locked)}. Give an extension first, then remind them.",
        )
    if result.submitted:
        messages.info(request, f"Already submitted, so not reminded: {_names(result.submitted)}.")
    return redirect("cycle_detail", slug=request.partnership.slug, cycle_id=cycle.pk)


@partnership_view("assessments.manage_cycles")
@require_POST
def cycle_chase_all(request, cycle_id):
    cycle = _cycle_or_404(request, cycle_id)
    return _chase(request, cycle, cycle.submissions.exclude(status__in=SUBMITTED_STATES))


@partnership_view("assessments.manage_cycles")
@require_POST
def submission_chase(request, cycle_id, submission_id):
    cycle = _cycle_or_404(request, cycle_id)
    submission = cycle.submissions.filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    return _chase(request, cycle, [submission])
