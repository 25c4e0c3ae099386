"""The load: sign in through the real forms (password, then the TOTP code where the role needs a second factor),
then request each page from 20 virtual users at once and record every request's latency.

Each page in turn, after every virtual user has requested it once to warm up (not counted):
- back to back: all 20 request it as fast as the server answers, until `requests` answers are in or `seconds`
  have passed. This measures the page's throughput (capacity); its latency is then mostly queueing, about
  20 / throughput by Little's law.
- paced: all 20 request it, each pausing a random 1–3 s before each request, as people reading pages do, until
  `paced_requests` answers are in. This is the latency the aims are judged on.
- alone: one user requests it `serial` times, for its latency without contention (the page's own cost).
A virtual user is a thread with its own connection and its copy of a signed-in session; the sessions of a role
are spread over the 20 users (a role with one account shares one session)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import re
import statistics
import struct
import threading
import time
from dataclasses import dataclass, field

import requests

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOTP_PERIOD, TOTP_DIGITS = 30, 6


def totp(secret: str, at: float | None = None) -> str:
    """The current code of an RFC 6238 authenticator (SHA-1, 30 seconds, 6 digits), as allauth checks it."""
    counter = int((at or time.time()) // TOTP_PERIOD)
    digest = hmac.new(
        base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**TOTP_DIGITS:0{TOTP_DIGITS}d}"


def _post_form(session: requests.Session, url: str, page: requests.Response, data: dict) -> requests.Response:
    token = CSRF.search(page.text)
    if token is None:
        raise RuntimeError(f"No CSRF token on {page.url}")
    return session.post(url, data={"csrfmiddlewaretoken": token.group(1), **data}, headers={"Referer": url})


def sign_in(base: str, email: str, password: str, secret: str) -> requests.Session:
    session = requests.Session()
    login = f"{base}/accounts/login/"
    answer = _post_form(session, login, session.get(login), {"login": email, "password": password})
    if "/2fa/authenticate/" in answer.url:
        answer = _post_form(session, answer.url, answer, {"code": totp(secret)})
    if answer.status_code != 200 or "/accounts/" in answer.url:
        raise RuntimeError(f"Could not sign in as {email}: ended on {answer.url} ({answer.status_code})")
    return session


@dataclass
class PageResult:
    page: str
    url: str
    role: str
    saturated: list = field(default_factory=list)  # seconds: users requesting back to back
    paced: list = field(default_factory=list)  # seconds: users pausing between requests
    serial: list = field(default_factory=list)  # seconds: one user alone
    errors: dict = field(default_factory=dict)  # status -> count
    saturated_wall: float = 0.0  # seconds the back-to-back load took
    size: int = 0  # bytes of the last answer

    def summary(self) -> dict:
        return {
            "page": self.page,
            "url": self.url,
            "role": self.role,
            "requests": len(self.saturated) + len(self.paced) + len(self.serial),
            "errors": self.errors,
            "throughput": len(self.saturated) / self.saturated_wall if self.saturated_wall else None,
            "saturated_p50": percentile(self.saturated, 50),
            "saturated_p95": percentile(self.saturated, 95),
            "p50": percentile(self.paced, 50),
            "p95": percentile(self.paced, 95),
            "paced_requests": len(self.paced),
            "serial_p50": percentile(self.serial, 50),
            "size": self.size,
        }


def percentile(values: list, q: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _clone(signed: requests.Session) -> requests.Session:
    session = requests.Session()
    session.cookies.update(signed.cookies)
    return session


class _Page:
    """One page's load: its clients (one per virtual user) and the phases run against it."""

    def __init__(self, url: str, clients: list, result: PageResult, rng: random.Random):
        self.url, self.clients, self.result, self.rng = url, clients, result, rng
        self.lock = threading.Lock()

    def get(self, client: requests.Session, into: list | None) -> float:
        started = time.perf_counter()
        response = client.get(self.url, allow_redirects=False)
        elapsed = time.perf_counter() - started
        if into is not None:
            with self.lock:
                if response.status_code == 200:
                    into.append(elapsed)
                    self.result.size = len(response.content)
                else:
                    errors = self.result.errors
                    errors[response.status_code] = errors.get(response.status_code, 0) + 1
        return elapsed

    def phase(self, into: list, wanted: int, seconds: float, pause: tuple[float, float] | None) -> float:
        """All users at once until `wanted` requests are issued or `seconds` pass; returns the wall time. With
        `pause`, each user waits a random time in that range (seconds) before each request."""
        issued = [0]
        deadline = time.perf_counter() + seconds
        waits = [[self.rng.uniform(*pause) for _ in range(wanted)] if pause else [] for _ in self.clients]

        def user(client, mine: list) -> None:
            while True:
                if mine:
                    time.sleep(mine.pop())
                with self.lock:
                    if issued[0] >= wanted or time.perf_counter() > deadline:
                        return
                    issued[0] += 1
                self.get(client, into)

        threads = [threading.Thread(target=user, args=pair) for pair in zip(self.clients, waits, strict=True)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - began


def run(targets: dict, *, password: str, secret: str, users: int, settings: dict, say=print) -> dict:
    """Every page, at every scale: `targets` maps each scale to its server's base URL and its plan (bench/pages.py),
    and pages match across scales by name. The scales take turns on each page, phase by phase (and request by
    request when alone), so a change in the machine's load touches both and the growth ratios stay fair.

    Pages go role by role, each role signing in on every server just before its pages. `settings`: requests and
    paced_requests (per page and scale), seconds (longest phase), pause ((shortest, longest) seconds between a
    paced user's requests), serial (requests by one user alone) and only (if not empty, just the pages whose
    names contain one of these). Returns {scale: [page summary, …]}."""
    rng = random.Random(1)  # noqa: S311 - pauses between requests, not secrets
    first = next(iter(targets.values()))["plan"]
    by_role: dict = {}
    only = settings.get("only") or []
    for page in first["pages"]:
        if not only or any(part in page["page"] for part in only):
            by_role.setdefault(page["role"], []).append(page["page"])
    results: dict = {scale: [] for scale in targets}
    for role, names in by_role.items():
        sessions = {
            scale: [
                sign_in(target["base"], email, password, secret) for email in target["plan"]["accounts"][role]
            ]
            for scale, target in targets.items()
        }
        for name in names:
            loads = {}
            for scale, target in targets.items():
                page = next((p for p in target["plan"]["pages"] if p["page"] == name), None)
                if page is not None:
                    clients = [_clone(sessions[scale][i % len(sessions[scale])]) for i in range(users)]
                    result = PageResult(page=name, url=page["url"], role=role)
                    loads[scale] = _Page(target["base"] + page["url"], clients, result, rng)
            for load in loads.values():  # warm-up, not counted
                load.phase([], users, settings["seconds"], None)
            for load in loads.values():
                wanted = settings["requests"]
                load.result.saturated_wall = load.phase(
                    load.result.saturated, wanted, settings["seconds"], None
                )
            for load in loads.values():
                wanted = settings["paced_requests"]
                load.phase(load.result.paced, wanted, settings["seconds"], settings["pause"])
            for _ in range(settings["serial"]):
                for load in loads.values():
                    load.get(load.clients[0], load.result.serial)
            line = []
            for scale, load in loads.items():
                for client in load.clients:
                    client.close()
                outcome = load.result.summary()
                results[scale].append(outcome)
                line.append(
                    f"{scale} {outcome['throughput'] or 0:.1f}/s, paced p50 {_ms(outcome['p50'])} "
                    f"p95 {_ms(outcome['p95'])}, alone {_ms(outcome['serial_p50'])}"
                    + (f", errors {outcome['errors']}" if outcome["errors"] else "")
                )
            say(f"  {name:34} " + "; ".join(line))
        for signed in sessions.values():
            for session in signed:
                session.close()
    return results


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.0f} ms"
