"""Keeping the reviews register: the business team records a serious incident, its notification to the national
panel, the rapid review and the decision on a further review. The deadlines are computed, never typed
(`models_reviews`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import EditConflict, TransitionError
from sightline.partnerships.models import Partnership, PartnershipMembership
from sightline.partnerships.priorities import priorities_tag

from .models import Review

REVIEW_FIELDS = [
    "reference",
    "summary",
    "became_aware_on",
    "notified_on",
    "rapid_review_on",
    "decision",
    "decided_on",
    "decision_note",
    "chair",
    "chair_name",
]


def _require_business_team(by, partnership: Partnership) -> None:
    if by is not None and not policy.is_business_team(by, partnership):
        raise TransitionError("Only the partnership's business team can keep the reviews register")


def _check(partnership: Partnership, values: dict, *, review: Review | None = None) -> dict:
    """Clean and check a review's values; raise TransitionError naming the first problem."""
    values = {**values}
    for key in ("reference", "summary", "decision", "decision_note", "chair_name"):
        values[key] = (values.get(key) or "").strip()
    if not values["reference"]:
        raise TransitionError("Enter the case reference (a pseudonymous reference: never a child's name)")
    taken = Review.objects.filter(partnership=partnership, reference__iexact=values["reference"])
    if review is not None:
        taken = taken.exclude(pk=review.pk)
    existing = taken.first()
    if existing is not None:
        raise TransitionError(f"The register already holds a case with the reference {existing.reference}")
    aware, notified, rapid = (
        values.get("became_aware_on"),
        values.get("notified_on"),
        values.get("rapid_review_on"),
    )
    if aware is None:
        raise TransitionError("Enter the date the local authority became aware of the incident")
    if aware > timezone.localdate():
        raise TransitionError("The date the local authority became aware cannot be in the future")
    if notified is not None and notified < aware:
        raise TransitionError("The notification cannot come before the local authority became aware")
    if rapid is not None and (notified is None or rapid < notified):
        raise TransitionError("Enter the notification date first: the rapid review follows the notification")
    if values["decision"] not in Review.Decision.values:
        raise TransitionError("Choose the decision from the list")
    if values.get("decided_on") is not None and not values["decision"]:
        raise TransitionError("Choose the decision, or leave its date empty")
    chair = values.get("chair")
    if chair is not None and values["chair_name"]:
        raise TransitionError("Choose an independent scrutiny officer or type the chair's name, not both")
    if (
        chair is not None
        and not PartnershipMembership.objects.filter(
            partnership=partnership, user=chair, role=PartnershipMembership.Role.ISO
        ).exists()
    ):
        raise TransitionError("Choose one of the partnership's independent scrutiny officers")
    return values


@transaction.atomic
def review_create(*, by, partnership: Partnership, priorities=(), **fields) -> Review:
    """Record a serious incident in the register, with the partnership's priorities its learning serves."""
    _require_business_team(by, partnership)
    values = _check(partnership, {key: fields.get(key) for key in REVIEW_FIELDS})
    review = Review.objects.create(partnership=partnership, created_by=by, **values)
    tagged = priorities_tag(review, partnership=partnership, priorities=priorities)
    audit.record(
        actor=by,
        verb="review.created",
        target=review,
        partnership=partnership,
        changes=audit.diff({}, audit.snapshot(review, REVIEW_FIELDS)) | tagged,
    )
    return review


@transaction.atomic
def review_update(
    *, by, review: Review, expected_version: int | None = None, priorities=None, **fields
) -> Review:
    """Change a register entry (the notification made, the rapid review held, the decision taken, the priorities
    it serves; `priorities=None` leaves those alone). With `expected_version`, an edit from a copy someone has
    since changed is refused with EditConflict."""
    review = Review.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=review.pk)
    _require_business_team(by, review.partnership)
    if expected_version is not None and review.version != expected_version:
        raise EditConflict(audit.snapshot(review, [*REVIEW_FIELDS, "version"]))
    fields = {key: value for key, value in fields.items() if key in REVIEW_FIELDS}
    values = _check(review.partnership, {**audit.snapshot(review, REVIEW_FIELDS), **fields}, review=review)
    before = audit.snapshot(review, REVIEW_FIELDS)
    for key, value in values.items():
        setattr(review, key, value)
    changes = audit.diff(before, audit.snapshot(review, REVIEW_FIELDS))
    changes |= priorities_tag(
        review, partnership=review.partnership, priorities=priorities, current=review.priorities.all()
    )
    if not changes:
        return review
    review.version += 1
    review.updated_at = timezone.now()
    review.save()
    audit.record(
        actor=by, verb="review.updated", target=review, partnership=review.partnership, changes=changes
    )
    return review
