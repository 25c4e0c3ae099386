"""The writes of learning and improvement in one place, for other apps to call (a meeting of the learning group
in `governance` records its decisions through these). Each lives in the module of its sub-domain."""

from .actions import action_create, action_extend, action_progress, action_propose_completion, action_update
from .decisions import action_cancel, action_close, action_defer, action_resume, action_return, action_verify
from .escalation import action_escalate, escalation_resolve, escalations_flag
from .plans import plan_close, plan_create
from .reminders import reminders_send
from .reviews import review_create, review_update

__all__ = [
    "action_cancel",
    "action_close",
    "action_create",
    "action_defer",
    "action_escalate",
    "action_extend",
    "action_progress",
    "action_propose_completion",
    "action_resume",
    "action_return",
    "action_update",
    "action_verify",
    "escalation_resolve",
    "escalations_flag",
    "plan_close",
    "plan_create",
    "reminders_send",
    "review_create",
    "review_update",
]
