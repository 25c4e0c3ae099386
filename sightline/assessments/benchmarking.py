"""Synthetic data for the composite benchmark (`manage.py bench_composite`, docs/performance.md): one partnership,
a register of organisations of a template's audience types, last year's and this year's cycle of that template,
and every return filled in with bulk inserts. The same seed gives the same data. Only ever for a dedicated,
throwaway benchmark database: nothing here is used by the application."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sightline.partnerships.models import Affiliation, Organisation, Partnership, PartnershipMembership
from sightline.partnerships.services import partnership_create
from sightline.synthetic.clock import Clock
from sightline.synthetic.returns import DONE, RATING_WEIGHTS, fill
from sightline.synthetic.text import uid

from . import cycles
from .models import ActionArising, Answer, Cycle, Template

# The share of a register by type: many voluntary and health providers, a few statutory bodies.
TYPE_WEIGHTS = {
    "voluntary": 38,
    "other_health": 18,
    "other": 14,
    "youth_justice": 8,
    "nhs_trust": 6,
    "probation": 5,
    "local_authority": 4,
    "icb": 3,
    "police": 4,
}
EXPORTS = ["composite_docx", "composite_xlsx", "composite_csv"]


@dataclass
class BenchData:
    partnership: object
    user: object
    cycle: Cycle
    previous: Cycle
    timings: dict = field(default_factory=dict)  # phase -> seconds
    counts: dict = field(default_factory=dict)  # table -> rows made


def build(*, template: Template, organisations: int, seed: int) -> BenchData:
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not secrets)
    timings: dict = {}
    clock = Clock(timings)
    user = get_user_model().objects.create_user("bench-business-team@example.test", full_name="Bench Team")
    partnership = partnership_create(
        by=None, name="Bench Safeguarding Children Partnership", slug="bench", area="Bench", la_code="990"
    )
    PartnershipMembership.objects.create(
        user=user, partnership=partnership, role=PartnershipMembership.Role.BUSINESS_TEAM
    )
    _second_factor(user)
    types = [kind for kind in TYPE_WEIGHTS if kind in template.audience] or list(template.audience)
    weights = [TYPE_WEIGHTS.get(kind, 1) for kind in types]
    orgs = [
        Organisation(
            id=uid(rng),
            name=f"Bench {Organisation.Type(kind).label} {number:04d}",
            type=kind,
            section11_duty=True,
        )
        for number, kind in enumerate(rng.choices(types, weights, k=organisations), start=1)
    ]
    Organisation.objects.bulk_create(orgs, batch_size=1000)
    Affiliation.objects.bulk_create(
        [Affiliation(partnership=partnership, organisation=org) for org in orgs], batch_size=1000
    )
    clock.lap("register: partnership, user, organisations")
    made = {}
    this_year = date.today().year
    for key, year in (("last", this_year - 1), ("this", this_year)):
        cycle = cycles.cycle_create(
            by=user,
            partnership=partnership,
            template=template,
            title=f"{template.title} {year}",
            opens_on=date(year, 1, 6),
            closes_on=date(year, 3, 28),
            audience_types=types,
        )
        cycles.cycle_open(by=user, cycle=cycle)
        made[key] = Cycle.objects.select_related("template", "partnership").get(pk=cycle.pk)
    clock.lap("two cycles created and opened")
    counts: dict = {"organisations": organisations}
    for key in ("last", "this"):
        with transaction.atomic():
            made_here = fill(made[key], rng=rng, ratings=RATING_WEIGHTS[key], finished_actions=key == "last")
        for table, n in made_here.items():
            counts[f"{table} ({key} year)"] = n
        cycles.cycle_close(by=user, cycle=made[key])
        clock.lap(f"{key} year's returns filled in")
    analyze()
    clock.lap("ANALYZE")
    return BenchData(partnership, user, made["this"], made["last"], timings, counts)


EXTRA_KINDS = ["text", "multiple_choice", "yes_no_partly", "text", "yes_no"]


def padded_template(template: Template, questions: int) -> Template:
    """A copy of the template, loaded into this database only, with extra questions (text, checklists, yes/no)
    spread over its standards until it has `questions` in all: the same shape, at a chosen size."""
    import yaml

    from .services import template_load

    path = Path(settings.BASE_DIR) / template.source_file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    standards = [standard for section in data["sections"] for standard in section["standards"]]
    have = sum(len(standard["questions"]) for standard in standards)
    for number in range(max(0, questions - have)):
        standard = standards[number % len(standards)]
        kind = EXTRA_KINDS[number // len(standards) % len(EXTRA_KINDS)]
        extra = {"key": f"{standard['key']}-bench-{number}", "text": f"Extra question {number + 1}?"}
        extra.update(kind=kind, required=False)
        if kind == "multiple_choice":
            extra["choices"] = [{"value": f"item-{i}", "label": f"Item {i}"} for i in range(1, 7)]
        standard["questions"].append(extra)
    data.update(key=f"{data['key']}-bench", title=f"{data['title']} (padded to {questions} questions)")
    content = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return template_load(by=None, content=content, filename=f"{template.source_file} (padded)").template


def existing() -> BenchData:
    """The data an earlier run built in this database, to measure again without building it again."""
    partnership = Partnership.objects.get(slug="bench")
    user = get_user_model().objects.get(email="bench-business-team@example.test")
    this, last = Cycle.objects.filter(partnership=partnership).select_related("template", "partnership")[:2]
    counts: dict = {"organisations": Affiliation.objects.filter(partnership=partnership).count()}
    for key, cycle in (("last", last), ("this", this)):
        counts[f"answers ({key} year)"] = Answer.objects.filter(submission__cycle=cycle).count()
        counts[f"actions ({key} year)"] = ActionArising.objects.filter(submission__cycle=cycle).count()
        counts[f"returns ({key} year)"] = cycle.submissions.count()
        counts[f"counted returns ({key} year)"] = cycle.submissions.filter(status__in=DONE).count()
    return BenchData(partnership, user, this, last, {}, counts)


def analyze() -> None:
    """Leave the bulk-inserted tables as autovacuum would leave a live database a little later: statistics for
    the planner (without them the first measurements use plans made for empty tables) and, outside a
    transaction, the visibility map, without which PostgreSQL cannot answer a count from an index alone."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def time_exports(cycle_id, repeat: int) -> list[dict]:
    """Each composite export built `repeat` times after a warm-up, as the `build_export` task builds it: the
    wall time, the SQL queries and the size of the file."""
    from . import exports

    rows = []
    for kind in EXPORTS:
        times, queries, size = [], [], 0
        for run in range(repeat + 1):
            # A fresh cycle each run, loaded as the build_export task loads it.
            cycle = Cycle.objects.select_related("template", "partnership").get(pk=cycle_id)
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                content = exports.BUILDERS[kind](cycle)
                elapsed = time.perf_counter() - start
            if run:  # the first run warms caches and is not counted
                times.append(elapsed)
                queries.append(len(captured))
            size = len(content)
        label = exports.KINDS[kind][0]
        rows.append(
            {"what": f"Export: {label}", "kind": kind, "times": times, "queries": queries, "size": size}
        )
    return rows


def _second_factor(user) -> None:
    """A TOTP authenticator row, so the business-team user passes the second-factor check as in production."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "bench-not-a-secret"}
    )
