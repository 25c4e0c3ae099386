"""`python -m drills`: build the drill database, run every drill in order, write build/drills/report.md, and exit
non-zero if any drill failed. `python -m drills spike email` runs only those (the database is always rebuilt)."""

from __future__ import annotations

import os
import platform
import sys
import time
import traceback
from datetime import datetime

from . import harness

ORDER = ["spike", "email", "restart", "backup"]
TITLES = {
    "spike": "Deadline spike: concurrent draft saves",
    "email": "A task that runs twice sends one email",
    "restart": "Database restarted under load",
    "backup": "Backup and restore",
}


def _prepare():
    harness.BUILD.mkdir(parents=True, exist_ok=True)
    harness.recreate_database(harness.DATABASE)
    harness.manage("migrate", "--no-input")
    harness.manage("createcachetable")
    harness.manage("load_templates")
    # Production settings serve hashed static names from the manifest that only a DEBUG-off collectstatic writes.
    harness.manage("collectstatic", "--no-input", "--verbosity", "0")
    os.environ.update(harness.app_environment())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from . import world

    return world.build()


def main(argv: list[str]) -> int:
    chosen = [name for name in ORDER if not argv or name in argv]
    started = time.monotonic()
    world = _prepare()
    from . import backup, email_once, restart, spike

    results: dict[str, tuple[bool, dict | str]] = {}
    with harness.gunicorn() as base:
        for name in chosen:
            if name == "backup":
                continue
            print(f"== {TITLES[name]}", flush=True)
            try:
                if name == "spike":
                    figures = spike.run(base, world)
                elif name == "email":
                    figures = email_once.run()
                else:
                    figures = restart.run(base, world)
                results[name] = (True, figures)
            except Exception:  # noqa: BLE001 - a failed drill is reported, and the others still run
                results[name] = (False, traceback.format_exc())
            print(results[name], flush=True)
    if "backup" in chosen:
        print(f"== {TITLES['backup']}", flush=True)
        try:
            results["backup"] = (True, backup.run(world))
        except Exception:  # noqa: BLE001
            results["backup"] = (False, traceback.format_exc())
        print(results["backup"], flush=True)

    _write_report(results, time.monotonic() - started)
    failed = [name for name, (ok, _) in results.items() if not ok]
    print(
        f"Report: {harness.BUILD / 'report.md'}. "
        + (f"FAILED: {', '.join(failed)}" if failed else "All passed.")
    )
    return 1 if failed else 0


def _write_report(results, seconds: float) -> None:
    from django.db import connection

    lines = [
        "# Reliability drills",
        "",
        f"Run {datetime.now():%Y-%m-%d %H:%M} on {platform.node()} ({os.cpu_count()} cores, Python "
        f"{platform.python_version()}, PostgreSQL {connection.cursor().connection.info.server_version}), "
        f"{seconds:.0f} s in all.",
        "",
    ]
    for name, (ok, body) in results.items():
        lines += [f"## {TITLES[name]}: {'passed' if ok else 'FAILED'}", ""]
        if ok:
            lines += ["| measure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in body.items())]
        else:
            lines += ["```", body.strip(), "```"]
        lines.append("")
    (harness.BUILD / "report.md").write_text("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
