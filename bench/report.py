"""Writing the benchmark's results as Markdown: the machine and method, generating the data, every page's latency
and throughput at each scale with the county/partnership growth, and the composite exports."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

AIM_P95 = 0.200  # seconds, at 20 users, at county scale
AIM_GROWTH = 1.5


def _ms(seconds) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.0f}"


def _ratio(big, small) -> float | None:
    return big / small if big and small else None


def _r(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def _rows_made(generated: str) -> dict:
    """Table -> rows, from the command's Markdown tables (the database's counts come last, so they win)."""
    return dict(re.findall(r"^\| ([^|]+?) \| ([\d,]+) \|$", generated, re.MULTILINE))


def write(path: Path, about: dict, settings: dict, results: list[dict]) -> Path:
    lines = ["# Sightline page benchmark", ""]
    lines += [
        f"Run {about['started']} to {about['finished']}, commit {about['commit']}.",
        "",
        f"Machine: {about['cores']} cores ({about['cpu']}), {about['os']}; Python {about['python']}, "
        f"PostgreSQL {about['postgresql']} on 127.0.0.1 (default configuration).",
        "",
        "```",
        about["memory"],
        "```",
        "",
        f"Method: gunicorn with {settings['workers']} sync workers on 127.0.0.1, production settings (DEBUG off, "
        "hashed static files from WhiteNoise), one server per scale, the scales taking turns on each page, phase "
        f"by phase. Each page, after a warm-up: {settings['users']} virtual "
        "users (threads, each with its own connection and a signed-in session) request it back to back, up to "
        f"{settings['requests']} answers or {settings['seconds']:.0f} s; then paced, each pausing 1–3 s before "
        f"each request, up to {settings['paced_requests']} answers; then {settings['serial']} requests by one user "
        "alone. Latency is the time to the last byte of the answer, seen by the client on the same machine (the "
        "client, the server and PostgreSQL share its cores).",
        "",
        "## Generating the data",
        "",
        "| Scale | Seconds | Organisations | Returns | Answers | Actions | Audit events | Audit trail |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results:
        rows = _rows_made(result["generated"])
        lines.append(
            f"| {result['scale']} | {result['generate_seconds']:.0f} | {rows.get('Organisations', '–')} | "
            f"{rows.get('Submissions', '–')} | {rows.get('Answers', '–')} | {rows.get('Actions', '–')} | "
            f"{rows.get('Audit events', '–')} | {result['audit']} |"
        )
    before, after = about["load_average"]
    lines += [
        "",
        f"Load average (1, 5 and 15 minutes) before the load: {', '.join(f'{x:.2f}' for x in before)}; after it: "
        f"{', '.join(f'{x:.2f}' for x in after)}.",
    ]
    lines += _pages(results)
    lines += _exports(results)
    path.write_text("\n".join(lines) + "\n")
    return path


def _pages(results: list[dict]) -> list[str]:
    by_scale = {result["scale"]: {page["page"]: page for page in result["pages"]} for result in results}
    small, big = by_scale.get("partnership", {}), by_scale.get("county", {})
    names = list(dict.fromkeys([*small, *big]))
    lines = [
        "",
        "## Pages",
        "",
        "Latency in milliseconds: p50 and p95 with 20 users pausing 1–3 s between requests (paced), and the median "
        "for one user alone; /s is the throughput with the 20 users requesting back to back. Growth is county "
        "over partnership: of the one-user median (the page's own cost) and of the paced p95. Aims at county "
        "scale: paced p95 under 200 ms; growth of the one-user median under 1.5.",
        "",
        "| Page | As | P p50 | P p95 | P alone | P /s | C p50 | C p95 | C alone | C /s | Growth alone | Growth p95 "
        "| Aims |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    missed, errors = [], []
    for name in names:
        p, c = small.get(name, {}), big.get(name, {})
        growth = _ratio(c.get("serial_p50"), p.get("serial_p50"))
        growth95 = _ratio(c.get("p95"), p.get("p95"))
        fast = c.get("p95") is not None and c["p95"] < AIM_P95
        flat = growth is not None and growth < AIM_GROWTH
        failed = [what for what, ok in (("p95", fast), ("growth", flat)) if not ok]
        if failed:
            missed.append(name)
        for scale, row in (("partnership", p), ("county", c)):
            if row.get("errors"):
                errors.append(f"- {name} ({scale}): {row['errors']}")
        lines.append(
            f"| {name} | {(c or p).get('role', '')} | {_ms(p.get('p50'))} | {_ms(p.get('p95'))} | "
            f"{_ms(p.get('serial_p50'))} | {_r(p.get('throughput'))} | {_ms(c.get('p50'))} | {_ms(c.get('p95'))} | "
            f"{_ms(c.get('serial_p50'))} | {_r(c.get('throughput'))} | {_r(growth)} | {_r(growth95)} | "
            f"{'met' if not failed else ' and '.join(failed) + ' missed'} |"
        )
    within = len(names) - len(missed)
    lines += ["", f"{within} of {len(names)} pages meet both aims; missed: {', '.join(missed) or 'none'}."]
    if errors:
        lines += ["", "Answers other than 200 (not counted in the latencies):", "", *errors]
    return lines


def _exports(results: list[dict]) -> list[str]:
    by_scale = {result["scale"]: {row["kind"]: row for row in result["exports"]} for result in results}
    small, big = by_scale.get("partnership", {}), by_scale.get("county", {})
    if not (small or big):
        return []
    lines = [
        "",
        "## Composite exports (in process, as the background task builds them)",
        "",
        "Median seconds of the runs after a warm-up; the cycle is the finished one with the most counted returns.",
        "",
        "| Export | Partnership (s) | Queries | Size | County (s) | Queries | Size | Growth |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in dict.fromkeys([*small, *big]):
        p, c = small.get(kind, {}), big.get(kind, {})
        p_time = statistics.median(p["times"]) if p else None
        c_time = statistics.median(c["times"]) if c else None
        growth = _r(_ratio(c_time, p_time))
        lines.append(
            f"| {(c or p)['what']} | {_r(p_time)} | {max(p['queries']) if p else '–'} | {_size(p.get('size'))} | "
            f"{_r(c_time)} | {max(c['queries']) if c else '–'} | {_size(c.get('size'))} | {growth} |"
        )
    return lines


def _size(size) -> str:
    if not size:
        return "–"
    return f"{size / 1024 / 1024:.1f} MiB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KiB"
