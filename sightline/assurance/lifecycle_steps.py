"""The parts every assurance activity's lifecycle is made of (each type's table is in `lifecycle_table.py`): who may
mark a step done, a step (its state and label, its actors, its guard, the sign-off it opens or waits for, the page
where its work is done), a lifecycle (its steps in order, and the moves they allow), and withdrawing, which every
type shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sightline import policy

from .guards import Guard, note_required
from .models import Activity

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


WITHDRAW = Step(
    WITHDRAWN,
    "Withdrawn",
    (BUSINESS,),
    note_required("Say why the activity is withdrawn"),
    on_enter=("cancel_invitations",),
)


def actors_label(actors: tuple[str, ...]) -> str:
    labels = [ACTORS[actor][0] for actor in actors]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def may_act(user, activity: Activity, actors: tuple[str, ...]) -> bool:
    return any(ACTORS[actor][1](user, activity) for actor in actors)
