"""Filling in self-assessment returns with bulk inserts: each return's status, its answers (every question kind,
"shown only if" conditions respected) and the actions it commits to. Shared by the composite benchmark
(sightline/assessments/benchmarking.py) and the generator's cycles (cycles.py)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

from django.utils import timezone

from sightline.assessments.models import ActionArising, Answer, Cycle, Question, Submission

from .text import ACTIONS, LEADS, sentence, uid

# Best level first; None is a rating left unanswered.
RATING_WEIGHTS = {"this": (45, 35, 15, 5), "last": (40, 37, 18, 5)}
# (status, share %) of returns in a closed cycle. 10% never started; 85% counted (submitted or accepted); the
# rest under way.
STATUS_MIX = [
    ("not_started", 10),
    ("accepted", 50),
    ("submitted", 35),
    ("in_progress", 3),
    ("awaiting_sign_off", 1),
    ("returned", 1),
]
DONE = ("submitted", "accepted")
# How many actions a started return commits to (one drawn per return).
ARISING = (0, 1, 1, 2, 2, 3)


def statuses(rng: random.Random, n: int, mix=STATUS_MIX) -> list[str]:
    """Exactly the shares of the mix (rounded down; the rest accepted), in a shuffled order."""
    chosen = [name for name, share in mix for _ in range(n * share // 100)]
    chosen += ["accepted"] * (n - len(chosen))
    rng.shuffle(chosen)
    return chosen


def answer_fields(question: Question, rng: random.Random, ratings, levels: list[dict]) -> dict | None:
    """The fields of one answer, or None where it is left blank."""
    kind = question.kind
    if kind == Question.Kind.RATING:
        # `ratings` weighs the best level, the middle one, the low ones and a blank; a level scoring 0 is "not
        # applicable", never drawn. On a four-point scale the lowest two share the low weight.
        graded = [level for level in levels if level.get("score")][:4]
        top, middle, low, blank = ratings
        weights = (
            [top, middle, low][: len(graded)] if len(graded) <= 3 else [top, middle, low * 2 / 3, low / 3]
        )
        level = rng.choices([*graded, None], [*weights, blank], k=1)[0]
        return None if level is None else {"choice": str(level["value"]), "score": level.get("score")}
    if kind == Question.Kind.TEXT:
        if not question.required and rng.random() < 0.1:
            return None
        return {"text": " ".join(sentence(rng) for _ in range(rng.choice((1, 1, 2))))}
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return {"choices": [c["value"] for c in question.choices if rng.random() < 0.65]}
    if kind == Question.Kind.YES_NO_PARTLY:
        return {"choice": rng.choices(["yes", "partly", "no"], (60, 30, 10), k=1)[0]}
    if kind == Question.Kind.YES_NO:
        return {"choice": rng.choices(["yes", "no"], (75, 25), k=1)[0]}
    if kind == Question.Kind.SINGLE_CHOICE:
        return {"choice": str(rng.choice(question.choices)["value"])} if question.choices else None
    if kind == Question.Kind.NUMBER:
        return {"number": rng.randint(0, 500)}
    if kind == Question.Kind.DATE:
        return {"date": date.today() - timedelta(days=rng.randint(0, 365))}
    return None  # evidence questions take files, not answers


def answerable(template_id) -> list[Question]:
    return [
        q
        for q in Question.objects.filter(template_id=template_id).order_by("order")
        if q.kind != Question.Kind.EVIDENCE
    ]


def answers_for(
    questions: list[Question], rng: random.Random, ratings, levels, share: float
) -> Iterator[tuple[Question, dict]]:
    """The answers given to the first `share` of the questions, as (question, fields) pairs in order, skipping
    questions whose "shown only if" condition the earlier answers do not meet. A generator, so that the caller's
    draws from the same `rng` interleave with these (the same seed then gives the same rows)."""
    given: dict = {}
    for question in questions[: max(1, int(len(questions) * share))]:
        condition = question.show_if
        if condition and given.get(condition.get("question")) not in condition.get("in", []):
            continue
        fields = answer_fields(question, rng, ratings, levels)
        if fields is None:
            continue
        given[question.key] = fields.get("choice")
        yield question, fields


def fill(
    cycle: Cycle,
    *,
    rng: random.Random,
    ratings,
    finished_actions: bool,
    mix=STATUS_MIX,
    arising=ARISING,
    submitted_at: Callable[[random.Random, Submission, str], datetime] | None = None,
) -> dict:
    """Answer every started return of a cycle and set its status; returns the rows made per table.

    `submitted_at`, when given, dates each counted return (the default is three days before the cycle closes,
    for all of them)."""
    questions = answerable(cycle.template_id)
    standards = list(cycle.template.standards.values_list("pk", flat=True))
    levels = cycle.template.levels
    submissions = list(cycle.submissions.order_by("organisation__name"))
    chosen = statuses(rng, len(submissions), mix)
    stamp = timezone.make_aware(datetime.combine(cycle.closes_on - timedelta(days=3), datetime.min.time()))
    answers, actions, made = [], [], {"answers": 0, "actions": 0}

    def flush(final: bool = False) -> None:
        if len(answers) >= 10000 or final:
            Answer.objects.bulk_create(answers, batch_size=2000)
            made["answers"] += len(answers)
            answers.clear()

    for submission, status in zip(submissions, chosen, strict=True):
        submission.status = status
        if status == "not_started":
            continue
        share = 1.0 if status in ("accepted", "submitted", "awaiting_sign_off", "returned") else rng.random()
        for question, fields in answers_for(questions, rng, ratings, levels, share):
            answers.append(
                Answer(id=uid(rng), submission=submission, question=question, updated_at=stamp, **fields)
            )
        for _ in range(rng.choice(arising)):
            progress = rng.choice(list(ActionArising.Progress)) if finished_actions else "not_started"
            actions.append(
                ActionArising(
                    id=uid(rng),
                    submission=submission,
                    standard_id=rng.choice(standards),
                    what=rng.choice(ACTIONS),
                    lead=rng.choice(LEADS),
                    due_on=cycle.closes_on + timedelta(days=rng.randint(30, 300)),
                    progress=progress,
                    rag=rng.choice(list(ActionArising.Rag)) if finished_actions else "",
                )
            )
        if status in DONE:
            when = submitted_at(rng, submission, status) if submitted_at else stamp
            submission.submitted_at = when
            submission.accepted_at = when if status == "accepted" else None
        flush()
    flush(final=True)
    ActionArising.objects.bulk_create(actions, batch_size=2000)
    made["actions"] = len(actions)
    Submission.objects.bulk_update(submissions, ["status", "submitted_at", "accepted_at"], batch_size=500)
    made["returns"] = len(submissions)
    made["counted returns"] = sum(status in DONE for status in chosen)
    return made
