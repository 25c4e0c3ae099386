"""pip-audit over the locked requirements, with an honest verdict (QUALITY.md scanners; `make security-static`).

    python tests/security/tools/pip_audit_gate.py build/security/requirements.txt

pip-audit prints "No known vulnerabilities found" and exits 0 even when it could not ask about a single package
(a registry mirror without PyPI's JSON API answers "not found" for every one). So this script reads pip-audit's
JSON report and decides for itself:

- a known vulnerability in any package: list them and exit 1;
- every package checked and none vulnerable: say how many were checked, exit 0;
- some packages checked, some not: say which were NOT checked, exit 0 (or 1 if any vulnerability);
- no service answered for any package: print "pip-audit: vulnerability service unreachable — dependencies NOT
  checked" and exit 0, so the rest of `make test` carries on; it never says the dependencies are clean.

Services are tried in turn (PyPI's JSON API, then OSV); the first that answers for at least one package decides.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SERVICES = ("pypi", "osv")
UNREACHABLE = "pip-audit: vulnerability service unreachable — dependencies NOT checked"
# What a network failure looks like in pip-audit's traceback or log (requests, urllib3, socket errors).
NETWORK_ERROR = re.compile(
    r"ConnectionError|NameResolutionError|Max retries exceeded|Failed to establish|timed out|"
    r"Temporary failure in name resolution|Name or service not known|Connection refused|ServiceError|"
    r"SSLError|ProxyError",
    re.IGNORECASE,
)


@dataclass
class Verdict:
    kind: str  # "vulnerable", "checked", "unreachable" or "error"
    checked: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    vulnerabilities: list[str] = field(default_factory=list)
    detail: str = ""


def judge(returncode: int, report: dict | None, stderr: str) -> Verdict:
    """Turn one pip-audit run (its exit code, JSON report if any, and error output) into a verdict."""
    if report is None:
        if NETWORK_ERROR.search(stderr):
            return Verdict("unreachable", detail=stderr.strip().splitlines()[-1] if stderr.strip() else "")
        return Verdict("error", detail=stderr.strip() or f"pip-audit exited {returncode} without a report")
    checked, skipped, found = [], [], []
    for dependency in report.get("dependencies", []):
        label = f"{dependency.get('name')} {dependency.get('version', '')}".strip()
        if dependency.get("skip_reason"):
            skipped.append(label)
            continue
        checked.append(label)
        for vulnerability in dependency.get("vulns") or []:
            fixes = ", ".join(vulnerability.get("fix_versions") or []) or "no fixed version yet"
            found.append(f"{label}: {vulnerability.get('id')} (fixed in {fixes})")
    if found:
        return Verdict("vulnerable", checked, skipped, found)
    if not checked:
        # Nothing was asked about successfully: the service did not answer, whatever pip-audit printed.
        return Verdict("unreachable", checked, skipped, detail="no package could be looked up")
    if returncode != 0:
        return Verdict("error", checked, skipped, detail=stderr.strip() or f"pip-audit exited {returncode}")
    return Verdict("checked", checked, skipped)


def run_pip_audit(requirements: Path, service: str) -> tuple[int, dict | None, str]:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.json"
        command = [
            sys.executable, "-m", "pip_audit",
            "--requirement", str(requirements),
            "--no-deps", "--disable-pip",  # the lock file pins everything: nothing to resolve or install
            "--vulnerability-service", service,
            "--timeout", "15",
            "--progress-spinner", "off",
            "--format", "json",
            "--output", str(output),
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        try:
            report = json.loads(output.read_text())
        except (OSError, ValueError):
            report = None
    return result.returncode, report, result.stderr


def main(argv: list[str], run=run_pip_audit) -> int:
    if len(argv) != 1:
        print("usage: pip_audit_gate.py REQUIREMENTS_FILE", file=sys.stderr)
        return 2
    requirements = Path(argv[0])
    reasons = []
    for service in SERVICES:
        verdict = judge(*run(requirements, service))
        if verdict.kind == "unreachable":
            reasons.append(f"{service}: {verdict.detail}")
            continue
        if verdict.kind == "error":
            print(f"pip-audit failed against {service}:\n{verdict.detail}", file=sys.stderr)
            return 2
        total = len(verdict.checked) + len(verdict.skipped)
        if verdict.kind == "vulnerable":
            print(f"pip-audit ({service}): {len(verdict.vulnerabilities)} known vulnerabilities:")
            for line in verdict.vulnerabilities:
                print(f"  {line}")
            print("Upgrade the package (uv lock --upgrade-package NAME) or record why it does not apply.")
            return 1
        print(
            f"pip-audit ({service}): {len(verdict.checked)} of {total} locked packages checked, "
            "no known vulnerabilities in them."
        )
        if verdict.skipped:
            print(f"pip-audit: {len(verdict.skipped)} packages NOT checked: {', '.join(verdict.skipped)}")
        return 0
    print(UNREACHABLE)
    for reason in reasons:
        print(f"  {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
