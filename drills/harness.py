"""What every drill stands on: a dedicated PostgreSQL database, the environment the app runs with, a gunicorn
serving it on 127.0.0.1, and signed-in HTTP sessions for the drill's people."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import requests

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BUILD = PROJECT_ROOT / "build" / "drills"
PGHOST = os.environ.get("PGHOST", "127.0.0.1")
PGUSER = os.environ.get("PGUSER", "postgres")
DATABASE = os.environ.get("DRILL_DATABASE", "sightline_drill")
PASSWORD = "drill-password-not-secret"  # noqa: S105 - synthetic drill users on a throwaway database


def database_url(name: str = DATABASE) -> str:
    return f"postgres://{PGUSER}@{PGHOST}:5432/{name}"


def app_environment(name: str = DATABASE) -> dict[str, str]:
    """Production-like settings (DEBUG off) on the drill database, with what a drill must see or must not hit:
    mail written to files it can count, no second factor to script, and a sign-in cap above the drill's rate."""
    mail = BUILD / "mail"
    return {
        **os.environ,
        "DATABASE_URL": database_url(name),
        "DEBUG": "false",
        "SIGHTLINE_DEMO": "false",
        "SECRET_KEY": "drill-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "SIGHTLINE_INSECURE_HTTP": "true",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SIGHTLINE_MFA_REQUIRED": "false",
        "LOGIN_RATE_LIMIT": "100000/m/ip",
        "AXES_FAILURE_LIMIT": "1000",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONUNBUFFERED": "1",
        "REDIS_URL": "",
    }


def psql(sql: str, database: str = "postgres") -> str:
    result = subprocess.run(  # noqa: S603 - psql on the local server with our own statements
        ["psql", "-h", PGHOST, "-U", PGUSER, "-d", database, "-v", "ON_ERROR_STOP=1", "-qAtc", sql],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def recreate_database(name: str) -> None:
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')


def manage(*args: str, database: str = DATABASE) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=app_environment(database),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database: str = DATABASE, workers: int = 3, threads: int = 8):
    """A gunicorn on 127.0.0.1 serving the app on `database`; yields its base URL."""
    port = free_port()
    BUILD.mkdir(parents=True, exist_ok=True)
    log = (BUILD / f"gunicorn-{database}.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - gunicorn from the project's environment
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "120",
        ],
        cwd=PROJECT_ROOT,
        env=app_environment(database),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, timeout=60)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def deadlocks_logged(database: str = DATABASE) -> int:
    """How many times the drill server's log reports that PostgreSQL broke a deadlock. Saves by different people
    never contend for the same rows, so any deadlock is a locking-order fault (see tests/core/test_row_locks.py)."""
    log = BUILD / f"gunicorn-{database}.log"
    return log.read_text(errors="replace").count("deadlock detected") if log.exists() else 0


def wait_healthy(base: str, process=None, timeout: float = 60) -> float:
    """Seconds until /healthz answered 200; fails after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}; see {BUILD}")
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return time.monotonic() - started
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"/healthz did not answer 200 within {timeout:.0f} s")


class _FormReader(HTMLParser):
    """The named fields of the first form in <main> that posts to the page itself, with their current values."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.textareas: list[str] = []
        self._in_form = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post" and not self.fields:
            self._in_form = True
        elif self._in_form and tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in attrs:
                return
            if kind != "submit":
                self.fields[attrs["name"]] = attrs.get("value", "")
        elif self._in_form and tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""
            self.textareas.append(self._textarea)

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form = False


def read_form(html: str) -> _FormReader:
    reader = _FormReader()
    reader.feed(html)
    return reader


@dataclass
class Browser:
    """One person's signed-in HTTP session."""

    base: str
    email: str
    session: requests.Session = field(default_factory=requests.Session)

    def sign_in(self) -> None:
        page = self.session.get(f"{self.base}/accounts/login/", timeout=60)
        token = read_form(page.text).fields["csrfmiddlewaretoken"]
        answer = self.session.post(
            f"{self.base}/accounts/login/",
            data={"csrfmiddlewaretoken": token, "login": self.email, "password": PASSWORD},
            headers={"Referer": f"{self.base}/accounts/login/"},
            timeout=60,
        )
        if "/accounts/login/" in answer.url:
            said = re.findall(r'class="govuk-error-summary__list">(.*?)</ul>', answer.text, re.S)
            said = re.sub(r"<[^>]+>|\s+", " ", said[0]).strip() if said else answer.text[:200]
            raise AssertionError(f"{self.email} could not sign in (HTTP {answer.status_code}): {said}")

    def post_form(self, path: str, changes: dict[str, str]) -> requests.Response:
        """Load the form at `path`, change some fields, post it back as the browser would without JavaScript."""
        page = self.session.get(f"{self.base}{path}", timeout=60)
        page.raise_for_status()
        data = read_form(page.text).fields | changes
        return self.session.post(
            f"{self.base}{path}", data=data, headers={"Referer": f"{self.base}{path}"}, timeout=120
        )
