"""The organisation register as CSV rows, for the download and `manage.py export_organisations`."""

from collections.abc import Iterator

from . import selectors
from .models import Partnership

EXPORT_COLUMNS = [
    "name",
    "type",
    "urn",
    "ukprn",
    "status",
    "statutory_partner",
    "section11_duty",
    "ofsted_urn",
    "ods_code",
    "postcode",
    "phase",
    "parent_urn",
    "parent_name",
    "lead_name",
    "lead_email",
]


def register_rows(*, partnership: Partnership) -> Iterator[list]:
    yield EXPORT_COLUMNS
    for org in selectors.organisation_register_for_export(partnership=partnership).iterator(chunk_size=1000):
        row = [
            org.name,
            org.type,
            org.urn or "",
            org.ukprn,
            org.status,
            org.statutory_partner,
            "yes" if org.section11_duty else "no",
            org.ofsted_urn,
            org.ods_code,
            org.postcode,
            org.phase,
            org.parent.urn if org.parent and org.parent.urn else "",
            org.parent.name if org.parent else "",
            org.lead_name,
            org.lead_email,
        ]
        yield [_safe(cell) if isinstance(cell, str) else cell for cell in row]


def _safe(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a cell starting with = + - @ is shown as text."""
    return "'" + value if value and value[0] in "=+-@\t\r" else value
