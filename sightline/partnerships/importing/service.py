"""Applying a checked register import. Every organisation the file creates, updates or closes, the trusts it
names and the import's one audit event commit together, or not at all."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from sightline.audit import services as audit
from sightline.core.errors import TransitionError

from ..models import Affiliation, Organisation, Partnership
from ..models_import import RegisterImport
from ..services import IDENTIFIERS
from . import planning
from .validation import ImportPlan, Outcome, PlannedRow

TRUST = Organisation.Type.ACADEMY_TRUST


def register_import_stage(
    *, by, partnership: Partnership, format: str, filename: str, content: bytes
) -> RegisterImport:
    """Hold an uploaded file until someone checks its preview and confirms it; the register is unchanged."""
    return RegisterImport.objects.create(
        partnership=partnership,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
        format=format,
        filename=filename[:255],
        content=content,
    )


def register_import_apply(
    *,
    by,
    partnership: Partnership,
    plan: ImportPlan,
    staged: RegisterImport | None = None,
    filename: str = "",
) -> dict[str, int]:
    """Bring the partnership's register into line with an import file: create the organisations it does not
    hold, update those it does (matched by URN, else by name and type, in this register only: another
    partnership's entry for the same establishment is never changed), close those the file says are closed,
    add the academy trusts it names, and record one `register.imported` event with the counts. The plan is
    matched against the register again inside the transaction, so a change made since the preview cannot be
    overwritten unseen. `staged`, if given, is marked applied (and its stored bytes cleared) in the same
    transaction; an import is applied once only."""
    try:
        return _apply(by=by, partnership=partnership, plan=plan, staged=staged, filename=filename)
    except IntegrityError as error:
        raise TransitionError(
            "Someone changed the register while the file was being imported: upload the file again"
        ) from error


def register_import_file(
    *, by, partnership: Partnership, fmt: str, content: bytes, filename: str = ""
) -> dict[str, int]:
    """Check a file and apply it in one step (the management command and the demo loader). A file with any
    problem changes nothing: the TransitionError lists the problems, each with its row and column."""
    from . import plan_import

    plan = plan_import(partnership=partnership, format=fmt, content=content)
    if not plan.ok:
        raise TransitionError(problems_message(plan))
    return register_import_apply(by=by, partnership=partnership, plan=plan, filename=filename)


def problems_message(plan: ImportPlan, limit: int = 100) -> str:
    problems = plan.problems
    plural = "s" if len(problems) != 1 else ""
    lines = [f"Nothing was imported: the file has {len(problems)} problem{plural}."]
    lines += [f"- {problem}" for problem in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"…and {len(problems) - limit} more. Correct these and try again to see the rest.")
    return "\n".join(lines)


@transaction.atomic
def _apply(*, by, partnership, plan, staged, filename) -> dict[str, int]:
    if staged is not None:
        staged = RegisterImport.objects.select_for_update().get(pk=staged.pk, partnership=partnership)
        if staged.applied_at is not None:
            raise TransitionError("This file has already been imported: upload it again to import it again")
        filename = filename or staged.filename
    planning.resolve(plan, partnership=partnership)
    if not plan.ok:
        raise TransitionError(
            f"The file has {len(plan.problems)} problem{'s' if len(plan.problems) != 1 else ''}: "
            "correct the file and upload it again. Nothing has been imported."
        )
    now = timezone.now()
    rows = [row for row in plan.rows if row.outcome not in (Outcome.SKIP, Outcome.UNCHANGED)]
    existing = Organisation.objects.select_for_update().in_bulk(
        [row.organisation_id for row in rows if row.organisation_id]
    )
    register_trusts = Organisation.objects.filter(affiliations__partnership=partnership, type=TRUST)
    trusts = {org.name.casefold(): org for org in register_trusts.order_by("created_at")}
    in_register: list = []
    trusts_created = 0
    for key, name in plan.new_trusts.items():
        if key not in trusts:
            trusts[key] = Organisation.objects.create(name=name, type=TRUST)
            in_register.append(trusts[key].pk)
            trusts_created += 1
    parent_urns = {row.parent_urn for row in rows if row.parent_urn}
    register = Organisation.objects.filter(affiliations__partnership=partnership)
    by_urn = {org.urn: org for org in register.filter(urn__in=parent_urns)} if parent_urns else {}
    identities = _identities_elsewhere(partnership, [row.fields for row in rows if not row.organisation_id])

    # Trusts first, so that the schools naming them in the same file find them.
    for row in sorted(rows, key=lambda row: row.type != TRUST):
        organisation = existing.get(row.organisation_id)
        if organisation is None:
            organisation = Organisation(**row.fields, created_at=now, updated_at=now)
            organisation.identity = _identity(row.fields, identities) or organisation.identity
            if row.parent_given:
                organisation.parent = _parent(row, trusts, by_urn)
            organisation.save(force_insert=True)
        else:
            for name, value in row.fields.items():
                setattr(organisation, name, value)
            update_fields = [*row.fields, "updated_at"]
            if row.parent_given:
                organisation.parent = _parent(row, trusts, by_urn)
                update_fields.append("parent")
            organisation.updated_at = now
            organisation.version += 1  # an editor holding an older copy is told, not allowed to overwrite
            organisation.save(update_fields=[*update_fields, "version"])
        if organisation.type == TRUST:
            trusts[organisation.name.casefold()] = organisation
        if organisation.urn:
            by_urn[organisation.urn] = organisation
        in_register.append(organisation.pk)

    already = set(
        Affiliation.objects.filter(partnership=partnership, organisation_id__in=in_register).values_list(
            "organisation_id", flat=True
        )
    )
    Affiliation.objects.bulk_create(
        [
            Affiliation(partnership=partnership, organisation_id=pk, added_at=now)
            for pk in in_register
            if pk not in already
        ]
    )
    summary = {**plan.counts(), "trusts": trusts_created}
    audit.record(
        actor=by,
        verb="register.imported",
        target=partnership,
        partnership=partnership,
        changes={**summary, "format": plan.format, "filename": filename},
    )
    _tell_other_holders(by=by, partnership=partnership, organisation_ids=in_register, filename=filename)
    if staged is not None:
        staged.applied_at, staged.summary, staged.content = now, summary, b""
        staged.save(update_fields=["applied_at", "summary", "content"])
    return summary


def _identities_elsewhere(partnership: Partnership, rows: list[dict]) -> dict:
    """{(identifier, value): identity} of other partnerships' rows that the new rows name, in one query per kind
    of identifier."""
    found: dict = {}
    for name in IDENTIFIERS:
        values = {fields[name] for fields in rows if fields.get(name)}
        if not values:
            continue
        others = Organisation.objects.filter(**{f"{name}__in": values}).exclude(
            affiliations__partnership=partnership
        )
        for value, identity in others.values_list(name, "identity"):
            found.setdefault((name, value), identity)
    return found


def _identity(fields: dict, identities: dict):
    for name in IDENTIFIERS:
        if fields.get(name) and (name, fields[name]) in identities:
            return identities[(name, fields[name])]
    return None


def _tell_other_holders(*, by, partnership: Partnership, organisation_ids: list, filename: str) -> None:
    """An event on each other partnership's own entry for an organisation this import added or changed, in that
    partnership's trail and the entry's history, never saying what this partnership recorded about it."""
    identities = Organisation.objects.filter(pk__in=organisation_ids).values("identity")
    theirs = (
        Affiliation.objects.filter(organisation__identity__in=identities)
        .exclude(partnership=partnership)
        .select_related("partnership", "organisation")
        .order_by("partnership_id", "organisation__name")
    )
    for affiliation in theirs:
        audit.record(
            actor=by,
            verb="register.imported_elsewhere",
            target=affiliation.organisation,
            partnership=affiliation.partnership,
            changes={"partnership": partnership.name, "file": filename},
        )


def _parent(row: PlannedRow, trusts: dict, by_urn: dict) -> Organisation | None:
    if row.parent_urn:
        parent = by_urn.get(row.parent_urn)
    elif row.parent_name:
        parent = trusts.get(row.parent_name.casefold())
    else:
        return None
    if parent is None or parent.type != TRUST:
        # planning.resolve has checked every parent; reaching here means the register changed underneath.
        missing = row.parent_name or row.parent_urn
        raise TransitionError(f"Row {row.row}: the academy trust '{missing}' is no longer in the register")
    return parent
