"""Every type of assurance activity's lifecycle (ARCHITECTURE.md §3), as data: the steps in order, who may mark
each one done, and what must be true first.

An activity's `status` is the last step it completed. It moves one step at a time, to the next step of its type's
table, or out to `withdrawn` (the business team, with a reason) from anywhere short of the end. The one service
that moves it, `activities.activity_advance`, checks this table, the step's actors and its guard, and refuses
anything else with the guard's message. A step that waits for a sign-off (`agreed_by`) is completed by the
system the moment the sign-off is agreed; a step that `opens` a sign-off asks the parties when it is entered.

    thematic:           theme proposed → endorsed by the three partners → format proposed → endorsed → dates
                        fixed → preparation → programme sent → held → feedback given → to the learning group →
                        action plan monitored → closed
    practice learning:  theme proposed → agreed → cases identified → case audits returned → panel prepared →
                        held → overview agreed → to the learning group → monitored → closed
    case-specific:      requested by a partner → agreed by the partners → convened → case audits in → meeting
                        held → learning written up → to the learning group → closed
    agency-specific, partnership audit, call-in, peer review: the same skeleton with the steps that apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sightline import policy

from .guards import (
    AGENCIES_INVOLVED,
    AGENCY_NAMED,
    CALL_IN_DESCRIBED,
    CASE_AUDITS,
    CASES_IDENTIFIED,
    CASES_NOTE,
    DATE_REACHED,
    DATES_SET,
    FEEDBACK,
    FOLLOW_UP,
    HAS_FINDINGS,
    HAS_FORMAT,
    HAS_LINES,
    HAS_REASON,
    HAS_THEME,
    HAS_TOR,
    OTHER_AREA,
    OUTCOME,
    PANEL_READY,
    PLAN_CLOSED,
    PLAN_HAS_ACTIONS,
    PLAN_LINKED,
    PROGRAMME_SENT,
    QUESTIONS,
    RESPONSE,
    REVIEW_RESPONSE,
    TEAM,
    Guard,
    agreed,
    note_required,
)
from .models import Activity
from .models_endorsements import EndorsementRequest

Kind = Activity.Kind
Subject = EndorsementRequest.Subject

# Who may mark a step done.
BUSINESS, PARTNER, ISO, CHAIR, AGENCY = "business_team", "partner", "iso", "learning_chair", "agency_lead"
ACTORS: dict[str, tuple[str, Callable]] = {
    BUSINESS: ("the business team", policy.business_team_of_activity),
    PARTNER: ("a delegated safeguarding partner", policy.partner_of_activity),
    ISO: ("the ISO assigned", policy.is_assigned_iso),
    CHAIR: ("the learning group's chair", policy.learning_chair_of_activity),
    AGENCY: ("the agency's safeguarding lead", policy.leads_called_in_agency),
}
WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Step:
    state: str
    label: str
    by: tuple[str, ...]
    guard: Guard | None = None
    opens: str = ""  # the sign-off asked for when the activity enters this step
    agreed_by: str = ""  # the sign-off whose agreement completes this step
    on_enter: tuple[str, ...] = ()  # what else happens on entering it (activities.EFFECTS)
    work: str = ""  # the page where this step's work is done, for the task list
    done_on_page: bool = False  # the work page marks the step done itself (proposing, fixing dates, sending)
    note_hint: str = ""  # what the note should say, where the guard reads the note


@dataclass(frozen=True)
class Lifecycle:
    kind: str
    steps: tuple[Step, ...]
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self._index.update({step.state: i for i, step in enumerate(self.steps)})

    @property
    def first(self) -> Step:
        return self.steps[0]

    @property
    def states(self) -> list[str]:
        return [step.state for step in self.steps]

    def index(self, state: str) -> int:
        return self._index[state]

    def step(self, state: str) -> Step | None:
        if state == WITHDRAWN:
            return WITHDRAW
        i = self._index.get(state)
        return None if i is None else self.steps[i]

    def is_finished(self, state: str) -> bool:
        return state == WITHDRAWN or state == self.steps[-1].state

    def next_step(self, state: str) -> Step | None:
        i = self._index.get(state)
        return None if i is None or i + 1 >= len(self.steps) else self.steps[i + 1]

    def allowed(self, state: str) -> set[str]:
        """The states an activity in `state` may move to."""
        if self.is_finished(state):
            return set()
        following = self.next_step(state)
        return {WITHDRAWN} | ({following.state} if following else set())

    def label(self, state: str) -> str:
        step = self.step(state)
        return step.label if step else state

    def step_agreed_by(self, subject: str) -> Step | None:
        return next((step for step in self.steps if step.agreed_by == subject), None)

    def step_opening(self, subject: str) -> Step | None:
        return next((step for step in self.steps if step.opens == subject), None)

    def previous_state(self, state: str) -> str | None:
        i = self._index.get(state)
        return self.steps[i - 1].state if i else None


WITHDRAW = Step(WITHDRAWN, "Withdrawn", (BUSINESS,), note_required("Say why the activity is withdrawn"))

# Steps several types share.
DATES = Step(
    "dates_fixed", "Dates fixed", (BUSINESS,), DATES_SET, work="activity_dates_fix", done_on_page=True
)
PROGRAMME = Step(
    "programme_sent",
    "Programme agreed and sent",
    (BUSINESS,),
    PROGRAMME_SENT,
    work="activity_programme",
    done_on_page=True,
)
FEEDBACK_GIVEN = Step("feedback_given", "Feedback given", (BUSINESS, ISO), FEEDBACK, work="activity_feedback")
TO_LEARNING_GROUP = Step(
    "handed_over",
    "Outcomes to the learning group (SPLAD)",
    (BUSINESS,),
    PLAN_LINKED,
    work="activity_handover",
    done_on_page=True,
)
MONITORED = Step("monitored", "Action plan monitored", (CHAIR, BUSINESS), PLAN_HAS_ACTIONS)
CLOSED_WITH_PLAN = Step("closed", "Closed", (BUSINESS, CHAIR), PLAN_CLOSED)
FORMAT_PROPOSED = Step(
    "format_proposed",
    "Format proposed",
    (BUSINESS,),
    HAS_FORMAT,
    opens=Subject.FORMAT,
    work="activity_propose",
    done_on_page=True,
)
FORMAT_ENDORSED = Step(
    "format_endorsed",
    "Format endorsed by the three partners",
    (BUSINESS,),
    agreed(Subject.FORMAT),
    agreed_by=Subject.FORMAT,
)
TOR_PROPOSED = Step(
    "tor_proposed",
    "Scope and terms of reference proposed",
    (BUSINESS,),
    HAS_TOR,
    opens=Subject.TERMS_OF_REFERENCE,
    work="activity_propose",
    done_on_page=True,
)
TOR_AGREED = Step(
    "tor_agreed",
    "Terms of reference signed off by the three partners",
    (BUSINESS,),
    agreed(Subject.TERMS_OF_REFERENCE),
    agreed_by=Subject.TERMS_OF_REFERENCE,
)


def _overview(label: str) -> Step:
    return Step(
        "overview_agreed",
        label,
        (ISO, BUSINESS),
        agreed(Subject.OVERVIEW),
        agreed_by=Subject.OVERVIEW,
        work="activity_overview",
    )


LIFECYCLES: dict[str, Lifecycle] = {
    lifecycle.kind: lifecycle
    for lifecycle in [
        Lifecycle(
            Kind.THEMATIC,
            (
                Step("theme_proposed", "Theme proposed", (PARTNER, BUSINESS), HAS_THEME, opens=Subject.THEME),
                Step(
                    "theme_endorsed",
                    "Theme endorsed by the three partners",
                    (BUSINESS,),
                    agreed(Subject.THEME),
                    agreed_by=Subject.THEME,
                ),
                FORMAT_PROPOSED,
                FORMAT_ENDORSED,
                DATES,
                Step(
                    "preparation",
                    "Lines of questioning prepared",
                    (BUSINESS, ISO),
                    HAS_LINES,
                    work="activity_preparation",
                ),
                PROGRAMME,
                Step("held", "Event held", (BUSINESS, ISO), DATE_REACHED),
                FEEDBACK_GIVEN,
                TO_LEARNING_GROUP,
                MONITORED,
                CLOSED_WITH_PLAN,
            ),
        ),
        Lifecycle(
            Kind.PRACTICE_LEARNING,
            (
                Step("theme_proposed", "Theme proposed", (BUSINESS, PARTNER), HAS_THEME, opens=Subject.THEME),
                Step(
                    "theme_agreed",
                    "Theme agreed by the partners",
                    (BUSINESS,),
                    agreed(Subject.THEME),
                    agreed_by=Subject.THEME,
                ),
                Step(
                    "cases_identified",
                    "Cases identified",
                    (BUSINESS,),
                    CASES_IDENTIFIED,
                    note_hint=CASES_NOTE,
                ),
                Step(
                    "audits_returned",
                    "Case audits requested and returned",
                    (BUSINESS,),
                    CASE_AUDITS,
                    note_hint="Confirm that every involved agency has returned its case audit",
                ),
                Step(
                    "panel_prepared",
                    "Panel prepared: lines of enquiry",
                    (ISO, BUSINESS),
                    PANEL_READY,
                    work="activity_preparation",
                ),
                Step(
                    "held",
                    "Event with practitioners held",
                    (BUSINESS, ISO),
                    DATE_REACHED,
                    work="activity_dates",
                ),
                _overview("Overview and action plan agreed"),
                TO_LEARNING_GROUP,
                MONITORED,
                CLOSED_WITH_PLAN,
            ),
        ),
        Lifecycle(
            Kind.CASE_SPECIFIC,
            (
                Step(
                    "requested",
                    "Requested by a partner representative",
                    (PARTNER, BUSINESS),
                    HAS_REASON,
                    opens=Subject.CASE_REQUEST,
                ),
                Step(
                    "agreed",
                    "Agreed by the partner representatives",
                    (BUSINESS,),
                    agreed(Subject.CASE_REQUEST),
                    agreed_by=Subject.CASE_REQUEST,
                ),
                Step(
                    "convened",
                    "Convened: the three partners told, the agencies involved invited",
                    (BUSINESS,),
                    AGENCIES_INVOLVED,
                    on_enter=("tell_partners", "invite_agencies"),
                    work="activity_edit",
                ),
                Step(
                    "audits_in",
                    "Case audits in before the meeting",
                    (BUSINESS,),
                    CASE_AUDITS,
                    note_hint="Confirm that every involved agency has returned its case audit",
                ),
                Step("held", "Meeting held", (BUSINESS, ISO), DATE_REACHED, work="activity_dates"),
                _overview("Learning and actions written up and agreed"),
                TO_LEARNING_GROUP,
                Step("closed", "Closed", (BUSINESS, CHAIR), PLAN_CLOSED),
            ),
        ),
        Lifecycle(
            Kind.AGENCY,
            (
                Step("proposed", "Proposed, with the agency named", (BUSINESS,), AGENCY_NAMED),
                FORMAT_PROPOSED,
                FORMAT_ENDORSED,
                DATES,
                Step(
                    "preparation",
                    "Lines of questioning prepared",
                    (BUSINESS, ISO),
                    HAS_LINES,
                    work="activity_preparation",
                ),
                PROGRAMME,
                Step("held", "Event held", (BUSINESS, ISO), DATE_REACHED),
                FEEDBACK_GIVEN,
                Step(
                    "handed_over",
                    "Outcomes to the board, with the agency's action plan",
                    (BUSINESS,),
                    PLAN_LINKED,
                    work="activity_handover",
                    done_on_page=True,
                ),
                Step("monitored", "Action plan monitored", (BUSINESS,), PLAN_HAS_ACTIONS),
                Step("closed", "Closed", (BUSINESS,), PLAN_CLOSED),
            ),
        ),
        Lifecycle(
            Kind.PARTNERSHIP_AUDIT,
            (
                Step("proposed", "Proposed, with what it audits", (BUSINESS,), HAS_THEME),
                TOR_PROPOSED,
                TOR_AGREED,
                Step(
                    "dates_fixed",
                    "Audit dates fixed",
                    (BUSINESS,),
                    DATES_SET,
                    work="activity_dates_fix",
                    done_on_page=True,
                ),
                Step("held", "Audit carried out", (BUSINESS, ISO), DATE_REACHED),
                Step(
                    "feedback_given", "Findings reported", (BUSINESS, ISO), FEEDBACK, work="activity_feedback"
                ),
                TO_LEARNING_GROUP,
                MONITORED,
                CLOSED_WITH_PLAN,
            ),
        ),
        Lifecycle(
            Kind.CALL_IN,
            (
                Step("proposed", "Agency called in: why and where", (BUSINESS,), CALL_IN_DESCRIBED),
                Step(
                    "questions_sent",
                    "Questions sent to the agency",
                    (BUSINESS,),
                    QUESTIONS,
                    on_enter=("tell_agency",),
                    work="call_in_edit",
                ),
                Step(
                    "response_received",
                    "The agency's response received",
                    (AGENCY, BUSINESS),
                    RESPONSE,
                    work="call_in_respond",
                    done_on_page=True,
                ),
                Step("held", "Call-in meeting held", (BUSINESS,), DATE_REACHED, work="activity_dates"),
                Step("outcome_recorded", "Outcome recorded", (BUSINESS,), OUTCOME, work="call_in_edit"),
                Step("closed", "Follow-up agreed and closed", (BUSINESS,), FOLLOW_UP, work="call_in_edit"),
            ),
        ),
        Lifecycle(
            Kind.PEER_REVIEW,
            (
                Step("proposed", "Proposed, with the other partnership", (BUSINESS,), OTHER_AREA),
                TOR_PROPOSED,
                TOR_AGREED,
                Step("team_named", "Review team named", (BUSINESS,), TEAM, work="peer_review_edit"),
                Step(
                    "dates_fixed",
                    "Review dates fixed",
                    (BUSINESS,),
                    DATES_SET,
                    work="activity_dates_fix",
                    done_on_page=True,
                ),
                Step("held", "Review carried out", (BUSINESS, ISO), DATE_REACHED),
                Step(
                    "findings_recorded",
                    "Findings recorded",
                    (BUSINESS, ISO),
                    HAS_FINDINGS,
                    work="activity_feedback",
                ),
                Step(
                    "response_recorded",
                    "Response recorded",
                    (BUSINESS,),
                    REVIEW_RESPONSE,
                    work="peer_review_edit",
                ),
                Step("closed", "Closed", (BUSINESS,), None),
            ),
        ),
    ]
}

# Who may start an activity of each type (its first step's actors), for the "new activity" page.
PROPOSED_BY_PARTNERS = tuple(kind for kind, lc in LIFECYCLES.items() if PARTNER in lc.first.by)


def lifecycle_of(activity_or_kind) -> Lifecycle:
    return LIFECYCLES[getattr(activity_or_kind, "kind", activity_or_kind)]


def state_label(kind: str, state: str) -> str:
    return LIFECYCLES[kind].label(state) if kind in LIFECYCLES else state


# Where types share a state but word it for themselves, the list's filter says it plainly.
SHARED_STATE_LABELS = {
    "proposed": "Proposed",
    "dates_fixed": "Dates fixed",
    "held": "Held",
    "feedback_given": "Feedback given or findings reported",
    "overview_agreed": "Overview agreed",
    "handed_over": "Outcomes handed over",
    "monitored": "Action plan monitored",
    "closed": "Closed",
}


def state_choices() -> list[tuple[str, str]]:
    """Every state of every type, once, for the list's filter."""
    seen: dict[str, str] = dict(SHARED_STATE_LABELS)
    for lifecycle in LIFECYCLES.values():
        for step in lifecycle.steps:
            seen.setdefault(step.state, step.label)
    seen[WITHDRAWN] = WITHDRAW.label
    return list(seen.items())


def actors_label(actors: tuple[str, ...]) -> str:
    labels = [ACTORS[actor][0] for actor in actors]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def may_act(user, activity: Activity, actors: tuple[str, ...]) -> bool:
    return any(ACTORS[actor][1](user, activity) for actor in actors)
