"""What must be true before each step of an activity's lifecycle is marked done (`lifecycle.py` names which guard
each step has). A guard reads the activity (and its related rows) as it stands, and the note given with the move;
it answers "" when the step may be made, or what to do first, in words for the person trying."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from .endorsements import current_request
from .models import Activity
from .models_endorsements import EndorsementRequest

Subject = EndorsementRequest.Subject
Outcome = EndorsementRequest.Outcome


@dataclass(frozen=True)
class Guard:
    """What must be true before a step is marked done. `check(activity, note)` answers "" when it is, or what
    to do first, in words for the person trying."""

    name: str
    check: Callable[[Activity, str], str]

    def __call__(self, activity: Activity, note: str = "") -> str:
        return self.check(activity, note)


def _text(attribute: str, message: str) -> Guard:
    return Guard(f"has_{attribute}", lambda a, note: "" if getattr(a, attribute, "").strip() else message)


def agreed(subject: str) -> Guard:
    label = Subject(subject).label.lower()

    def check(activity: Activity, note: str) -> str:
        request = current_request(activity, subject)
        if request is None:
            return f"The {label} has not been put to the partners yet"
        if request.outcome == Outcome.AGREED:
            return ""
        if request.outcome == Outcome.DECLINED:
            who = ", ".join(str(p.user) for p in request.parties.all() if p.decision == "declined")
            return f"The {label} was declined by {who}: revise it and ask again"
        waiting = ", ".join(str(p.user) for p in request.parties.all() if p.decision == "pending")
        return f"Waiting for {waiting} to endorse the {label}"

    return Guard(f"agreed_{subject}", check)


def _related(activity: Activity, name: str):
    try:
        return getattr(activity, name)
    except ObjectDoesNotExist:
        return None


def _dates_set(activity: Activity, note: str) -> str:
    if activity.starts_at is None or activity.ends_at is None:
        return "Fix the dates first, on the dates page"
    return ""


def _date_reached(activity: Activity, note: str) -> str:
    if activity.starts_at is None:
        return "Fix the dates first, on the dates page"
    if activity.starts_at > timezone.now():
        when = timezone.localtime(activity.starts_at)
        return f"It takes place on {when:%-d %B %Y}: mark it held on the day or after"
    return ""


def _programme_sent(activity: Activity, note: str) -> str:
    if not activity.programme.exists():
        return "Add the programme's items first"
    if not activity.invitation_sequence:
        return "Send the programme to the participants first"
    return ""


def _panel_ready(activity: Activity, note: str) -> str:
    """The panel's lines of enquiry are written by its members on the casework app's preparation page where it
    is installed, or as the activity's lines of questioning: either will do."""
    if activity.iso_id is None:
        return "Assign the ISO who leads the panel first (change the activity's details)"
    if activity.lines_of_questioning.strip():
        return ""
    try:
        from sightline.casework.selectors import panel_has_enquiries
    except ImportError:
        return "Write the lines of enquiry first"
    if panel_has_enquiries(activity):
        return ""
    return "Write the lines of enquiry first (on the panel's preparation page, or as lines of questioning)"


def _feedback(activity: Activity, note: str) -> str:
    if activity.highlights.strip() or activity.findings.strip():
        return ""
    return "Record the highlights and findings fed back at the end first"


def _plan_linked(activity: Activity, note: str) -> str:
    return "" if activity.action_plan_id else "Hand the outcomes over first: that raises the action plan"


def _plan_has_actions(activity: Activity, note: str) -> str:
    if not activity.action_plan_id:
        return "Hand the outcomes over first: that raises the action plan"
    return "" if activity.action_plan.actions.exists() else "Add the action plan's actions first, on its page"


def _plan_closed(activity: Activity, note: str) -> str:
    if not activity.action_plan_id:
        return "Hand the outcomes over first: that raises the action plan"
    if activity.action_plan.status != "closed":
        return "The action plan is still open: it closes when every action is verified or cancelled"
    return ""


def _agency_named(activity: Activity, note: str) -> str:
    return "" if activity.organisation_id else "Name the agency first"


def _agencies_involved(activity: Activity, note: str) -> str:
    if activity.involved_agencies.exists():
        return ""
    return "Name the agencies involved in the case first (change the activity's details)"


def note_required(message: str) -> Guard:
    return Guard("note_given", lambda a, note: "" if note.strip() else message)


CASES_NOTE = "Say in the note how many cases and which agencies: no names or other details of the children"


def _case_audits(activity: Activity, note: str) -> str:
    """The case audits come from the casework app where it is installed; until then, the business team confirms
    in a note that every involved agency has returned its audit."""
    try:
        from sightline.casework.selectors import case_audits_complete
    except ImportError:
        if note.strip():
            return ""
        return "Confirm in the note that every involved agency has returned its case audit"
    if case_audits_complete(activity):
        return ""
    return "Not every case audit has been returned yet"


def _call_in(attribute: str, message: str) -> Guard:
    def check(activity: Activity, note: str) -> str:
        call_in = _related(activity, "call_in")
        return "" if call_in is not None and getattr(call_in, attribute).strip() else message

    return Guard(f"call_in_{attribute}", check)


def _call_in_described(activity: Activity, note: str) -> str:
    if not activity.organisation_id:
        return "Name the agency first"
    return (
        "" if _related(activity, "call_in") is not None else "Record why the agency is called in, and where"
    )


def _peer_review(attribute: str, message: str) -> Guard:
    def check(activity: Activity, note: str) -> str:
        review = _related(activity, "peer_review")
        return "" if review is not None and getattr(review, attribute).strip() else message

    return Guard(f"peer_review_{attribute}", check)


HAS_THEME = _text("theme", "Describe the theme first")
HAS_REASON = Guard(
    "has_reason", lambda a, note: "" if a.theme.strip() else "Say what the event should look at, and why"
)
HAS_FORMAT = _text("format", "Write the proposed format first")
HAS_TOR = _text("terms_of_reference", "Write the scope and terms of reference first")
HAS_LINES = _text("lines_of_questioning", "Write the lines of questioning first")
HAS_FINDINGS = _text("findings", "Record the findings first")
DATES_SET = Guard("dates_set", _dates_set)
DATE_REACHED = Guard("date_reached", _date_reached)
PROGRAMME_SENT = Guard("programme_sent", _programme_sent)
PANEL_READY = Guard("panel_ready", _panel_ready)
FEEDBACK = Guard("feedback", _feedback)
PLAN_LINKED = Guard("plan_linked", _plan_linked)
PLAN_HAS_ACTIONS = Guard("plan_has_actions", _plan_has_actions)
PLAN_CLOSED = Guard("plan_closed", _plan_closed)
AGENCY_NAMED = Guard("agency_named", _agency_named)
AGENCIES_INVOLVED = Guard("agencies_involved", _agencies_involved)
CASES_IDENTIFIED = Guard("cases_identified", lambda a, note: "" if note.strip() else CASES_NOTE)
CASE_AUDITS = Guard("case_audits", _case_audits)
CALL_IN_DESCRIBED = Guard("call_in_described", _call_in_described)
QUESTIONS = _call_in("questions", "Write the questions for the agency first")
RESPONSE = _call_in("response", "The agency's response has not been recorded yet")
OUTCOME = _call_in("outcome", "Record the outcome of the call-in first")
FOLLOW_UP = _call_in("follow_up", "Record the follow-up, or say that none is needed")
OTHER_AREA = _peer_review("other_partnership", "Name the other partnership first")
TEAM = _peer_review("team", "Name the review team first")
REVIEW_RESPONSE = _peer_review("response", "Record the response to the findings first")
