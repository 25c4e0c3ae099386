"""The database restarted under load: leads keep saving drafts while PostgreSQL restarts. The app must answer
again on its own, and every save it acknowledged must still be there afterwards."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

from .harness import Browser, deadlocks_logged, wait_healthy
from .spike import saved_texts

LOAD_THREADS = 20
RESTART_AFTER = 5.0  # seconds of load before the restart
LOAD_AFTER = 10.0  # seconds of load once the app answers again


def _cluster() -> tuple[str, str]:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir())
    if not versions:
        raise RuntimeError("no PostgreSQL cluster under /etc/postgresql to restart")
    return versions[-1], "main"


def restart_postgres() -> None:
    version, name = _cluster()
    subprocess.run(  # noqa: S603 - Debian's cluster control on the local server
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"],  # noqa: S607
        check=True,
        capture_output=True,
    )


def run(base: str, world) -> dict:
    people = world.leads[:LOAD_THREADS]
    deadlocks_before = deadlocks_logged()
    browsers = [Browser(base, email) for email, _ in people]
    for browser in browsers:
        browser.sign_in()

    stop = threading.Event()
    restarted = threading.Event()
    # Per lead: the texts it sent, in order, and the index of the last one acknowledged.
    attempts: dict[str, list[str]] = {email: [] for email, _ in people}
    last_acknowledged: dict[str, int] = {}
    outcomes = {"acknowledged before": 0, "acknowledged after": 0, "errors": 0}
    lock = threading.Lock()

    def load(browser: Browser, path: str) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            text = f"Restart drill {browser.email} save {n}"
            attempts[browser.email].append(text)
            try:
                answer = browser.post_form(path, {world.text_key: text, "stay": "1"})
                ok = answer.status_code == 200 and "Saved" in answer.text
            except Exception:  # noqa: BLE001 - any failure during the outage counts as one, and the lead retries
                ok = False
            with lock:
                if ok:
                    last_acknowledged[browser.email] = len(attempts[browser.email]) - 1
                    outcomes["acknowledged after" if restarted.is_set() else "acknowledged before"] += 1
                else:
                    outcomes["errors"] += 1
            if not ok:
                time.sleep(0.2)

    threads = [threading.Thread(target=load, args=(b, p)) for b, (_, p) in zip(browsers, people, strict=True)]
    for thread in threads:
        thread.start()
    time.sleep(RESTART_AFTER)
    restart_started = time.monotonic()
    restart_postgres()
    restart_seconds = time.monotonic() - restart_started
    recovery = wait_healthy(base, timeout=60)
    restarted.set()
    time.sleep(LOAD_AFTER)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)

    from django.db import connection

    connection.close()  # the drill runner's own connection died with the restart too
    stored = saved_texts(world)
    lost = []
    for email, sent in attempts.items():
        if email not in last_acknowledged:
            continue
        # A save that was answered with an error may still have committed, so anything from the last acknowledged
        # save onwards is kept; anything older means an acknowledged save was lost.
        if stored.get(email) not in sent[last_acknowledged[email] :]:
            lost.append(email)
    figures = {
        "leads saving": len(people),
        "saves acknowledged before the restart": outcomes["acknowledged before"],
        "saves acknowledged after the restart": outcomes["acknowledged after"],
        "saves that failed (during the outage)": outcomes["errors"],
        "restart took (s)": round(restart_seconds, 1),
        "healthy again after (s)": round(recovery, 1),
        "acknowledged saves lost": len(lost),
        "deadlocks": deadlocks_logged() - deadlocks_before,
    }
    assert figures["deadlocks"] == 0, "PostgreSQL broke deadlocks between saves: see the server log"
    assert not lost, f"acknowledged saves lost: {lost[:5]}"
    assert outcomes["acknowledged after"] > 0, "no save succeeded after the restart: the app did not recover"
    return figures
