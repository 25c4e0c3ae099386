"""The browser suite's harness: a real server on a fresh demo database, driven through Debian's Chromium.

The server is a `manage.py runserver` subprocess, not pytest-django's live_server: the audit table's triggers
refuse DELETE, so live_server's flush between tests would fail. Nothing here touches the Django database
in-process, so these fixtures are safe in the same `pytest` invocation as the unit tests.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .support import CHROMIUM, CHROMIUM_ARGS, DEMO_ACCOUNTS, PROJECT_ROOT, sign_in

SERVER_START_TIMEOUT = 60  # seconds


def pytest_collection_modifyitems(config, items):
    """The axe crawl runs before the journeys. Every browser test shares one demo database, and the journeys add
    activities, plans and returns in new states; the crawl, which must reach every page type, then meets a
    different demo each time the journeys change. First, it always meets the demo as `load_demo` made it."""
    first_e2e = next((i for i, item in enumerate(items) if "tests/e2e/" in item.nodeid), None)
    if first_e2e is None:
        return
    rest = items[first_e2e:]
    axe = [item for item in rest if item.nodeid.startswith("tests/e2e/test_axe.py")]
    others = [item for item in rest if not item.nodeid.startswith("tests/e2e/test_axe.py")]
    items[first_e2e:] = axe + others


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict, *args: str) -> str:
    """Run a management command and return its output; on failure, fail loudly with it (stderr first)."""
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"`manage.py {' '.join(args)}` failed with exit code {result.returncode} against the e2e "
            f"database.\n--- stderr ---\n{result.stderr.strip()}\n--- stdout ---\n{result.stdout.strip()}"
        )
    return result.stdout


def _wait_until_healthy(base_url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"runserver exited with code {process.returncode} before answering /healthz.\n"
                f"--- server log ---\n{log_path.read_text(errors='replace')[-5000:]}"
            )
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:  # noqa: S310 - local
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last_error = str(error)
        time.sleep(0.25)
    raise RuntimeError(
        f"runserver did not answer /healthz with 200 within {SERVER_START_TIMEOUT}s (last: {last_error}).\n"
        f"--- server log ---\n{log_path.read_text(errors='replace')[-5000:]}"
    )


@pytest.fixture(scope="session")
def server_workdir(tmp_path_factory) -> Path:
    """Where the e2e server keeps its database, its files and its log."""
    return tmp_path_factory.mktemp("e2e-server")


@pytest.fixture(scope="session")
def server_env(server_workdir) -> dict:
    """The environment the e2e server runs in, so that a command run beside it uses the same database."""
    env = {
        **os.environ,
        "DEBUG": "true",
        "SIGHTLINE_DEMO": "true",
        "DATABASE_URL": f"sqlite:///{server_workdir / 'e2e.sqlite3'}",
        "SIGHTLINE_MFA_REQUIRED": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "MEDIA_ROOT": str(server_workdir / "files"),
        "PYTHONUNBUFFERED": "1",
        # The suite signs in many times a minute from one address; the production cap would refuse it.
        "LOGIN_RATE_LIMIT": "10000/m/ip",
    }
    env.pop("REDIS_URL", None)  # the database cache table below, never a developer's Redis
    return env


@pytest.fixture(scope="session")
def server(server_env, server_workdir) -> Iterator[str]:
    """Base URL of a `runserver` on a fresh SQLite database holding the demo partnership."""
    _manage(server_env, "migrate", "--no-input", "--verbosity", "0")
    _manage(server_env, "createcachetable")
    _manage(server_env, "load_templates")
    _manage(server_env, "load_demo")

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = server_workdir / "runserver.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=PROJECT_ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(base_url, process, log_path)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def manage(server, server_env) -> Callable[..., str]:
    """`manage("run_scheduler", "--once")`: run a management command against the running server's database, as
    the scheduler or an operator would beside it, and return its output."""
    return lambda *args: _manage(server_env, *args)


# Playwright's sync API keeps an asyncio loop running on this thread while it is open, and Django then refuses
# database access ("SynchronousOnlyOperation") in any unit test that runs meanwhile. Package scope closes the
# browser as soon as the last test under tests/e2e has run, before pytest moves on to the unit tests.
@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser, server) -> Iterator[Callable]:
    """Make a browser context on the test server; every context made is closed after the test.

    `bypass_csp` is on by default so that axe-core can be injected past the site's `script-src 'self'` policy.
    """
    contexts = []

    def make(**options):
        options.setdefault("base_url", server)
        options.setdefault("bypass_csp", True)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def signed_in_page(new_context) -> Callable:
    """`signed_in_page("business_team", java_script_enabled=False)`: a page signed in as that demo account."""

    def make(role: str, **context_options):
        page = new_context(**context_options).new_page()
        sign_in(page, DEMO_ACCOUNTS[role])
        return page

    return make
