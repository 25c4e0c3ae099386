"""The pip-audit gate in `make security-static` says what it really checked (QUALITY.md scanners): it fails on a
known vulnerability, and when no vulnerability service answers it says the dependencies were NOT checked instead
of passing them as clean. pip-audit itself is replaced by canned results here; `make security-static` runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .tools.pip_audit_gate import UNREACHABLE, main

ROOT = Path(__file__).resolve().parents[2]


def dependency(name, version="1.0", vulns=(), skipped=False):
    if skipped:
        return {"name": name, "skip_reason": f"Dependency not found on PyPI and could not be audited: {name}"}
    return {"name": name, "version": version, "vulns": list(vulns)}


def canned(*runs):
    """A stand-in for pip-audit answering each service in turn with (exit code, report, error output)."""
    calls = []

    def run(requirements, service):
        calls.append(service)
        return runs[len(calls) - 1]

    run.calls = calls
    return run


NOT_FOUND_REPORT = {"dependencies": [dependency("django", skipped=True), dependency("nh3", skipped=True)]}
OFFLINE = (1, None, "requests.exceptions.ConnectionError: Max retries exceeded (NameResolutionError)")


def test_every_package_not_found_is_unreachable_not_clean(capsys):
    # What this machine's PyPI mirror does: pip-audit exits 0 and prints "No known vulnerabilities found".
    run = canned((0, NOT_FOUND_REPORT, ""), OFFLINE)
    assert main(["requirements.txt"], run=run) == 0
    out = capsys.readouterr().out
    assert UNREACHABLE in out and "NOT checked" in out
    assert "no known vulnerabilities" not in out.lower() and "clean" not in out.lower()
    assert run.calls == ["pypi", "osv"]


def test_a_network_error_is_unreachable(capsys):
    assert main(["requirements.txt"], run=canned(OFFLINE, OFFLINE)) == 0
    assert UNREACHABLE in capsys.readouterr().out


def test_a_known_vulnerability_fails(capsys):
    report = {
        "dependencies": [
            dependency("django", "5.2", [{"id": "PYSEC-2099-1", "fix_versions": ["5.2.99"]}]),
            dependency("nh3"),
        ]
    }
    assert main(["requirements.txt"], run=canned((1, report, ""))) == 1
    out = capsys.readouterr().out
    assert "django 5.2: PYSEC-2099-1 (fixed in 5.2.99)" in out and UNREACHABLE not in out


def test_a_vulnerability_found_by_the_second_service_fails(capsys):
    report = {"dependencies": [dependency("nh3", "0.1", [{"id": "GHSA-xxxx", "fix_versions": []}])]}
    assert main(["requirements.txt"], run=canned((0, NOT_FOUND_REPORT, ""), (1, report, ""))) == 1
    assert "GHSA-xxxx (fixed in no fixed version yet)" in capsys.readouterr().out


def test_all_checked_and_none_vulnerable_passes_and_says_how_many(capsys):
    report = {"dependencies": [dependency("django"), dependency("nh3")]}
    assert main(["requirements.txt"], run=canned((0, report, ""))) == 0
    assert "2 of 2 locked packages checked" in capsys.readouterr().out


def test_some_not_checked_are_named(capsys):
    report = {"dependencies": [dependency("django"), dependency("private-thing", skipped=True)]}
    assert main(["requirements.txt"], run=canned((0, report, ""))) == 0
    out = capsys.readouterr().out
    assert "1 of 2 locked packages checked" in out and "1 packages NOT checked: private-thing" in out


def test_any_other_failure_fails(capsys):
    assert main(["requirements.txt"], run=canned((2, None, "error: invalid requirement: 'django=='"))) == 2


def test_the_real_pip_audit_on_an_empty_requirements_file_runs(tmp_path):
    """The gate drives the installed pip-audit (no canned answers): with nothing to check, it must not claim
    anything was checked, and it exits 0 whatever the network does."""
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests/security/tools/pip_audit_gate.py"), str(requirements)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert UNREACHABLE in result.stdout
