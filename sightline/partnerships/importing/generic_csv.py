"""Sightline's own organisation CSV (docs/register-import.md): the columns of the register download, so a
downloaded register can be edited in a spreadsheet and imported again."""

from __future__ import annotations

from django.conf import settings

from .. import identifiers
from ..exporting import EXPORT_COLUMNS
from ..models import Organisation, Partnership
from .reading import Table, columns_of, read_table
from .validation import ImportPlan, PlannedRow, RowReader, choice_lookup

# The same columns as the register download (exporting.py), so a downloaded register imports again unchanged.
COLUMNS = EXPORT_COLUMNS
REQUIRED_COLUMNS = ["name", "type"]
# Free-text columns and their lengths in the register.
TEXT_COLUMNS = {"phase": 60, "lead_name": 200}
# Identifier columns and the format each must have.
IDENTIFIER_COLUMNS = {
    "ukprn": identifiers.ukprn,
    "ofsted_urn": identifiers.ofsted_urn,
    "ods_code": identifiers.ods_code,
    "postcode": identifiers.postcode,
}

TYPES = choice_lookup(Organisation.Type)
STATUSES = choice_lookup(Organisation.Status)
STATUTORY_PARTNERS = {**choice_lookup(Organisation.StatutoryPartner), "": ""}
TYPE_LIST = ", ".join(Organisation.Type.values)


def _column_key(name: str) -> str:
    """'Lead email' and 'lead_email' name the same column."""
    return "_".join(name.casefold().split())


def parse(content: bytes, *, partnership: Partnership) -> ImportPlan:
    plan = ImportPlan(format="csv")
    table = read_table(content, plan=plan, max_bytes=settings.REGISTER_IMPORT_MAX_BYTES)
    if table is None:
        return plan
    positions = {_column_key(name): position for name, position in columns_of(table).items()}
    for position, name in enumerate(table.header):
        if name and _column_key(name) not in COLUMNS:
            plan.problem(
                f"'{name}' is not a column this import reads: check its spelling against "
                f"docs/register-import.md, or remove the column",
                1,
                name or f"column {position + 1}",
            )
    for name in REQUIRED_COLUMNS:
        if name not in positions:
            plan.problem(f"The file has no '{name}' column: add it to the header row", 1, name)
    if plan.file_problems:
        return plan
    _read_rows(plan, table, positions)
    return plan


def _read_rows(plan: ImportPlan, table: Table, positions: dict[str, int]) -> None:
    present = [name for name in COLUMNS if name in positions]
    headers = {name: table.header[positions[name]] for name in present}
    first_row_of_urn: dict[int, int] = {}
    first_row_of_name: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
        row = RowReader(plan, number, {name: cells[positions[name]] for name in present}, headers)
        planned = _planned(row, number)
        if planned.urn is not None:
            if planned.urn in first_row_of_urn:
                row.fail(
                    "urn",
                    f"URN {planned.urn} is also on row {first_row_of_urn[planned.urn]}: each "
                    "organisation must appear once",
                )
            first_row_of_urn.setdefault(planned.urn, number)
        elif planned.name and planned.type:
            key = (planned.name.casefold(), planned.type)
            if key in first_row_of_name:
                row.fail(
                    "name",
                    f"Row {first_row_of_name[key]} has the same name and type: give each a URN, "
                    "or remove one of them",
                )
            first_row_of_name.setdefault(key, number)
        if not row.failed:
            plan.rows.append(planned)


def _planned(row: RowReader, number: int) -> PlannedRow:
    name = row.text("name", max_length=250, required="Enter the organisation's name")
    org_type = None
    if not row.raw("type"):
        row.fail("type", "Enter the type of organisation, like school or police")
    else:
        message = "'{value}' is not a type of organisation: use one of " + TYPE_LIST
        org_type = row.choice("type", TYPES, message)
    fields: dict = {"name": name, "type": org_type}
    urn = row.urn("urn") if row.has("urn") else None
    if urn is not None:
        fields["urn"] = urn  # a URN is set by an import, never cleared
    if row.has("status") and row.raw("status"):
        fields["status"] = row.choice("status", STATUSES, "Enter open or closed (not '{value}')")
    if row.has("statutory_partner"):
        fields["statutory_partner"] = row.choice(
            "statutory_partner", STATUTORY_PARTNERS, "Enter la, icb, police or leave it empty (not '{value}')"
        )
    duty = row.flag("section11_duty") if row.has("section11_duty") else None
    if duty is not None:
        fields["section11_duty"] = duty
    for column, check in IDENTIFIER_COLUMNS.items():
        if row.has(column):
            fields[column] = row.identifier(column, check)
    for column, length in TEXT_COLUMNS.items():
        if row.has(column):
            fields[column] = row.text(column, max_length=length)
    if row.has("lead_email"):
        fields["lead_email"] = row.email("lead_email")
    parent_given = row.has("parent_urn") or row.has("parent_name")
    parent_urn = row.urn("parent_urn") if row.has("parent_urn") else None
    parent_name = row.text("parent_name", max_length=250) if row.has("parent_name") else ""
    if org_type == Organisation.Type.ACADEMY_TRUST and (parent_urn or parent_name):
        column = "parent_urn" if parent_urn else "parent_name"
        row.fail(column, "An academy trust has no parent organisation: leave this empty")
    return PlannedRow(
        row=number,
        name=name,
        type=org_type or "",
        urn=urn,
        fields=fields,
        parent_given=parent_given,
        parent_urn=parent_urn,
        parent_name=parent_name,
    )
