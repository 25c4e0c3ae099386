"""Timing the yearly report on a large partnership (bench/yearly.py; docs/performance.md, "The yearly report"):
drafting it from the period's records, showing its page, freezing it at sign-off with every figure's records, and
writing its three documents. Each step `repeat` times after a warm-up, in a transaction rolled back after each run,
so the benchmark database is left as it was."""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sightline.partnerships.models import Partnership, PartnershipMembership

from . import documents
from .building import content_hash, sections_of, snapshot
from .periods import Period
from .reports import yearly_report_start


class _RollBack(Exception):
    pass


def _one_run(partnership, period: Period) -> dict:
    team = (
        PartnershipMembership.objects.filter(
            partnership=partnership, role=PartnershipMembership.Role.BUSINESS_TEAM
        )
        .first()
        .user
    )
    steps = {}

    def timed(name, work):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = work()
            steps[name] = {"seconds": time.perf_counter() - started, "queries": len(captured)}
        return result

    try:
        with transaction.atomic():
            report = timed(
                "draft", lambda: yearly_report_start(by=team, partnership=partnership, period=period)
            )
            views = timed("page", lambda: sections_of(report))
            data = timed("freeze", lambda: snapshot(report, signed_off_by=[]))
            steps["freeze"]["hash"] = content_hash(data)[:12]
            for fmt in documents.FORMATS:
                content = timed(fmt, lambda fmt=fmt: documents.render(report, fmt)[0])
                steps[fmt]["bytes"] = len(content)
            steps["figures"] = {f.key: f.value for view in views for f in view.figures}
            raise _RollBack
    except _RollBack:
        pass
    return steps


def time_yearly_report(slug: str, period: Period, repeat: int) -> dict:
    partnership = Partnership.objects.get(slug=slug)
    runs = [_one_run(partnership, period) for _ in range(repeat + 1)][1:]  # the first warms caches
    names = [name for name in runs[0] if name != "figures"]
    return {
        "partnership": partnership.name,
        "period": period.label,
        "figures": runs[0]["figures"],
        "steps": {
            name: {
                "seconds": sorted(run[name]["seconds"] for run in runs),
                "queries": runs[0][name]["queries"],
                **{k: v for k, v in runs[0][name].items() if k not in ("seconds", "queries")},
            }
            for name in names
        },
        "total_median_seconds": sorted(sum(run[name]["seconds"] for name in names) for run in runs)[
            len(runs) // 2
        ],
    }
