"""The partnership's escalation stages for disputes: data it edits. A partnership starts with the default stages
(sightline/scrutiny/models/disputes.py) the first time it needs them; the business team renames and describes
them, adds, reorders and removes them. A stage a dispute has been at is part of that dispute's history, so it
cannot be removed."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.partnerships.models import Partnership

from ..models import DEFAULT_STAGES, Dispute, DisputeStage, DisputeStep

NAME_LIMIT = 100
DESCRIPTION_LIMIT = 2000
STAGE_FIELDS = ["order", "name", "description"]


def _require_business_team(by, partnership: Partnership) -> None:
    if by is not None and not policy.is_business_team(by, partnership):
        raise TransitionError("Only the partnership's business team can change the escalation stages")


def _lock_partnership(partnership: Partnership) -> None:
    """Stages are numbered within the partnership: one change to them at a time."""
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()


def _name(value) -> str:
    name = (value or "").strip()
    if not name:
        raise TransitionError("Enter the stage's name")
    if len(name) > NAME_LIMIT:
        raise TransitionError(f"Keep the stage's name under {NAME_LIMIT} characters")
    return name


def _description(value) -> str:
    description = (value or "").strip()
    if len(description) > DESCRIPTION_LIMIT:
        raise TransitionError(f"Keep the description under {DESCRIPTION_LIMIT:,} characters")
    return description


def _unique_name(partnership: Partnership, name: str, *, besides: DisputeStage | None = None) -> None:
    others = DisputeStage.objects.filter(partnership=partnership, name__iexact=name)
    if besides is not None:
        others = others.exclude(pk=besides.pk)
    if others.exists():
        raise TransitionError(f"There is already a stage called “{name}”: give this one another name")


def stages_of(partnership: Partnership) -> list[DisputeStage]:
    return list(DisputeStage.objects.filter(partnership=partnership).order_by("order"))


@transaction.atomic
def dispute_stages_ensure(*, partnership: Partnership, by=None) -> list[DisputeStage]:
    """The partnership's stages, in order: made from the defaults the first time the partnership needs them (when
    its stages are first shown, or its first dispute recorded)."""
    stages = stages_of(partnership)
    if stages:
        return stages
    _lock_partnership(partnership)
    stages = stages_of(partnership)  # another request may have made them while this one waited
    if stages:
        return stages
    stages = DisputeStage.objects.bulk_create(
        [
            DisputeStage(partnership=partnership, order=order, name=name, description=description)
            for order, (name, description) in enumerate(DEFAULT_STAGES, start=1)
        ]
    )
    audit.record(
        actor=by,
        verb="dispute_stages.created",
        target=partnership,
        partnership=partnership,
        changes={"stages": [stage.name for stage in stages]},
    )
    return stages


def _locked_stage(stage: DisputeStage) -> DisputeStage:
    current = (
        DisputeStage.objects.select_for_update(of=("self",))
        .select_related("partnership")
        .filter(pk=stage.pk)
        .first()
    )
    if current is None:
        raise TransitionError("Someone removed this stage while you were looking at it. Nothing was changed.")
    return current


@transaction.atomic
def dispute_stage_add(*, by, partnership: Partnership, name: str, description: str = "") -> DisputeStage:
    """Add a stage after the last one."""
    _require_business_team(by, partnership)
    dispute_stages_ensure(partnership=partnership, by=by)
    _lock_partnership(partnership)
    name, description = _name(name), _description(description)
    _unique_name(partnership, name)
    last = DisputeStage.objects.filter(partnership=partnership).aggregate(n=Max("order"))["n"] or 0
    stage = DisputeStage.objects.create(
        partnership=partnership, order=last + 1, name=name, description=description
    )
    audit.record(
        actor=by,
        verb="dispute_stage.added",
        target=stage,
        partnership=partnership,
        changes=audit.snapshot(stage, STAGE_FIELDS),
    )
    return stage


@transaction.atomic
def dispute_stage_update(
    *, by, stage: DisputeStage, name: str, description: str = "", was: tuple[str, str] | None = None
) -> DisputeStage:
    """Rename or describe a stage. `was` is the name and description the editor started from: if someone changed
    them since, the edit is refused rather than written over theirs. Disputes at the stage keep it: they show
    its new name."""
    stage = _locked_stage(stage)
    _require_business_team(by, stage.partnership)
    if was is not None and (stage.name, stage.description) != (was[0], was[1]):
        raise TransitionError(
            "Someone else changed this stage while you were editing it. Reload the page to see their change."
        )
    name, description = _name(name), _description(description)
    _unique_name(stage.partnership, name, besides=stage)
    before = audit.snapshot(stage, STAGE_FIELDS)
    stage.name, stage.description = name, description
    changes = audit.diff(before, audit.snapshot(stage, STAGE_FIELDS))
    if not changes:
        return stage
    stage.save(update_fields=["name", "description"])
    audit.record(
        actor=by, verb="dispute_stage.updated", target=stage, partnership=stage.partnership, changes=changes
    )
    return stage


@transaction.atomic
def dispute_stage_move(*, by, stage: DisputeStage, up: bool) -> DisputeStage:
    """Swap the stage with the one before it (up) or after it. Escalating goes to a later stage in this order."""
    _lock_partnership(stage.partnership)
    stage = _locked_stage(stage)
    _require_business_team(by, stage.partnership)
    siblings = DisputeStage.objects.filter(partnership=stage.partnership)
    neighbour = (
        siblings.filter(order__lt=stage.order).order_by("-order")
        if up
        else siblings.filter(order__gt=stage.order).order_by("order")
    ).first()
    if neighbour is None:
        raise TransitionError(
            f"“{stage.name}” is already the {'first' if up else 'last'} stage, so it cannot move "
            f"{'up' if up else 'down'}"
        )
    # Through a free number, because (partnership, order) is unique.
    mine, theirs = stage.order, neighbour.order
    stage.order = (siblings.aggregate(n=Max("order"))["n"] or 0) + 1
    stage.save(update_fields=["order"])
    neighbour.order = mine
    neighbour.save(update_fields=["order"])
    stage.order = theirs
    stage.save(update_fields=["order"])
    audit.record(
        actor=by,
        verb="dispute_stage.moved",
        target=stage,
        partnership=stage.partnership,
        changes={"order": {"before": mine, "after": theirs}, "swapped_with": neighbour.name},
    )
    return stage


def stage_in_use(stage: DisputeStage) -> bool:
    """Whether a dispute has been at the stage: every stage a dispute is or was at has a step there."""
    return Dispute.objects.filter(stage=stage).exists() or DisputeStep.objects.filter(stage=stage).exists()


def stages_in_use(partnership: Partnership) -> set:
    """The ids of the partnership's stages some dispute has been at: one query, however many disputes."""
    return set(
        DisputeStep.objects.filter(dispute__partnership=partnership)
        .order_by()
        .values_list("stage_id", flat=True)
        .distinct()
    )


@transaction.atomic
def dispute_stage_remove(*, by, stage: DisputeStage) -> None:
    """Remove a stage no dispute has been at. The stages after it keep their order."""
    _lock_partnership(stage.partnership)
    stage = _locked_stage(stage)
    _require_business_team(by, stage.partnership)
    if stage_in_use(stage):
        raise TransitionError(
            f"“{stage.name}” cannot be removed: a dispute has been at this stage, and its history names it. "
            "Rename or describe it instead."
        )
    if not DisputeStage.objects.filter(partnership=stage.partnership).exclude(pk=stage.pk).exists():
        raise TransitionError("A dispute needs a stage to be at: add another stage before removing this one")
    audit.record(
        actor=by,
        verb="dispute_stage.removed",
        target=stage,
        partnership=stage.partnership,
        changes=audit.snapshot(stage, STAGE_FIELDS),
    )
    stage.delete()
