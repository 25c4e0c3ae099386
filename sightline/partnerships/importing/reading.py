"""Turning uploaded bytes into a header and rows, refusing anything that is not a CSV text file with a message
that says what the file seems to be and what to do instead."""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

from .validation import ImportPlan

# What a file that is not a CSV usually is, told by its first bytes.
SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive or an Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Excel workbook (.xls)"),
    (b"\x1f\x8b", "a gzip archive"),
]
UTF16_OR_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SAVE_AS_CSV = "open it in a spreadsheet and save it as 'CSV UTF-8 (comma delimited)'"


@dataclass
class Table:
    header: list[str]
    # (spreadsheet row number, cells), blank rows left out.
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def read_table(content: bytes, *, plan: ImportPlan, max_bytes: int) -> Table | None:
    """The file's header and rows, or None when the file cannot be read as CSV at all (the plan says why)."""
    text = decode(content, plan=plan, max_bytes=max_bytes)
    if text is None:
        return None
    records = csv.reader(io.StringIO(text, newline=""), strict=True)
    table = None
    number = 0
    try:
        for number, cells in enumerate(records, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if table is None:
                table = _header(cells, number, plan)
                if table is None:
                    return None
                continue
            if len(cells) > len(table.header) and any(cell.strip() for cell in cells[len(table.header) :]):
                plan.problem(
                    f"This row has {len(cells)} cells but the header has {len(table.header)}: check for a "
                    "comma in a cell that is not inside double quotes",
                    number,
                )
                continue
            # Some tools leave out trailing empty cells; those cells are simply empty.
            table.rows.append((number, (cells + [""] * len(table.header))[: len(table.header)]))
    except csv.Error as error:
        plan.problem(f"The file is not valid CSV here ({error}): {SAVE_AS_CSV}", number + 1)
        return None
    if table is None:
        plan.problem("The file has no header row: the first row must name the columns")
        return None
    if not table.rows:
        plan.problem("The file has a header row but no organisations: add a row for each organisation")
        return None
    return table


def _header(cells: list[str], number: int, plan: ImportPlan) -> Table | None:
    header = [" ".join(cell.split()) for cell in cells]
    if len(header) == 1 and (";" in header[0] or "\t" in cells[0]):
        plan.problem(f"The columns are separated by semicolons or tabs, not commas: {SAVE_AS_CSV}", number)
        return None
    seen: set[str] = set()
    for name in header:
        key = name.casefold()
        if key and key in seen:
            plan.problem("Two columns have this name: rename or remove one of them", number, name)
        seen.add(key)
    return Table(header=header)


def decode(content: bytes, *, plan: ImportPlan, max_bytes: int) -> str | None:
    """UTF-8 (with or without a byte-order mark) if the bytes are valid UTF-8, else Windows-1252, which is
    what GIAS serves; anything else is refused."""
    if not content:
        plan.problem("The file is empty: choose a CSV file with a header row and a row for each organisation")
        return None
    if len(content) > max_bytes:
        plan.problem(
            f"The file is {_megabytes(len(content))} but the limit is {_megabytes(max_bytes)}: import a "
            "smaller file, for example an extract for your local authority only"
        )
        return None
    for signature, kind in SIGNATURES:
        if content.startswith(signature):
            plan.problem(f"The file is {kind}, not a CSV file: {SAVE_AS_CSV}")
            return None
    if content.startswith(UTF16_OR_32_BOMS) or b"\x00" in content[:4096]:
        plan.problem(f"The file is in UTF-16 or another encoding this import does not read: {SAVE_AS_CSV}")
        return None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:
            line = content[: error.start].count(b"\n") + 1
            plan.problem(
                f"The file is neither UTF-8 nor Windows-1252 text (line {line} has a byte that is neither): "
                f"{SAVE_AS_CSV}"
            )
            return None
    bad = CONTROL_CHARACTERS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        plan.problem(f"The file holds binary data (line {line}), so it is not a CSV file: {SAVE_AS_CSV}")
        return None
    return text


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def columns_of(table: Table) -> dict[str, int]:
    """{casefolded column name: position}, the first of any repeated name."""
    positions: dict[str, int] = {}
    for position, name in enumerate(table.header):
        positions.setdefault(name.casefold(), position)
    return positions
