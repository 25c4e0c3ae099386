"""The DfE's Get Information About Schools (GIAS) establishment extract, read by its real column names.

GIAS serves Windows-1252 text with CRLF line ends and about 140 columns; only those below are read. Rows for
other local authorities are skipped without further checks, so the national file can be imported as it is
(if it is within the size limit)."""

from __future__ import annotations

from django.conf import settings

from .. import identifiers
from ..models import Organisation, Partnership
from .reading import Table, columns_of, read_table
from .validation import ImportPlan, Outcome, PlannedRow, RowReader

URN = "URN"
LA_CODE = "LA (code)"
LA_NAME = "LA (name)"
NAME = "EstablishmentName"
TYPE = "TypeOfEstablishment (name)"
TYPE_GROUP = "EstablishmentTypeGroup (name)"
STATUS = "EstablishmentStatus (name)"
PHASE = "PhaseOfEducation (name)"
UKPRN = "UKPRN"
POSTCODE = "Postcode"
TRUST_NAME = "Trusts (name)"
TRUST_CODE = "Trusts (code)"
REQUIRED_COLUMNS = [URN, LA_CODE, LA_NAME, NAME, TYPE, TYPE_GROUP, STATUS, PHASE, UKPRN, POSTCODE, TRUST_NAME]
OPTIONAL_COLUMNS = [TRUST_CODE]

Type = Organisation.Type
Status = Organisation.Status

# TypeOfEstablishment (name), normalised by _key. Other types are placed by their group, else as "other".
ALTERNATIVE_PROVISION_TYPES = {
    "pupil referral unit",
    "free schools alternative provision",
    "academy alternative provision converter",
    "academy alternative provision sponsor led",
}
COLLEGE_TYPES = {
    "further education",
    "sixth form centres",
    "sixth form college",
    "special post 16 institution",
}
SCHOOL_TYPES = {
    "community school",
    "voluntary aided school",
    "voluntary controlled school",
    "foundation school",
    "community special school",
    "foundation special school",
    "non-maintained special school",
    "local authority nursery school",
    "la nursery school",
    "city technology college",
    "academy converter",
    "academy sponsor led",
    "academy special converter",
    "academy special sponsor led",
    "academy 16 to 19 converter",
    "academy 16 to 19 sponsor led",
    "free schools",
    "free schools special",
    "free schools 16 to 19",
    "university technical college",
    "studio schools",
    "other independent school",
    "other independent special school",
}
# EstablishmentTypeGroup (name), for types GIAS adds after this list was written.
GROUP_TYPES = {
    "academies": Type.SCHOOL,
    "free schools": Type.SCHOOL,
    "local authority maintained schools": Type.SCHOOL,
    "special schools": Type.SCHOOL,
    "independent schools": Type.SCHOOL,
    "colleges": Type.COLLEGE,
}
PHASE_NOT_APPLICABLE = {"not applicable", ""}


def _key(value: str) -> str:
    """'Free Schools - 16-19' and 'Free schools 16 to 19' are the same type."""
    value = value.casefold().replace(" - ", " ").replace("16-19", "16 to 19").replace("-", " ")
    return " ".join(value.split())


def organisation_type(type_name: str, group_name: str) -> str:
    key = _key(type_name)
    if key in ALTERNATIVE_PROVISION_TYPES:
        return Type.ALTERNATIVE_PROVISION
    if key in COLLEGE_TYPES:
        return Type.COLLEGE
    if key in SCHOOL_TYPES:
        return Type.SCHOOL
    return GROUP_TYPES.get(_key(group_name), Type.OTHER)


def parse(content: bytes, *, partnership: Partnership) -> ImportPlan:
    plan = ImportPlan(format="gias")
    table = read_table(content, plan=plan, max_bytes=settings.REGISTER_IMPORT_MAX_BYTES)
    if table is None:
        return plan
    positions = columns_of(table)
    missing = [name for name in REQUIRED_COLUMNS if name.casefold() not in positions]
    for name in missing:
        plan.problem(
            f"The file has no '{name}' column: download the establishment extract from Get Information About "
            "Schools with its standard columns, or choose the Sightline CSV format",
            1,
            name,
        )
    if missing:
        return plan
    _read_rows(plan, table, positions, partnership)
    return plan


def _read_rows(plan: ImportPlan, table: Table, positions: dict[str, int], partnership: Partnership) -> None:
    wanted = [*REQUIRED_COLUMNS, *(name for name in OPTIONAL_COLUMNS if name.casefold() in positions)]
    headers = {name: table.header[positions[name.casefold()]] for name in wanted}
    la_code = partnership.la_code.strip()
    first_row_of_urn: dict[int, int] = {}
    in_area = 0
    for number, cells in table.rows:
        row = RowReader(plan, number, {name: cells[positions[name.casefold()]] for name in wanted}, headers)
        code = row.raw(LA_CODE)
        if code != la_code:
            urn, la_name = row.raw(URN), row.raw(LA_NAME)[:60]
            readable = urn.isascii() and urn.isdigit() and len(urn) < 9
            plan.rows.append(
                PlannedRow(
                    row=number,
                    name=row.raw(NAME)[:250],
                    urn=int(urn) if readable else None,
                    skip_reason=f"Another local authority ({code or 'none'}{': ' + la_name if la_name else ''})",
                    outcome=Outcome.SKIP,
                )
            )
            continue
        in_area += 1
        planned = _planned(row, number)
        if planned.urn is not None:
            if planned.urn in first_row_of_urn:
                row.fail(
                    URN,
                    f"URN {planned.urn} is also on row {first_row_of_urn[planned.urn]}: each "
                    "establishment must appear once",
                )
            first_row_of_urn.setdefault(planned.urn, number)
        if not row.failed:
            plan.rows.append(planned)
    if not in_area and plan.ok:
        plan.problem(
            f"No establishment in the file is in local authority {la_code} ({partnership.area}): check that "
            "you downloaded the extract for your area, or ask the operator to correct the partnership's code"
        )


def _planned(row: RowReader, number: int) -> PlannedRow:
    name = row.text(NAME, max_length=250, required="Enter the establishment's name")
    urn = row.urn(URN, required="Enter the establishment's URN")
    org_type = organisation_type(row.raw(TYPE), row.raw(TYPE_GROUP))
    phase = row.text(PHASE, max_length=60)
    fields = {
        "name": name,
        "type": org_type,
        "urn": urn,
        "ukprn": row.identifier(UKPRN, identifiers.ukprn),
        "postcode": row.identifier(POSTCODE, identifiers.postcode),
        "phase": "" if phase.casefold() in PHASE_NOT_APPLICABLE else phase,
        "status": Status.CLOSED if row.raw(STATUS).casefold() == "closed" else Status.OPEN,
    }
    if org_type == Type.SCHOOL:
        # Schools' safeguarding duty comes from the Education Act 2002 (s175/s157), not section 11.
        fields["section11_duty"] = False
    trust = row.text(TRUST_NAME, max_length=250)
    return PlannedRow(
        row=number,
        name=name,
        type=org_type,
        urn=urn,
        fields=fields,
        parent_given=True,
        parent_name=trust,
    )
