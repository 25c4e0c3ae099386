"""`make bench`: the page benchmark (docs/performance.md, "Pages under load").

For each scale (partnership and county): drop and recreate its PostgreSQL database on 127.0.0.1
(`sightline_bench_<scale>`), migrate it, fill it with `manage.py generate_synthetic` (timed), prove its audit trail
and discover the pages (bench/pages.py). Then serve each with gunicorn on 127.0.0.1 with production settings
(DEBUG off, a secret key, hashed static files from WhiteNoise), load every page from 20 virtual users, the
scales taking turns page by page (bench/load.py), and time the composite exports in process (bench/exports.py).
Last, write build/bench/results.md (bench/report.py): each page's latency and throughput at each scale and the
county/partnership growth ratios.

The databases are dropped at the start of a run and left in place at its end, for a look afterwards."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import load
import report

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
DATABASE = "sightline_bench_{scale}"
PG = {"PGHOST": "127.0.0.1", "PGPORT": "5432", "PGUSER": "postgres"}
# Settings as in production (docs/operations.md), but over plain HTTP on 127.0.0.1: no TLS proxy in front, so no
# HTTPS redirect or Secure cookies; and many sign-ins from one address are expected, so the cap is raised.
SERVER_ENV = {
    "DEBUG": "false",
    "SIGHTLINE_DEMO": "false",
    "SECRET_KEY": "bench-only-secret-key-never-used-elsewhere-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SIGHTLINE_INSECURE_HTTP": "true",
    "LOGIN_RATE_LIMIT": "10000/m/ip",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "PYTHONUNBUFFERED": "1",
}


def say(text: str) -> None:
    print(text, flush=True)


def environment(scale: str = "") -> dict:
    database = DATABASE.format(scale=scale) if scale else "postgres"
    url = f"postgres://{PG['PGUSER']}@{PG['PGHOST']}:{PG['PGPORT']}/{database}"
    return {**os.environ, **PG, **SERVER_ENV, "DATABASE_URL": url}


def shell(*command: str, scale: str = "", capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603 - our own commands with fixed arguments
        command, cwd=ROOT, env=environment(scale), check=False, capture_output=capture, text=True
    )
    if result.returncode != 0:
        detail = f"\n{result.stderr}\n{result.stdout}" if capture else ""
        raise SystemExit(f"`{' '.join(command)}` failed with exit code {result.returncode}{detail}")
    return result.stdout if capture else ""


def manage(*args: str, scale: str = "", capture: bool = False) -> str:
    return shell(sys.executable, "manage.py", *args, scale=scale, capture=capture)


def machine() -> dict:
    def first_line(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()  # noqa: S603
        except OSError:
            return ""

    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else ""
    return {
        "cores": first_line(["nproc"]),
        "cpu": cpu,
        "memory": first_line(["free", "-g"]),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": first_line(
            ["psql", "-h", PG["PGHOST"], "-U", PG["PGUSER"], "-tAc", "SHOW server_version"]
        ),
        "commit": first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
        "started": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def fresh_database(scale: str) -> None:
    database = DATABASE.format(scale=scale)
    shell("dropdb", "--if-exists", database)
    shell("createdb", database)
    manage("migrate", "--no-input", "-v", "0", scale=scale)
    manage("createcachetable", scale=scale)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(scale: str, port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        # Exports and the composite under full load can take longer than gunicorn's default 30 s.
        "--timeout", "120", "--error-logfile", str(log),
        # Its control socket's default path is shared by every gunicorn of this user: another one on the
        # machine (the drills' server) must not be able to reach this one.
        "--no-control-socket",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=environment(scale), start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}: see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s: see {log}")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def prepare(scale: str, seed: int) -> dict:
    """A fresh database for the scale, filled and checked, with the pages to load."""
    say(f"\n== {scale} scale: a fresh {DATABASE.format(scale=scale)} database")
    fresh_database(scale)
    started = time.perf_counter()
    generated = manage("generate_synthetic", "--scale", scale, "--seed", str(seed), scale=scale, capture=True)
    generate_seconds = time.perf_counter() - started
    (OUT / f"generate-{scale}.md").write_text(generated)
    say(f"   generated in {generate_seconds:.0f} s (build/bench/generate-{scale}.md)")
    audit = manage("verify_audit_log", scale=scale, capture=True).strip().splitlines()[0]
    say(f"   {audit}")
    plan = json.loads(shell(sys.executable, "bench/pages.py", scale=scale, capture=True))
    say(f"   {len(plan['pages'])} pages; {sum(map(len, plan['accounts'].values()))} accounts sign in")
    return {
        "scale": scale,
        "generate_seconds": generate_seconds,
        "generated": generated,
        "audit": audit,
        "plan": plan,
        "password": re.search(r"password: (\S+)", generated).group(1),
        "secret": re.search(r"TOTP secret (\S+):", generated).group(1),
    }


def load_all(prepared: list[dict], args) -> dict:
    """Serve every scale at once and load the pages, the scales taking turns."""
    servers, targets = [], {}
    try:
        for one in prepared:
            port = free_port()
            servers.append(serve(one["scale"], port, args.workers, OUT / f"gunicorn-{one['scale']}.log"))
            targets[one["scale"]] = {"base": f"http://127.0.0.1:{port}", "plan": one["plan"]}
        say(f"\n== Loading {len(prepared[0]['plan']['pages'])} pages, {' and '.join(targets)} taking turns")
        return load.run(
            targets,
            password=prepared[0]["password"],
            secret=prepared[0]["secret"],
            users=args.users,
            settings={
                "requests": args.requests,
                "paced_requests": args.paced_requests,
                "seconds": args.seconds,
                "pause": (1.0, 3.0),
                "serial": args.serial,
                "only": [part for part in args.only.split(",") if part],
            },
            say=say,
        )
    finally:
        for server in servers:
            stop(server)


def exports_of(one: dict, repeat: int) -> list:
    cycle = one["plan"]["composite_cycle"]
    if not cycle:
        return []
    say(f"   timing the composite exports at {one['scale']} scale, in process…")
    return json.loads(
        shell(sys.executable, "bench/exports.py", cycle, str(repeat), scale=one["scale"], capture=True)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="partnership,county")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--users", type=int, default=20, help="Virtual users requesting each page at once")
    parser.add_argument("--requests", type=int, default=200, help="Back-to-back requests per page (at most)")
    parser.add_argument("--paced-requests", type=int, default=100, help="Paced requests per page (at most)")
    parser.add_argument("--seconds", type=float, default=30, help="Longest phase of the load on one page")
    parser.add_argument("--serial", type=int, default=10, help="Requests by one user alone, per page")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (docs/operations.md: 4)")
    parser.add_argument("--export-repeat", type=int, default=3)
    parser.add_argument(
        "--only", default="", help="Just the pages whose names contain one of these (comma-separated)"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    about = machine()
    say("Collecting the static files as production does (hashed, compressed)…")
    manage("collectstatic", "--no-input", "-v", "0", scale=args.scales.split(",")[0])
    prepared = [prepare(scale, args.seed) for scale in args.scales.split(",")]
    load_before = os.getloadavg()
    pages = load_all(prepared, args)
    load_after = os.getloadavg()
    results = []
    for one in prepared:
        result = {
            "scale": one["scale"],
            "generate_seconds": one["generate_seconds"],
            "generated": one["generated"],
            "audit": one["audit"],
            "pages": pages[one["scale"]],
            "exports": exports_of(one, args.export_repeat),
        }
        (OUT / f"{one['scale']}.json").write_text(json.dumps(result, indent=2))
        results.append(result)
    about["load_average"] = [load_before, load_after]
    about["finished"] = time.strftime("%Y-%m-%d %H:%M %Z")
    written = report.write(OUT / "results.md", about, vars(args), results)
    say(f"\nResults: {written}")


if __name__ == "__main__":
    main()
