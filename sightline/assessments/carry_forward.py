"""Bringing last cycle's answers into this cycle's returns, so an organisation confirms or updates rather than
typing everything again. Carried answers are marked, and a return cannot go for sign-off until each is
confirmed (saved) or changed."""

from __future__ import annotations

from django.db.models import Q

from .models import Answer, Cycle, Question, Submission

DONE = (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)


def previous_returns(*, cycle: Cycle, organisation_ids) -> dict:
    """{organisation id: its latest completed return to an earlier cycle of the same template family}."""
    earlier = (
        Submission.objects.filter(
            Q(cycle__partnership=cycle.partnership) | Q(shared_with__cycle__partnership=cycle.partnership),
            organisation_id__in=organisation_ids,
            cycle__template__key=cycle.template.key,
            cycle__opens_on__lt=cycle.opens_on,
            status__in=DONE,
        )
        .exclude(cycle=cycle)
        .order_by("organisation_id", "-cycle__opens_on")
    )
    latest: dict = {}
    for submission in earlier:
        latest.setdefault(submission.organisation_id, submission)
    return latest


def answers_carry_forward(*, cycle: Cycle) -> int:
    """Copy answers, matched by question key, from each organisation's previous return. Returns how many."""
    returns = {s.organisation_id: s for s in cycle.submissions.all()}
    previous = previous_returns(cycle=cycle, organisation_ids=list(returns))
    if not previous:
        return 0
    questions = {q.key: q for q in Question.objects.filter(template=cycle.template)}
    levels = {level["value"]: level["score"] for level in cycle.template.scale["levels"]}
    copies = []
    old_answers = Answer.objects.filter(submission__in=previous.values()).select_related(
        "question", "submission"
    )
    for old in old_answers:
        question = questions.get(old.question.key)
        if question is None or question.kind != old.question.kind:
            continue
        if question.kind == Question.Kind.RATING and old.choice and old.choice not in levels:
            continue  # the scale changed: a rating on the old scale means nothing on the new one
        copies.append(
            Answer(
                submission=returns[old.submission.organisation_id],
                question=question,
                text=old.text,
                choice=old.choice,
                choices=old.choices,
                number=old.number,
                date=old.date,
                not_applicable=old.not_applicable,
                score=levels.get(old.choice) if old.choice else None,
                carried_forward=True,
            )
        )
    Answer.objects.bulk_create(copies, ignore_conflicts=True)
    return len(copies)
