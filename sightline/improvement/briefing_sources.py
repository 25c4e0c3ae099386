"""What a learning briefing can be drafted from, and the text each kind of source gives its sections to start.

An assurance activity gives its record (overview, findings, highlights, immediate actions, recommendations); a
case in the reviews register its summary, decision and the actions of the plans raised from it; a self-assessment
cycle the weakest standards of its composite and what organisations committed to do about them. The text is a
starting point: the business team rewrites it for practitioners before approving the briefing. Nothing here
changes the sources; their apps' own selectors do the reading."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from sightline.assessments import composite
from sightline.assessments.models import Cycle
from sightline.assessments.selectors import cycles_of
from sightline.assurance.lifecycle import WITHDRAWN
from sightline.assurance.models import Activity
from sightline.assurance.selectors import activities_visible_to
from sightline.partnerships.models import Partnership

from .lifecycle import DONE
from .models import Action, Review

# A briefing is short: the few weakest standards, and a handful of the commitments made against them.
WEAKEST_STANDARDS = 3
COMMITMENTS_SHOWN = 6


def activities_to_draft_from(*, user, partnership: Partnership) -> QuerySet[Activity]:
    """Activities with something learned on record (any of the fields a briefing draws on), newest first."""
    nothing_recorded = Q(overview="") & Q(findings="") & Q(highlights="") & Q(immediate_actions="")
    return (
        activities_visible_to(user=user, partnership=partnership)
        .exclude(status=WITHDRAWN)
        .exclude(nothing_recorded)
        .order_by("-created_at")
    )


def reviews_to_draft_from(*, partnership: Partnership) -> QuerySet[Review]:
    return Review.objects.filter(partnership=partnership).order_by("-became_aware_on", "reference")


def cycles_to_draft_from(*, partnership: Partnership) -> QuerySet[Cycle]:
    """Cycles that have been opened to organisations: a draft cycle has no returns to learn from."""
    return cycles_of(partnership=partnership).exclude(status=Cycle.Status.DRAFT).order_by("-opens_on")


def _join(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _labelled(label: str, text: str) -> str:
    return f"{label}:\n{text.strip()}" if text and text.strip() else ""


def _bullets(lines) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _date(value) -> str:
    return f"{timezone.localtime(value):%-d %B %Y}" if hasattr(value, "tzinfo") else f"{value:%-d %B %Y}"


def from_activity(activity: Activity) -> dict[str, str]:
    held = f", held on {_date(activity.starts_at)}" if activity.starts_at else ""
    recommendations = [item.text for item in activity.recommendations.order_by("number")]
    plan = activity.action_plan
    return {
        "background": _join(
            f"{activity.get_kind_display()}: {activity.title}{held}.",
            _labelled("What it looked at", activity.theme),
            activity.overview,
        ),
        "findings": _join(
            activity.findings, _labelled("Highlights and emerging themes", activity.highlights)
        ),
        "what_to_do": _join(
            _labelled("Done straight away", activity.immediate_actions),
            _labelled("Recommendations", _bullets(recommendations)),
            f"The learning group follows the action plan “{plan.title}” until it is complete."
            if plan
            else "",
        ),
    }


def from_review(review: Review) -> dict[str, str]:
    rapid = (
        f"A rapid review was completed on {_date(review.rapid_review_on)}." if review.rapid_review_on else ""
    )
    decided = ""
    if review.decision:
        on = f" ({_date(review.decided_on)})" if review.decided_on else ""
        decided = f"Decision{on}: {review.get_decision_display().lower()}."
    actions = (
        Action.objects.filter(plan__source_review=review)
        .exclude(status__in=[Action.Status.CANCELLED])
        .select_related("plan", "owner_organisation")
        .order_by("plan__created_at", "number")
    )
    return {
        "background": _join(review.summary, rapid),
        "findings": _join(decided, review.decision_note),
        "what_to_do": _bullets(
            f"{action.what} ({action.owner_organisation.name}, by {_date(action.due_on)}"
            + (", done)" if action.status in DONE else ")")
            for action in actions
        ),
    }


def from_cycle(cycle: Cycle) -> dict[str, str]:
    """The weakest standards by mean score across the counted returns, from the composite's own selectors."""
    standards = composite.standards_of(cycle=cycle)
    figures = composite.distribution(cycle=cycle, standards=standards)
    weakest = composite.training_needs(figures, limit=WEAKEST_STANDARDS)
    returns, counted = composite.return_counts(cycle=cycle)
    background = (
        f"{cycle.title}: organisations assessed their safeguarding against {len(standards)} standards "
        f"({cycle.template.title}). {counted} of {returns} returns are counted in the composite."
    )
    if not weakest:
        return {"background": background}
    commitments = list(
        composite.action_plan(cycle=cycle)
        .filter(standard__in=[figure.standard for figure in weakest])
        .values_list("what", flat=True)[: COMMITMENTS_SHOWN + 1]
    )
    more = " and more, in the composite's action plan" if len(commitments) > COMMITMENTS_SHOWN else ""
    return {
        "background": background,
        "findings": _join(
            "The standards with the lowest mean scores across the partnership:",
            _bullets(f"{figure.standard.title} (mean score {figure.mean:.2f})" for figure in weakest),
        ),
        "what_to_do": _join(
            f"What organisations committed to do about them{more}:" if commitments else "",
            _bullets(commitments[:COMMITMENTS_SHOWN]),
        ),
    }


def prefill(*, activity=None, review=None, cycle=None) -> dict[str, str]:
    """The sections a briefing starts with when drafted from the one source given (empty for none)."""
    if activity is not None:
        return from_activity(activity)
    if review is not None:
        return from_review(review)
    if cycle is not None:
        return from_cycle(cycle)
    return {}
