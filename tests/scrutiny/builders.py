"""Builders for the day ledger: entries booked through the service, in half days, for the world's ISO."""

from __future__ import annotations

from datetime import date

from sightline.scrutiny import ledger
from sightline.scrutiny.years import this_year


def book(world, when: date, planned: float, spent: float = 0, *, iso=None, confirm=False, **what):
    what.setdefault("description", "Chairing a rapid review")
    return ledger.ledger_entry_create(
        by=world.users["business_team"],
        partnership=world.partnership,
        iso=iso or world.users["iso"],
        work_date=when,
        planned_half_days=int(planned * 2),
        spent_half_days=int(spent * 2),
        confirm_over_budget=confirm,
        **what,
    )


def matrix_kwargs(world, part: str) -> dict:
    iso = world.users["iso"]
    if part == "iso":
        return {"iso_id": iso.pk}
    if part == "iso_budget":
        return {"iso_id": iso.pk, "year": this_year()}
    if part == "ledger_entry":
        return {"entry_id": book(world, date(this_year(), 6, 1), 1).pk}
    raise ValueError(part)


MATRIX_PARTS = {"iso", "iso_budget", "ledger_entry"}
