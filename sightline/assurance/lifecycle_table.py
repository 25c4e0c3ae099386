"""Every type of assurance activity's lifecycle (ARCHITECTURE.md §3), as data: the steps in order, who may mark
each one done, and what must be true first (the guards are in `guards.py`, the parts in `lifecycle_steps.py`).

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
    agreed,
)
from .lifecycle_steps import AGENCY, BUSINESS, CHAIR, ISO, PARTNER, Lifecycle, Step
from .models import Activity
from .models_endorsements import EndorsementRequest

Kind = Activity.Kind
Subject = EndorsementRequest.Subject
# The casework app's page of an activity's cases, panel and audits, where the case steps' work is done.
CASEWORK = "activity_casework"

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
                    work=CASEWORK,
                    note_hint=CASES_NOTE,
                ),
                Step(
                    "audits_returned",
                    "Case audits requested and returned",
                    (BUSINESS,),
                    CASE_AUDITS,
                    work=CASEWORK,
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
                    work=CASEWORK,
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
