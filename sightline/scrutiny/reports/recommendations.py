"""A draft ISO report's recommendations: each numbered, addressed to organisations of the partnership's register
and given a date to respond by; added, changed and removed by the report's author while it is a draft. Each change
is the report's next draft (`drafting`), and a change made from an out-of-date page is refused."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.partnerships.models import Affiliation, Organisation

from ..models import IsoRecommendation, IsoReport, RecommendationResponse
from .drafting import STALE, _bump, _locked, _names, _require_author, _require_draft, _text


def _recommendation_values(
    report: IsoReport, *, text, respond_by: date | None, addressees, today: date
) -> tuple[str, date, list]:
    text = _text(text, "Enter the recommendation")
    if respond_by is None:
        raise TransitionError("Enter the date the response is due")
    if respond_by <= today:
        raise TransitionError("The response date must be after today")
    chosen = list(dict.fromkeys(addressees or []))
    if not chosen:
        raise TransitionError("Choose at least one organisation the recommendation is addressed to")
    registered = set(
        Affiliation.objects.filter(
            partnership_id=report.partnership_id, organisation__in=[org.pk for org in chosen]
        ).values_list("organisation_id", flat=True)
    )
    if any(org.pk not in registered for org in chosen):
        raise TransitionError("Choose organisations in the partnership's register")
    return text, respond_by, chosen


def _draft_locked(by, report: IsoReport, version: int | None) -> IsoReport:
    report = _locked(report)
    _require_author(by, report)
    _require_draft(report)
    if version is not None and report.version != version:
        raise TransitionError(STALE)
    return report


@transaction.atomic
def recommendation_add(
    *,
    by,
    report: IsoReport,
    version: int | None,
    text: str,
    respond_by: date | None,
    addressees: Iterable[Organisation],
    today: date | None = None,
) -> IsoRecommendation:
    """Add the next numbered recommendation to a draft, addressed to one or more organisations of the register."""
    report = _draft_locked(by, report, version)
    text, respond_by, chosen = _recommendation_values(
        report, text=text, respond_by=respond_by, addressees=addressees, today=today or timezone.localdate()
    )
    number = (report.recommendations.aggregate(n=Max("number"))["n"] or 0) + 1
    recommendation = IsoRecommendation.objects.create(
        report=report, number=number, text=text, respond_by=respond_by
    )
    RecommendationResponse.objects.bulk_create(
        [RecommendationResponse(recommendation=recommendation, organisation=org) for org in chosen]
    )
    _bump(report)
    audit.record(
        actor=by,
        verb="iso_recommendation.added",
        target=report,
        partnership=report.partnership,
        changes={
            "number": number,
            "text": text,
            "respond_by": respond_by,
            "addressees": _names(chosen),
            "draft": report.draft,
        },
    )
    return recommendation


def _recommendation_locked(recommendation: IsoRecommendation) -> IsoRecommendation:
    found = IsoRecommendation.objects.filter(pk=recommendation.pk).first()
    if found is None:
        raise TransitionError("This recommendation has been removed. Nothing was changed.")
    return found


@transaction.atomic
def recommendation_update(
    *,
    by,
    recommendation: IsoRecommendation,
    version: int | None,
    text: str,
    respond_by: date | None,
    addressees: Iterable[Organisation],
    today: date | None = None,
) -> IsoRecommendation:
    """Change a draft's recommendation: its text, its date, whom it is addressed to."""
    report = _draft_locked(by, recommendation.report, version)
    recommendation = _recommendation_locked(recommendation)
    text, respond_by, chosen = _recommendation_values(
        report, text=text, respond_by=respond_by, addressees=addressees, today=today or timezone.localdate()
    )
    current = {
        response.organisation_id: response
        for response in recommendation.responses.select_related("organisation")
    }
    before = {
        "text": recommendation.text,
        "respond_by": recommendation.respond_by,
        "addressees": _names(response.organisation for response in current.values()),
    }
    wanted = {org.pk for org in chosen}
    after = {"text": text, "respond_by": respond_by, "addressees": _names(chosen)}
    changes = audit.diff(before, after)
    if not changes:
        return recommendation
    recommendation.text, recommendation.respond_by = text, respond_by
    recommendation.save(update_fields=["text", "respond_by"])
    RecommendationResponse.objects.filter(recommendation=recommendation).exclude(
        organisation_id__in=wanted
    ).delete()
    RecommendationResponse.objects.bulk_create(
        [
            RecommendationResponse(recommendation=recommendation, organisation=org)
            for org in chosen
            if org.pk not in current
        ]
    )
    _bump(report)
    audit.record(
        actor=by,
        verb="iso_recommendation.updated",
        target=report,
        partnership=report.partnership,
        changes={"number": recommendation.number, **changes, "draft": report.draft},
    )
    return recommendation


@transaction.atomic
def recommendation_remove(*, by, recommendation: IsoRecommendation, version: int | None) -> None:
    """Take a recommendation out of a draft; those after it move up a number."""
    report = _draft_locked(by, recommendation.report, version)
    recommendation = _recommendation_locked(recommendation)
    removed = {
        "number": recommendation.number,
        "text": recommendation.text,
        "respond_by": recommendation.respond_by,
        "addressees": _names(recommendation.addressees.all()),
    }
    recommendation.delete()
    # One at a time, lowest first, so no two recommendations ever share a number.
    for later in report.recommendations.filter(number__gt=removed["number"]).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])
    _bump(report)
    audit.record(
        actor=by,
        verb="iso_recommendation.removed",
        target=report,
        partnership=report.partnership,
        changes={**removed, "draft": report.draft},
    )
