"""The case sample of an activity: the business team identifies the cases, each with a generated pseudonymous
reference, an age band and the agencies involved, and keeps the sample right until the audits begin."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.partnerships.models import Organisation

from .models import Case, CaseAudit
from .references import reference_candidate

CASE_KINDS = {"practice_learning", "case_specific", "partnership_audit"}
REFERENCE_ATTEMPTS = 20


def require_business_team(by, activity) -> None:
    if not policy.is_business_team(by, activity.partnership):
        raise TransitionError("Only the partnership's business team can manage the cases and the panel")


def require_open(activity) -> None:
    if activity.status in policy.PANEL_ENDED_STATES:
        raise TransitionError("This activity has finished: its cases, audits and panel can no longer change")


def _check_agencies(activity, agencies) -> list[Organisation]:
    agencies = list(agencies)
    if not agencies:
        raise TransitionError("Choose at least one agency involved in the case")
    allowed = set(
        Organisation.objects.filter(
            affiliations__partnership=activity.partnership, pk__in=[a.pk for a in agencies]
        ).values_list("pk", flat=True)
    )
    if any(agency.pk not in allowed for agency in agencies):
        raise TransitionError("Choose agencies from this partnership's register")
    return agencies


def _with_new_reference(activity, **fields) -> Case | None:
    """A case row under a fresh reference; None if that reference is already taken in the partnership."""
    try:
        with transaction.atomic():
            return Case.objects.create(
                partnership=activity.partnership,
                activity=activity,
                reference=reference_candidate(activity.kind),
                **fields,
            )
    except IntegrityError:
        return None


@transaction.atomic
def case_create(*, by, activity, age_band: str, agencies) -> Case:
    """Add a case to the sample under a new pseudonymous reference."""
    require_business_team(by, activity)
    require_open(activity)
    if activity.kind not in CASE_KINDS:
        raise TransitionError("Only line-of-sight events and partnership audits have a case sample")
    if age_band not in Case.AgeBand.values:
        raise TransitionError("Choose the child's age band")
    agencies = _check_agencies(activity, agencies)
    case = None
    for _ in range(REFERENCE_ATTEMPTS):
        case = _with_new_reference(activity, age_band=age_band, created_by=by)
        if case is not None:
            break
    if case is None:
        raise TransitionError("No free case reference could be made; try again")
    case.agencies.set(agencies)
    audit.record(
        actor=by,
        verb="case.created",
        target=case,
        partnership=activity.partnership,
        changes={
            "activity": activity.title,
            "age_band": age_band,
            "agencies": sorted(a.name for a in agencies),
        },
    )
    return case


def _started(audits) -> list[CaseAudit]:
    return [a for a in audits if a.status != CaseAudit.Status.REQUESTED or a.answers.exists()]


@transaction.atomic
def case_update(*, by, case: Case, age_band: str, agencies) -> Case:
    """Change a case's age band and agencies. An agency that has started its audit stays; one that was asked
    but has written nothing is no longer asked."""
    activity = case.activity
    require_business_team(by, activity)
    require_open(activity)
    if age_band not in Case.AgeBand.values:
        raise TransitionError("Choose the child's age band")
    agencies = _check_agencies(activity, agencies)
    keep = {agency.pk for agency in agencies}
    dropped = list(case.audits.exclude(organisation_id__in=keep).select_related("organisation"))
    started = _started(dropped)
    if started:
        raise TransitionError(
            f"{started[0].organisation.name} has started its audit of {case.reference}, so it stays involved"
        )
    before = {"age_band": case.age_band, "agencies": sorted(a.name for a in case.agencies.all())}
    for withdrawn in dropped:
        withdrawn.delete()
    case.age_band = age_band
    case.save(update_fields=["age_band"])
    case.agencies.set(agencies)
    after = {"age_band": age_band, "agencies": sorted(a.name for a in agencies)}
    audit.record(
        actor=by,
        verb="case.updated",
        target=case,
        partnership=activity.partnership,
        changes={**audit.diff(before, after), "requests_withdrawn": [a.organisation.name for a in dropped]},
    )
    return case


@transaction.atomic
def case_remove(*, by, case: Case) -> None:
    """Take a case out of the sample, while no agency has started its audit."""
    activity = case.activity
    require_business_team(by, activity)
    require_open(activity)
    started = _started(case.audits.select_related("organisation"))
    if started:
        raise TransitionError(
            f"{started[0].organisation.name} has started its audit of {case.reference}: the case stays"
        )
    audit.record(
        actor=by,
        verb="case.removed",
        target=case,
        partnership=activity.partnership,
        changes={"activity": activity.title},
    )
    case.delete()
