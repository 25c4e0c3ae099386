"""`verify_audit_log` while the deadline spike writes. Issue 11 found that it reported "events after this one were
removed" on every run made while the app wrote, so a real alarm would have been ignored.

A process of its own (as the operator's daily run is, and so as not to slow the drill's 200 clients) verifies the
trail again and again from before the saves leave until after the last answer. The drill counts the runs made
between the release of the saves and the last answer, and fails on any that did not pass, or on fewer than RUNS of
them made while the chain grew.

`python -m drills.audit_verify` is that process: it verifies until SIGTERM, then prints its runs as JSON."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

from .harness import PROJECT_ROOT, app_environment

RUNS = 20


@dataclass
class VerifyDuringWrites:
    window: tuple[float, float] = (0.0, 0.0)
    runs: list[dict] = field(default_factory=list)
    _process: subprocess.Popen | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(  # noqa: S603 - this module, run by the project's interpreter
            [sys.executable, "-m", "drills.audit_verify"],
            cwd=PROJECT_ROOT,
            env=app_environment(),
            stdout=subprocess.PIPE,
            text=True,
        )
        # Ready once it has run once, so that its runs cover the whole spike.
        assert self._process.stdout is not None
        self._process.stdout.readline()

    def released(self) -> None:
        self.window = (time.time(), 0.0)

    def stop(self) -> None:
        self.window = (self.window[0], time.time())
        if self._process is None:
            return
        self._process.send_signal(signal.SIGTERM)
        out, _ = self._process.communicate(timeout=120)
        self.runs = json.loads(out)

    def _during(self) -> list[dict]:
        begun, ended = self.window
        return [run for run in self.runs if run["started"] >= begun and run["ended"] <= ended]

    def figures(self) -> dict:
        during = self._during()
        return {
            "verify_audit_log runs during the spike": len(during),
            "of them while the chain grew": sum(run["grew"] for run in during),
            "of them failed": sum(bool(run["failure"]) for run in during),
        }

    def check(self) -> None:
        during = self._during()
        failures = [run["failure"] for run in during if run["failure"]]
        assert not failures, f"verify_audit_log failed during the spike: {failures[:3]}"
        grew = sum(run["grew"] for run in during)
        assert grew >= RUNS, f"only {grew} verifications overlapped the spike's writes (wanted {RUNS})"


def _verify_until_terminated() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from sightline.audit.models import ChainHead

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    runs = []
    while not stopping:
        before, started = ChainHead.objects.get(pk=1).seq, time.time()
        try:
            call_command("verify_audit_log", stdout=io.StringIO())
            failure = ""
        except Exception as error:  # noqa: BLE001 - each failed run is reported to the drill
            failure = str(error)
        ended = time.time()
        runs.append(
            {
                "started": started,
                "ended": ended,
                "grew": ChainHead.objects.get(pk=1).seq > before,
                "failure": failure,
            }
        )
        if len(runs) == 1:
            print("ready", flush=True)
    print(json.dumps(runs), flush=True)


if __name__ == "__main__":
    _verify_until_terminated()
