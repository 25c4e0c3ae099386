"""An import's plan: what each row of the file would do to the register, and every problem found in the file.
Building a plan writes nothing; a plan with problems is never applied (all or nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

URN_MAX = 2_147_483_647  # the largest value the URN column holds


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, where it is (spreadsheet row number, header row = 1), and what to do."""

    message: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        if not where:
            return self.message
        place = ", ".join(where)
        return f"{place[0].upper()}{place[1:]}: {self.message}"


class Outcome(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    CLOSE = "close"
    SKIP = "skip"


@dataclass
class PlannedRow:
    row: int
    name: str
    type: str = ""
    urn: int | None = None
    # The register fields the file sets for this organisation (not its parent).
    fields: dict[str, Any] = field(default_factory=dict)
    # Whether the file says who the parent trust is; "nobody" (both empty) clears it.
    parent_given: bool = False
    parent_urn: int | None = None
    parent_name: str = ""
    skip_reason: str = ""
    # Filled in by planning.resolve against the register as it is now.
    outcome: str = ""
    organisation_id: Any = None
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    format: str
    rows: list[PlannedRow] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    match_problems: list[Problem] = field(default_factory=list)
    # Academy trusts named by the file that the register does not hold yet: {casefolded name: name}.
    new_trusts: dict[str, str] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        return [*self.file_problems, *self.match_problems]

    @property
    def ok(self) -> bool:
        return not self.file_problems and not self.match_problems

    def problem(self, message: str, row: int | None = None, column: str = "") -> None:
        self.file_problems.append(Problem(message, row, column))

    def counts(self) -> dict[str, int]:
        tally = dict.fromkeys(Outcome, 0)
        for planned in self.rows:
            if planned.outcome:
                tally[planned.outcome] += 1
        return {
            "created": tally[Outcome.CREATE],
            "updated": tally[Outcome.UPDATE],
            "closed": tally[Outcome.CLOSE],
            "unchanged": tally[Outcome.UNCHANGED],
            "skipped": tally[Outcome.SKIP],
            "trusts": len(self.new_trusts),
        }


def unescape(value: str) -> str:
    """Undo the download's guard against spreadsheet formulas (=x is written '=x), so files round-trip."""
    return value[1:] if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r" else value


class RowReader:
    """One row's cells by column, with checks that record each problem against the row and the column as the
    file spells it."""

    def __init__(self, plan: ImportPlan, row: int, cells: dict[str, str], headers: dict[str, str]):
        self.plan, self.row, self.cells, self.headers = plan, row, cells, headers
        self.failed = False

    def has(self, column: str) -> bool:
        return column in self.cells

    def raw(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def fail(self, column: str, message: str) -> None:
        self.failed = True
        self.plan.problem(message, self.row, self.headers.get(column, column))

    def text(self, column: str, *, max_length: int, required: str = "") -> str:
        value = " ".join(unescape(self.raw(column)).split())
        if not value and required:
            self.fail(column, required)
        elif len(value) > max_length:
            self.fail(column, f"Shorten this to {max_length} characters or fewer (it has {len(value)})")
        return value

    def urn(self, column: str, *, required: str = "") -> int | None:
        value = self.raw(column)
        if not value:
            if required:
                self.fail(column, required)
            return None
        if not value.isascii() or not value.isdigit() or not 0 < int(value) <= URN_MAX:
            self.fail(column, f"Enter the URN as a whole number, like 100001 (not '{value[:40]}')")
            return None
        return int(value)

    def identifier(self, column: str, check) -> str:
        """A national identifier checked by its format (identifiers.py); the problem names the row and column and
        quotes only the start of what was there."""
        value = self.raw(column)
        try:
            return check(value)
        except ValueError as error:
            self.fail(column, f"{error} (not '{value[:20]}')")
            return ""

    def email(self, column: str) -> str:
        value = self.raw(column)
        if not value:
            return ""
        try:
            if len(value) > 254:
                raise ValidationError("too long")
            validate_email(value)
        except ValidationError:
            self.fail(
                column,
                f"Enter an email address in the correct format, like name@example.org (not '{value[:60]}')",
            )
            return ""
        return value

    def choice(self, column: str, lookup: dict[str, str], message: str) -> str | None:
        """The value for a cell holding a choice's value or label, any case; None if it is not one."""
        value = self.raw(column)
        found = lookup.get(value.casefold())
        if found is None:
            self.fail(column, message.format(value=value[:60]))
        return found

    def flag(self, column: str) -> bool | None:
        value = self.raw(column).casefold()
        if not value:
            return None
        if value in {"yes", "y", "true", "1"}:
            return True
        if value in {"no", "n", "false", "0"}:
            return False
        self.fail(column, f"Enter yes or no (not '{self.raw(column)[:40]}')")
        return None


def choice_lookup(choices) -> dict[str, str]:
    """{casefolded value or label: value} for a TextChoices class."""
    lookup = {}
    for value, label in choices.choices:
        lookup[str(label).casefold()] = value
        lookup[value.casefold()] = value
    return lookup
