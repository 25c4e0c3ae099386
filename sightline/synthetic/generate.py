"""Putting a scale together: every partnership's register, cycles, plans, activities, reviews and ledger, then the
board's escalations and the everyday history, in an order that keeps the services' rules true (cycles open before
organisations have people, so opening sends nothing; escalations raised by the scheduled job's own service once
every action has settled). The same seed gives the same records; dates follow today's."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from sightline.improvement.escalation import escalations_flag

from . import (
    assurance,
    cycles,
    disputes,
    history,
    improvement,
    iso_reports,
    presentations,
    priorities,
    register,
    reviews,
    scrutiny,
)
from .clock import Clock
from .fingerprint import counts_of, fingerprint_of
from .scales import SCALES, partnership_plans


@dataclass
class Outcome:
    scale: str
    seed: int
    registers: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)  # phase -> seconds
    made: dict = field(default_factory=dict)  # what -> rows
    counts: dict = field(default_factory=dict)  # table -> rows in the database
    fingerprint: str = ""


def generate(*, scale: str, seed: int, today: date | None = None, say=lambda text: None) -> Outcome:
    chosen = SCALES[scale]
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    today = today or timezone.localdate()
    outcome = Outcome(scale=scale, seed=seed)
    clock = Clock(outcome.timings)
    made = outcome.made

    def add(what: str, n: int) -> None:
        made[what] = made.get(what, 0) + n

    call_command("load_templates", stdout=io.StringIO())
    password_hash = make_password(register.PASSWORD)
    clock.lap("templates and password")
    registers: dict = {}
    plans = partnership_plans(chosen, rng)
    for number, plan in enumerate(plans, start=1):
        if len(plans) > 1 and number % 10 == 1:
            say(f"Partnership {number} of {len(plans)}…")
        with transaction.atomic():
            here = register.partnership_make(plan, registers)
            add("organisations", register.organisations_make(here, rng, registers))
            add("partnership-wide people", register.staff_make(here, chosen, rng, password_hash))
            clock.lap("registers and partnership-wide people")
            made_cycles = cycles.cycles_make(here, chosen, today)
            add("cycles", len(made_cycles))
            clock.lap("cycles made and opened")
            for years_ago, cycle in made_cycles:
                for table, n in cycles.cycle_fill(cycle, years_ago, rng, today).items():
                    add(table if table != "actions" else "actions arising", n)
            clock.lap("returns filled in")
            for years_ago, cycle in made_cycles:
                cycles.cycle_move_on(here, cycle, years_ago, rng)
            clock.lap("cycles moved on")
            add("organisations' people", register.organisation_people_make(here, rng, password_hash))
            clock.lap("organisations' people")
            add(
                "composite action plans", len(improvement.composite_plans_make(here, made_cycles, rng, today))
            )
            add(
                "single-agency action plans",
                improvement.single_agency_plans_make(here, rng, chosen.years, today),
            )
            clock.lap("action plans")
            add("reviews", reviews.reviews_make(here, chosen, rng, today))
            activities = assurance.activities_make(here, chosen, rng, today)
            add("assurance activities", len(activities))
            clock.lap("reviews, assurance activities and casework")
            add("ledger entries", scrutiny.ledger_make(here, chosen, activities, rng, today))
            add("ISO reports", iso_reports.iso_reports_make(here, activities, rng, today))
            add("disputes", disputes.disputes_make(here, chosen, rng, today))
            add("plans closed", improvement.finished_plans_close(here, today))
            add("priorities", priorities.priorities_make(here, chosen, today))
            add("notices", history.notices_make(here, rng, today))
            clock.lap("ledger and notices")
            add("presentations", presentations.presentations_make(here, rng, today))
            clock.lap("presentations to other bodies")
    add("escalations", escalations_flag(today=today))
    clock.lap("escalations (the scheduled job)")
    for here in registers.values():
        add("everyday audit events", history.trail_append(here, rng, today))
    clock.lap("everyday audit trail")
    if connection.vendor == "postgresql":
        from sightline.assessments.benchmarking import analyze

        analyze()
        clock.lap("VACUUM ANALYZE")
    outcome.registers = list(registers.values())
    outcome.counts = counts_of()
    outcome.fingerprint = fingerprint_of()
    return outcome
