"""The composite report of a cycle: every figure is a SQL aggregate over the counted returns (submitted or
accepted), so each selector makes a fixed number of queries however many organisations took part. Python only
reshapes the grouped rows (standards × levels) or one page of organisations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)

from sightline.partnerships.models import SECTOR_OF_TYPE

from .models import ActionArising, Answer, Cycle, Question, Standard, Submission
from .selectors import SUBMITTED_STATES
from .sharing import of_cycle

COUNTED = SUBMITTED_STATES
OTHER_SECTOR = "Other"
# The order: local authority, health, police, education, early years, voluntary, then the rest.
SECTORS = list(dict.fromkeys([*SECTOR_OF_TYPE.values(), OTHER_SECTOR]))
NOT_APPLICABLE = "Not applicable"
PER_PAGE = 25
ACTIONS_PER_PAGE = 50
QUOTES_SHOWN = 20


def types_in_sector(sector: str) -> list[str]:
    return [str(kind) for kind, name in SECTOR_OF_TYPE.items() if name == sector]


def sector_of(organisation_type: str) -> str:
    return SECTOR_OF_TYPE.get(organisation_type, OTHER_SECTOR)


def sector_expression(path: str = "submission__organisation__type") -> Case:
    """The sector of an organisation type, worked out by the database so it can be grouped on."""
    whens = [
        When(**{f"{path}__in": types_in_sector(sector)}, then=Value(sector))
        for sector in SECTORS
        if sector != OTHER_SECTOR
    ]
    return Case(*whens, default=Value(OTHER_SECTOR), output_field=CharField())


def counted_submissions(*, cycle: Cycle) -> QuerySet[Submission]:
    return Submission.objects.filter(of_cycle(cycle), status__in=COUNTED)


def counted_answers(*, cycle: Cycle) -> QuerySet[Answer]:
    return Answer.objects.filter(of_cycle(cycle, "submission__"), submission__status__in=COUNTED)


def rating_answers(*, cycle: Cycle) -> QuerySet[Answer]:
    return counted_answers(cycle=cycle).filter(question__kind=Question.Kind.RATING)


def standards_of(*, cycle: Cycle) -> list[Standard]:
    return list(
        Standard.objects.filter(template_id=cycle.template_id)
        .select_related("section")
        .order_by("section__order", "order")
    )


def extremes(levels: list[dict]) -> tuple[dict | None, dict | None]:
    """The top and bottom levels of a scale (best first). A level scoring 0 or less is how some scales say
    "not applicable", so it is neither a strength nor a risk."""
    graded = [level for level in levels if (level.get("score") or 0) > 0] or levels
    return (graded[0], graded[-1]) if graded else (None, None)


def _mean(total, scored) -> float | None:
    return round(float(total) / scored, 2) if scored else None


@dataclass
class StandardFigures:
    """One standard's ratings across the counted returns."""

    standard: Standard
    number: int
    counts: list[int]
    not_applicable: int = 0
    mean: float | None = None

    @property
    def rated(self) -> int:
        return sum(self.counts)

    @property
    def answers(self) -> int:
        return self.rated + self.not_applicable


def distribution(*, cycle: Cycle, standards: list[Standard]) -> list[StandardFigures]:
    """Per standard: how many returns chose each level, how many said not applicable, and the mean score."""
    levels = cycle.template.levels
    index = {str(level["value"]): position for position, level in enumerate(levels)}
    figures = {
        standard.pk: StandardFigures(standard=standard, number=number, counts=[0] * len(levels))
        for number, standard in enumerate(standards, start=1)
    }
    totals: dict = defaultdict(lambda: [0, 0])
    grouped = (
        rating_answers(cycle=cycle)
        .values("question__standard_id", "choice", "not_applicable")
        .annotate(n=Count("pk"), score_sum=Sum("score"), scored=Count("score"))
        .order_by()
    )
    for row in grouped:
        figure = figures.get(row["question__standard_id"])
        if figure is None:
            continue
        if row["not_applicable"]:
            figure.not_applicable += row["n"]
            continue
        if row["choice"] in index:
            figure.counts[index[row["choice"]]] += row["n"]
            totals[figure.standard.pk][0] += row["score_sum"] or 0
            totals[figure.standard.pk][1] += row["scored"]
    for pk, (total, scored) in totals.items():
        figures[pk].mean = _mean(total, scored)
    return list(figures.values())


def overall_mean(figures: list[StandardFigures]) -> float | None:
    """The mean of the standards' means: each standard weighs the same."""
    means = [figure.mean for figure in figures if figure.mean is not None]
    return round(sum(means) / len(means), 2) if means else None


def training_needs(figures: list[StandardFigures], *, limit: int = 5) -> list[StandardFigures]:
    """The weakest standards across the partnership: the lowest mean scores."""
    rated = [figure for figure in figures if figure.mean is not None]
    return sorted(rated, key=lambda figure: (figure.mean, figure.number))[:limit]


@dataclass
class HeatRow:
    submission: Submission
    cells: list[dict | None]
    mean: float | None

    @property
    def organisation(self):
        return self.submission.organisation

    @property
    def sector(self) -> str:
        return sector_of(self.submission.organisation.type)


def heat_map(*, cycle: Cycle, standards: list[Standard], page_number=1, per_page: int = PER_PAGE):
    """One page of organisations (rows) × standards (cells holding the level chosen); returns (page, rows)."""
    levels = {str(level["value"]): level for level in cycle.template.levels}
    submissions = (
        counted_submissions(cycle=cycle).select_related("organisation").order_by("organisation__name", "pk")
    )
    page = Paginator(submissions, per_page).get_page(page_number)
    ids = [submission.pk for submission in page.object_list]
    found: dict = {}
    for submission_id, standard_id, choice, not_applicable, score in Answer.objects.filter(
        submission_id__in=ids, question__kind=Question.Kind.RATING
    ).values_list("submission_id", "question__standard_id", "choice", "not_applicable", "score"):
        if not_applicable:
            found[submission_id, standard_id] = ({"label": NOT_APPLICABLE, "colour": "grey"}, None)
        elif choice in levels:
            found[submission_id, standard_id] = (levels[choice], score)
    rows = []
    for submission in page.object_list:
        cells, scores = [], []
        for standard in standards:
            cell, score = found.get((submission.pk, standard.pk), (None, None))
            cells.append(cell)
            if score is not None:
                scores.append(score)
        rows.append(HeatRow(submission, cells, _mean(sum(scores), len(scores))))
    return page, rows


@dataclass
class SectorBreakdown:
    sectors: list[tuple[str, int]]
    rows: list[tuple[StandardFigures, list[float | None]]] = field(default_factory=list)


def sector_breakdown(*, cycle: Cycle, figures: list[StandardFigures]) -> SectorBreakdown:
    """The mean score per standard in each sector that returned anything, with its number of returns."""
    returns = dict(
        counted_submissions(cycle=cycle)
        .annotate(sector=sector_expression("organisation__type"))
        .values("sector")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("sector", "n")
    )
    sectors = [(sector, returns[sector]) for sector in SECTORS if returns.get(sector)]
    means = {
        (row["question__standard_id"], row["sector"]): row["mean"]
        for row in rating_answers(cycle=cycle)
        .filter(not_applicable=False, score__isnull=False)
        .annotate(sector=sector_expression())
        .values("question__standard_id", "sector")
        .annotate(mean=Avg("score", output_field=FloatField()))
        .order_by()
    }
    rows = []
    for figure in figures:
        cells = [means.get((figure.standard.pk, sector)) for sector, _ in sectors]
        rows.append((figure, [None if mean is None else round(mean, 2) for mean in cells]))
    return SectorBreakdown(sectors=sectors, rows=rows)


def previous_cycle(*, cycle: Cycle) -> Cycle | None:
    """Last year: the partnership's most recent earlier cycle of the same template family (any version)."""
    return (
        Cycle.objects.filter(
            partnership_id=cycle.partnership_id,
            template__key=cycle.template.key,
            opens_on__lt=cycle.opens_on,
        )
        .exclude(pk=cycle.pk)
        .select_related("template")
        .order_by("-opens_on", "-created_at")
        .first()
    )


@dataclass
class Comparison:
    figure: StandardFigures
    last_year: float | None

    @property
    def change(self) -> float | None:
        if self.figure.mean is None or self.last_year is None:
            return None
        return round(self.figure.mean - self.last_year, 2)


def standard_comparison(*, figures: list[StandardFigures], previous: Cycle | None) -> list[Comparison]:
    """This year's mean score per standard beside last year's, matching standards by key."""
    last: dict = {}
    if previous is not None:
        last = dict(
            rating_answers(cycle=previous)
            .filter(not_applicable=False, score__isnull=False)
            .values("question__standard__key")
            .annotate(mean=Avg("score", output_field=FloatField()))
            .order_by()
            .values_list("question__standard__key", "mean")
        )
    return [
        Comparison(
            figure, None if last.get(figure.standard.key) is None else round(last[figure.standard.key], 2)
        )
        for figure in figures
    ]


def organisation_comparison(
    *, cycle: Cycle, previous: Cycle | None, page_number=1, per_page: int = PER_PAGE
) -> Page:
    """One page of organisations with their mean score this year and in last year's return."""
    # Subqueries rather than a join and GROUP BY, so the paginator's count stays a plain count.
    this_year = (
        Answer.objects.filter(
            submission=OuterRef("pk"), question__kind=Question.Kind.RATING, not_applicable=False
        )
        .values("submission")
        .annotate(mean=Avg("score", output_field=FloatField()))
        .values("mean")[:1]
    )
    submissions = (
        counted_submissions(cycle=cycle)
        .select_related("organisation")
        .annotate(this_year=Subquery(this_year, output_field=FloatField()))
    )
    if previous is not None:
        last = (
            rating_answers(cycle=previous)
            .filter(submission__organisation=OuterRef("organisation"), not_applicable=False)
            .values("submission__organisation")
            .annotate(mean=Avg("score", output_field=FloatField()))
            .values("mean")[:1]
        )
        submissions = submissions.annotate(last_year=Subquery(last, output_field=FloatField()))
    else:
        submissions = submissions.annotate(last_year=Value(None, output_field=FloatField()))
    return Paginator(submissions.order_by("organisation__name", "pk"), per_page).get_page(page_number)


def action_plan(*, cycle: Cycle) -> QuerySet[ActionArising]:
    """Every action arising in the counted returns, by standard, then due date and organisation."""
    return (
        ActionArising.objects.filter(of_cycle(cycle, "submission__"), submission__status__in=COUNTED)
        .select_related("standard__section", "submission__organisation")
        .order_by(
            "standard__section__order",
            "standard__order",
            "due_on",
            "submission__organisation__name",
            "pk",
        )
    )


def return_counts(*, cycle: Cycle) -> tuple[int, int]:
    """(all returns, counted returns): from the cycle list's annotations when present, else one query."""
    if hasattr(cycle, "returns") and hasattr(cycle, "returns_in"):
        return cycle.returns, cycle.returns_in
    counts = Submission.objects.filter(of_cycle(cycle)).aggregate(
        returns=Count("pk"), returns_in=Count("pk", filter=Q(status__in=COUNTED))
    )
    return counts["returns"], counts["returns_in"]
