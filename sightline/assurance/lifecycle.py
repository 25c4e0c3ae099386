"""An assurance activity's lifecycle, where the rest of the app looks it up and words its states for people.

An activity's `status` is the last step it completed. It moves one step at a time, to the next step of its type's
table, or out to `withdrawn` (the business team, with a reason) from anywhere short of the end. The one service
that moves it, `activities.activity_advance`, checks the table, the step's actors and its guard, and refuses
anything else with the guard's message. A step that waits for a sign-off (`agreed_by`) is completed by the
system the moment the sign-off is agreed; a step that `opens` a sign-off asks the parties when it is entered.

The parts (actors, steps, withdrawing) are in `lifecycle_steps.py`; each type's table in `lifecycle_table.py`.
"""

from __future__ import annotations

from .lifecycle_steps import ACTORS, WITHDRAW, WITHDRAWN, Lifecycle, Step, actors_label, may_act
from .lifecycle_table import LIFECYCLES, PROPOSED_BY_PARTNERS

__all__ = [
    "ACTORS",
    "LIFECYCLES",
    "PROPOSED_BY_PARTNERS",
    "SHARED_STATE_LABELS",
    "WITHDRAW",
    "WITHDRAWN",
    "Lifecycle",
    "Step",
    "actors_label",
    "lifecycle_of",
    "may_act",
    "state_choices",
    "state_label",
]


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
