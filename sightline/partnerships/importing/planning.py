"""Matching a parsed file against the register as it is now: which rows create, update or close an
organisation, which trusts are new, and which parents cannot be found. Reads only, in a fixed number of
queries whatever the file's size."""

from __future__ import annotations

from collections import defaultdict

from ..models import Organisation, Partnership
from .validation import ImportPlan, Outcome, PlannedRow, Problem

TRUST = Organisation.Type.ACADEMY_TRUST
FIELD_LABELS = {
    field.name: str(field.verbose_name) for field in Organisation._meta.get_fields() if field.concrete
}


def resolve(plan: ImportPlan, *, partnership: Partnership) -> ImportPlan:
    """Fill in each row's outcome and the plan's new trusts; record any row that cannot be matched safely.
    Running it again (as the import does inside its transaction) starts afresh."""
    plan.match_problems = []
    plan.new_trusts = {}
    rows = [row for row in plan.rows if not row.skip_reason]
    register = Organisation.objects.filter(affiliations__partnership=partnership)

    urns = {row.urn for row in rows if row.urn} | {row.parent_urn for row in rows if row.parent_urn}
    # Matched within this register only: another partnership's row is never changed, nor taken (ADR 0010).
    by_urn = {org.urn: org for org in register.filter(urn__in=urns)} if urns else {}
    names = {row.name for row in rows if not (row.urn and row.urn in by_urn)}
    by_name: dict[tuple[str, str], list[Organisation]] = defaultdict(list)
    for org in register.filter(name__in=names) if names else []:
        by_name[(org.name, org.type)].append(org)
    trusts = {org.name.casefold(): org for org in register.filter(type=TRUST).order_by("created_at")}
    file_trust_urns = {row.urn for row in rows if row.type == TRUST and row.urn}
    file_trust_names = {row.name.casefold() for row in rows if row.type == TRUST}

    matches: list[tuple[PlannedRow, Organisation | None]] = []
    claimed: dict[object, int] = {}
    for row in rows:
        existing = _match(row, by_urn, by_name, plan)
        if existing is not None:
            if existing.pk in claimed:
                plan.match_problems.append(
                    Problem(
                        f"This row and row {claimed[existing.pk]} both match '{existing.name}' in the register: "
                        "give each its URN",
                        row.row,
                    )
                )
            claimed.setdefault(existing.pk, row.row)
        matches.append((row, existing))
    for row, existing in matches:
        parent = _parent(row, existing, by_urn, trusts, file_trust_urns, file_trust_names, plan)
        _decide(row, existing, parent)
    for row in plan.rows:
        if row.skip_reason:
            row.outcome = Outcome.SKIP
    return plan


def _match(row: PlannedRow, by_urn: dict, by_name: dict, plan: ImportPlan) -> Organisation | None:
    """By URN within this register; else by exact name and type within this register, among entries that have
    no URN of their own (or have this one)."""
    if row.urn and row.urn in by_urn:
        return by_urn[row.urn]
    candidates = by_name.get((row.name, row.type), [])
    if row.urn is not None:
        # An entry with another URN is another establishment of the same name.
        candidates = [org for org in candidates if org.urn is None]
    if len(candidates) > 1:
        plan.match_problems.append(
            Problem(
                f"The register has {len(candidates)} organisations called '{row.name}' of this type: add a URN "
                "column to say which this row means, or merge them first",
                row.row,
                "name",
            )
        )
        return None
    return candidates[0] if candidates else None


def _parent(row, existing, by_urn, trusts, file_trust_urns, file_trust_names, plan) -> object:
    """The parent the row asks for: an Organisation, a key for a trust to be created, None for no parent, or
    the existing parent's id when the file does not say."""
    if not row.parent_given:
        return existing.parent_id if existing is not None else None
    if row.parent_urn:
        parent = by_urn.get(row.parent_urn)
        if parent is not None:
            if parent.type != TRUST:
                plan.match_problems.append(
                    Problem(
                        f"URN {row.parent_urn} is '{parent.name}', which is not an academy trust: give the "
                        "trust's URN",
                        row.row,
                        "parent_urn",
                    )
                )
            return parent
        if row.parent_urn in file_trust_urns:
            return ("urn", row.parent_urn)
        plan.match_problems.append(
            Problem(
                f"No academy trust with URN {row.parent_urn} is in the register or in the file: add the trust "
                "first",
                row.row,
                "parent_urn",
            )
        )
        return None
    if not row.parent_name:
        return None
    key = row.parent_name.casefold()
    if key in trusts:
        return trusts[key]
    if plan.format == "gias":
        # GIAS names a school's trust without further detail: the trust is added to the register too.
        plan.new_trusts.setdefault(key, row.parent_name)
        return ("name", key)
    if key in file_trust_names:
        return ("name", key)
    plan.match_problems.append(
        Problem(
            f"No academy trust called '{row.parent_name}' is in the register or in the file: add a row for the "
            "trust, or correct the name",
            row.row,
            "parent_name",
        )
    )
    return None


def _decide(row: PlannedRow, existing: Organisation | None, parent) -> None:
    row.changes = []
    row.organisation_id = existing.pk if existing is not None else None
    closing = row.fields.get("status") == Organisation.Status.CLOSED
    if existing is None:
        row.outcome = Outcome.CLOSE if closing else Outcome.CREATE
        if closing:
            row.changes.append("added as closed")
        return
    for name, value in row.fields.items():
        if getattr(existing, name) != value:
            row.changes.append(FIELD_LABELS[name])
    parent_id = parent.pk if isinstance(parent, Organisation) else parent
    if parent_id != existing.parent_id:
        row.changes.append("academy trust")
    if closing and existing.status != Organisation.Status.CLOSED:
        row.outcome = Outcome.CLOSE
    else:
        row.outcome = Outcome.UPDATE if row.changes else Outcome.UNCHANGED
