"""The deadline spike: every lead saves a draft in the same moment, over HTTP, through gunicorn. Zero lost means
every save that was acknowledged is in the database with its own words, and every lead's save was acknowledged."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from .audit_verify import VerifyDuringWrites
from .harness import Browser, read_form

# allauth's sign-in rate limit takes a cache lock per client address and answers 429 when it waits more than a
# second for it; twenty sign-ins at once from one address on the database cache wait that long. Signing in is not
# what this drill measures, so the leads sign in a few at a time.
SIGN_IN_THREADS = 4


def saved_texts(world) -> dict[str, str]:
    """Each return's saved text for the drill's question, by the lead's email."""
    from sightline.assessments.models import Answer

    by_path = {path: email for email, path in world.leads}
    found = {}
    for answer in Answer.objects.filter(
        question__key=world.text_key, submission__cycle__partnership__slug=world.slug
    ).values("submission_id", "text", "question__standard_id"):
        path = (
            f"/p/{world.slug}/returns/{answer['submission_id']}/standards/{answer['question__standard_id']}/"
        )
        if path in by_path:
            found[by_path[path]] = answer["text"]
    return found


def run(base: str, world, saves: int = 200) -> dict:
    people = world.leads[:saves]
    browsers = [Browser(base, email) for email, _ in people]
    with ThreadPoolExecutor(SIGN_IN_THREADS) as pool:
        list(pool.map(Browser.sign_in, browsers))

    # Each save loads its form first, then waits at the barrier, so the posts leave together; the audit trail is
    # verified again and again by another process meanwhile, and its runs from then to the last answer count.
    verifying = VerifyDuringWrites()
    verifying.start()
    barrier = threading.Barrier(len(people), action=verifying.released)
    results: dict[str, tuple[int, float]] = {}

    def save(browser: Browser, path: str) -> None:
        # Closed after the page: gunicorn drops an idle keep-alive connection after two seconds, and a post sent
        # down a dropped connection would fail before reaching the app, which is not what this drill measures.
        page = browser.session.get(f"{base}{path}", timeout=120, headers={"Connection": "close"})
        data = read_form(page.text).fields | {
            world.text_key: f"Spike draft from {browser.email}",
            "stay": "1",
        }
        barrier.wait(timeout=300)
        started = time.monotonic()
        try:
            answer = browser.session.post(
                f"{base}{path}",
                data=data,
                headers={"Referer": f"{base}{path}"},
                timeout=300,
                allow_redirects=False,
            )
            status = answer.status_code
        except requests.RequestException:
            status = 0  # no answer at all: counted as not acknowledged
        results[browser.email] = (status, time.monotonic() - started)

    started = time.monotonic()
    try:
        with ThreadPoolExecutor(len(people)) as pool:
            futures = [pool.submit(save, b, path) for b, (_, path) in zip(browsers, people, strict=True)]
            for future in futures:
                future.result()
    finally:
        verifying.stop()
    wall = time.monotonic() - started

    acknowledged = {email for email, (status, _) in results.items() if status in (302, 303)}
    stored = saved_texts(world)
    lost = sorted(e for e in acknowledged if stored.get(e) != f"Spike draft from {e}")
    refused = sorted(e for e, (status, _) in results.items() if status not in (302, 303))
    latencies = sorted(seconds for _, seconds in results.values())
    figures = {
        "concurrent saves": len(people),
        "acknowledged": len(acknowledged),
        "refused or failed": len(refused),
        "lost (acknowledged but not stored)": len(lost),
        "median response (s)": round(latencies[len(latencies) // 2], 2),
        "slowest response (s)": round(latencies[-1], 2),
        "wall time (s)": round(wall, 1),
        **verifying.figures(),
    }
    assert not lost, f"acknowledged saves missing from the database: {lost[:5]}"
    assert not refused, f"saves not acknowledged: {[(e, results[e][0]) for e in refused[:5]]}"
    verifying.check()
    return figures
