"""Backup and restore: pg_dump of the drill database, restored into an empty database; the copy must hold every
row, prove its audit trail's hash chain, serve a signed-in page with the drill's own words, and pass the smoke
and access-matrix tests run against it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from .harness import (
    BUILD,
    DATABASE,
    PGHOST,
    PGUSER,
    PROJECT_ROOT,
    Browser,
    app_environment,
    database_url,
    gunicorn,
    manage,
    psql,
    recreate_database,
)
from .spike import saved_texts

# pytest-django runs the tests in "test_" + the configured name; with --reuse-db it keeps what is there, so the
# tests run on top of the restored copy, each in a transaction rolled back afterwards.
RESTORED = f"{DATABASE}_restored"
RESTORED_FOR_TESTS = f"test_{RESTORED}"
TESTS = ["tests/core/test_pages.py", "tests/test_access_matrix.py"]


def _row_counts(database: str) -> dict[str, int]:
    tables = psql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", database
    ).split()
    # The names come from the catalogue of our own database, never from input.
    union = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables)  # noqa: S608
    counts = {}
    for line in psql(union, database).splitlines():
        table, count = line.split("|")
        counts[table] = int(count)
    return counts


def run(world) -> dict:
    dump = BUILD / f"{DATABASE}.dump"
    started = time.monotonic()
    subprocess.run(  # noqa: S603 - pg_dump of the drill database on the local server
        ["pg_dump", "-h", PGHOST, "-U", PGUSER, "-Fc", "-f", str(dump), DATABASE],  # noqa: S607
        check=True,
    )
    dumped = time.monotonic() - started
    recreate_database(RESTORED_FOR_TESTS)
    started = time.monotonic()
    subprocess.run(  # noqa: S603 - pg_restore into the empty database made above
        ["pg_restore", "-h", PGHOST, "-U", PGUSER, "--no-owner", "-d", RESTORED_FOR_TESTS, str(dump)],  # noqa: S607
        check=True,
    )
    restored = time.monotonic() - started

    original, copy = _row_counts(DATABASE), _row_counts(RESTORED_FOR_TESTS)
    differing = sorted(t for t in original if original[t] != copy.get(t))
    assert not differing, f"tables whose rows differ after the restore: {differing[:10]}"
    chain = manage("verify_audit_log", database=RESTORED_FOR_TESTS).strip().splitlines()[-1]

    email, path = world.leads[0]
    draft = saved_texts(world).get(email)  # what the spike saved for this lead, read from the original
    with gunicorn(RESTORED_FOR_TESTS, workers=1, threads=2) as base:
        browser = Browser(base, email)
        browser.sign_in()
        page = browser.session.get(f"{base}{path}", timeout=60)
        assert page.status_code == 200, (
            f"the restored copy answered HTTP {page.status_code} for a lead's return"
        )
        assert draft is None or draft in page.text, "the restored copy does not show the lead's saved draft"

    env = app_environment(RESTORED) | {"DATABASE_URL": database_url(RESTORED)}
    env.pop("EMAIL_BACKEND")  # the tests choose their own mail backend
    tests = subprocess.run(  # noqa: S603 - the project's own test runner
        [sys.executable, "-m", "pytest", *TESTS, "--reuse-db", "-p", "no:randomly", "-q"],
        cwd=PROJECT_ROOT,
        env={k: v for k, v in env.items() if k != "EMAIL_FILE_PATH"},
        capture_output=True,
        text=True,
        check=False,
    )
    summary = tests.stdout.strip().splitlines()[-1] if tests.stdout.strip() else tests.stderr[-500:]
    assert tests.returncode == 0, (
        f"smoke and access-matrix tests failed on the restored copy:\n{tests.stdout[-3000:]}"
    )
    return {
        "dump size (MB)": round(os.path.getsize(dump) / 1e6, 1),
        "pg_dump (s)": round(dumped, 1),
        "pg_restore into an empty database (s)": round(restored, 1),
        "tables compared, rows equal": f"{len(original)} of {len(original)}",
        "audit chain on the copy": chain,
        "a lead's return served from the copy": "yes, with their saved draft" if draft else "yes",
        "smoke and access-matrix tests on the copy": summary,
    }
