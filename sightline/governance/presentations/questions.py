"""The questions a body raised when a report was presented to it, and the actions made from them: each question
can become an action of one of the partnership's open action plans, followed to verified completion like any other,
and keeps the link to it."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.improvement.actions import action_create
from sightline.partnerships.models import Organisation

from ..models import Presentation, PresentationQuestion
from .services import cleaned, locked, require_business_team


@transaction.atomic
def question_add(*, by, presentation: Presentation, text: str, answer: str = "") -> PresentationQuestion:
    """A question the body raised when the report was presented, and the answer given, if any."""
    presentation = locked(presentation)
    require_business_team(by, presentation.partnership)
    if presentation.status != Presentation.Status.HELD:
        raise TransitionError("Record the presentation as presented before adding the questions raised")
    text = cleaned(text, "Enter the question the body raised")
    question = PresentationQuestion.objects.create(
        presentation=presentation, text=text, answer=cleaned(answer)
    )
    audit.record(
        actor=by,
        verb="presentation.question_added",
        target=presentation,
        partnership=presentation.partnership,
        changes={"question": str(question.pk)},
    )
    return question


@transaction.atomic
def question_to_action(
    *,
    by,
    question: PresentationQuestion,
    plan,
    owner_organisation: Organisation,
    due_on: date,
    what: str = "",
) -> PresentationQuestion:
    """Make a question raised into an action of one of the partnership's open action plans, followed to
    verified completion like any other; the question keeps the link to it."""
    question = (
        PresentationQuestion.objects.select_for_update(of=("self",))
        .select_related("presentation__partnership", "presentation__body")
        .get(pk=question.pk)
    )
    partnership = question.presentation.partnership
    require_business_team(by, partnership)
    if question.action_id is not None:
        raise TransitionError("This question is already an action: follow it there")
    if plan is None or plan.partnership_id != partnership.pk:
        raise TransitionError("Choose one of the partnership's open action plans")
    if due_on is None:
        raise TransitionError("Enter the date the action is due")
    action = action_create(
        by=by,
        plan=plan,
        what=cleaned(what) or question.text,
        owner_organisation=owner_organisation,
        due_on=due_on,
        intended_impact=f"Answers a question raised at {question.presentation.body.name}",
    )
    question.action = action
    question.save(update_fields=["action"])
    audit.record(
        actor=by,
        verb="presentation.question_to_action",
        target=question.presentation,
        partnership=partnership,
        changes={"question": str(question.pk), "action": str(action.pk), "plan": plan.title},
    )
    return question
