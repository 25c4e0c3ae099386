"""Strengths and risks for the composite report, quoted from the organisations' own text answers."""

from __future__ import annotations

from dataclasses import dataclass

from sightline.partnerships.models import SECTOR_OF_TYPE

from .composite import OTHER_SECTOR, QUOTES_SHOWN, counted_answers, extremes, types_in_sector
from .models import Answer, Cycle, Question
from .sharing import of_cycle


@dataclass
class Quotes:
    top: dict | None
    bottom: dict | None
    strengths: list[Answer]
    risks: list[Answer]
    strength_count: int
    risk_count: int


def quotes(*, cycle: Cycle, standard_id=None, sector: str = "", limit: int = QUOTES_SHOWN) -> Quotes:
    """Strengths and risks in the organisations' own words: the text answers under standards they rated in
    the top level (strengths) or the bottom level (risks), optionally for one standard or one sector."""
    top, bottom = extremes(cycle.template.levels)
    rating_question = dict(
        Question.objects.filter(template_id=cycle.template_id, kind=Question.Kind.RATING).values_list(
            "standard_id", "pk"
        )
    )
    if standard_id:
        rating_question = (
            {standard_id: rating_question[standard_id]} if standard_id in rating_question else {}
        )
    if top is None or not rating_question:
        return Quotes(top, bottom, [], [], 0, 0)
    wanted = {str(top["value"]): "strength", str(bottom["value"]): "risk"}
    # Which returns rated which standard at the top or bottom level: one pass over the rating answers, then
    # one over the text answers, classified in Python. (Subqueries per standard and level made PostgreSQL plan
    # and JIT-compile a query costing seconds at 1,500 returns; see docs/performance.md.)
    verdict = {
        (submission_id, standard_id): wanted[choice]
        for submission_id, standard_id, choice in Answer.objects.filter(
            of_cycle(cycle, "submission__"),
            question_id__in=list(rating_question.values()),
            choice__in=list(wanted),
            not_applicable=False,
        ).values_list("submission_id", "question__standard_id", "choice")
    }
    answers = (
        counted_answers(cycle=cycle)
        .filter(question__kind=Question.Kind.TEXT, question__standard_id__in=list(rating_question))
        .exclude(text="")
    )
    if sector == OTHER_SECTOR:
        answers = answers.exclude(submission__organisation__type__in=list(map(str, SECTOR_OF_TYPE)))
    elif sector:
        answers = answers.filter(submission__organisation__type__in=types_in_sector(sector))
    ordered = answers.order_by(
        "question__standard__section__order",
        "question__standard__order",
        "submission__organisation__name",
        "question__order",
        "pk",
    ).values_list("pk", "submission_id", "question__standard_id")
    found = {"strength": [], "risk": []}
    counts = {"strength": 0, "risk": 0}
    for pk, submission_id, standard_id in ordered.iterator(chunk_size=5000):
        kind = verdict.get((submission_id, standard_id))
        if kind is not None:
            counts[kind] += 1
            if len(found[kind]) < limit:
                found[kind].append(pk)
    chosen = (
        Answer.objects.filter(pk__in=found["strength"] + found["risk"])
        .select_related("submission__organisation", "question__standard")
        .in_bulk()
    )
    return Quotes(
        top=top,
        bottom=bottom,
        strengths=[chosen[pk] for pk in found["strength"]],
        risks=[chosen[pk] for pk in found["risk"]],
        strength_count=counts["strength"],
        risk_count=counts["risk"],
    )
