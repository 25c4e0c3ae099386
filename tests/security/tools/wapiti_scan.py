"""`make security`: wapiti3 against the demo server on 127.0.0.1, signed in as the business team.

    python tests/security/tools/wapiti_scan.py --wapiti .venv-wapiti/bin/wapiti --out build/security

1. Builds a throwaway demo database under OUT/run/ (never the developer's var/ database: the scan submits every
   form it finds), loads the templates and the demo partnership, and starts `manage.py runserver` on a free
   port of 127.0.0.1 with demo settings (DEBUG and SIGHTLINE_DEMO on, as `make run`).
2. Signs in as business@demo.sightline.test with the standard library (GET the sign-in page, read the CSRF token,
   POST the form) and hands the session cookie to wapiti.
3. Runs wapiti with --no-bugreport and only the modules that talk to the target alone (MODULES below), every
   endpoint option pointed at 127.0.0.1, a crawl bounded by --max-scan-time and each module by
   --max-attack-time, and the whole run by a hard timeout.
4. Stops the server and writes OUT/wapiti.json (wapiti's report), OUT/wapiti-summary.md (findings by category,
   plus any server errors the scan provoked, from the server's log) and prints the summary.

Exit status: 0 when the scan ran (findings are reported, not judged here: see docs/security.md for what was
found and done); 1 when it could not run (the server did not start, sign-in failed, no report was written).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
EMAIL = "business@demo.sightline.test"
PASSWORD = "try-the-demo-today"  # noqa: S105 - the demo password `make run` prints; demo mode only

# Modules that send requests to the target and nowhere else. Left out: those that call outside servers or
# download databases (ssrf, xxe: wapiti3.ovh endpoints; wapp, nikto, htp: downloads; takeover: DNS and third-party
# sites; log4shell, spring4shell: DNS endpoint; ssl: crt.sh, and there is no TLS here), those that do not apply
# (https_redirect: plain HTTP by design here, HTTPS redirection is tested on production settings; cms, wp_enum,
# network_device: other products; shellshock: no CGI; ldap: no directory; htaccess, backup, buster: Django serves
# only its URL patterns, no files or .htaccess), brute_login_form (guessing passwords locks accounts: A3 is tested)
# and timesql (SQLite has no sleep; it would spend the time budget waiting). Fewer modules leave each active one
# long enough to reach the forms.
MODULES = (
    "cookieflags", "csp", "http_headers", "methods",  # passive: one look at each page
    "crlf", "csrf", "exec", "file", "permanentxss", "redirect", "sql", "upload", "xss",
)  # fmt: skip
CRAWL_SECONDS = 120
MODULE_SECONDS = 50
HARD_TIMEOUT = 15 * 60
# Pages that would end the scanning session or lock the scanning account out of the partnership, and the
# "stay signed in" form that every page carries (one view, otherwise crawled once per page).
EXCLUDED_PATHS = (
    "/accounts/logout/*", "/p/*/people/*/disable/*", "/p/*/people/*/roles/*/remove/*", "/session/extend/*",
)  # fmt: skip
# Pagination and the register's filters: the first, unfiltered page of each list is enough, because every
# organisation's pages are the same views; without this the crawl spends its time on 100 copies of each and the
# attack modules run out of time before they reach the forms. The `q` search boxes are kept and attacked.
REMOVED_PARAMETERS = ("page", "type", "lead", "status")
LOOPBACK = "http://127.0.0.1:9/"  # a closed port: any payload aimed at an "external" endpoint stays here


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(run: Path, port: int) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.lower().endswith("_proxy") and key not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DEBUG="true",
        SIGHTLINE_DEMO="true",
        SITE_URL=f"http://127.0.0.1:{port}",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{run / 'scan.sqlite3'}",
        MEDIA_ROOT=str(run / "files"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1 only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"make security: the demo server did not answer {url} within {seconds:.0f} s")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base: str) -> tuple[str, str]:
    """Sign in through the real form; return the cookies as a Cookie header value, and the partnership's slug."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(f"{base}/accounts/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not token:
        raise SystemExit("make security: no CSRF token on the sign-in page")
    form = urllib.parse.urlencode(
        {"login": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - base is http://127.0.0.1:<port>, built above
        f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/"}
    )
    try:
        opener.open(request, timeout=10)
    except urllib.error.HTTPError as answer:  # the redirect after a successful sign-in
        if answer.code != 302:
            raise SystemExit(f"make security: sign-in answered {answer.code}") from None
    else:
        raise SystemExit("make security: sign-in did not redirect: wrong demo password?")
    try:
        home = opener.open(f"{base}/home/", timeout=10).read().decode()  # a redirect (to sign in) raises here
    except urllib.error.HTTPError as answer:
        raise SystemExit(f"make security: not signed in after the sign-in form ({answer.code})") from None
    slug = re.search(r'href="/p/([-\w]+)/', home)
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar), slug.group(1) if slug else "demo"


def wapiti_command(
    wapiti: str, base: str, cookies: str, run: Path, report: Path, slug: str, options=None
) -> list[str]:
    modules = getattr(options, "modules", None) or ",".join(MODULES)
    crawl = getattr(options, "crawl_seconds", CRAWL_SECONDS)
    attack = getattr(options, "module_seconds", MODULE_SECONDS)
    command = [
        wapiti, "--url", f"{base}/", "--scope", "folder",
        "--module", modules,
        "--no-bugreport",
        "--cookie-value", cookies,
        "--max-scan-time", str(crawl), "--max-attack-time", str(attack),
        "--endpoint", LOOPBACK, "--dns-endpoint", "127.0.0.1",
        "--flush-session", "--store-session", str(run / "session"), "--store-config", str(run / "config"),
        "--timeout", "10", "--tasks", "8", "--verbose", "1",
        "--format", "json", "--output", str(report),
    ]  # fmt: skip
    for path in EXCLUDED_PATHS:
        command += ["--exclude", f"{base}{path}"]
    for parameter in REMOVED_PARAMETERS:
        command += ["--remove", parameter]
    # Start from each area, so a crawl cut short by its time limit still reaches all of them.
    for path in ("/home/", f"/p/{slug}/", f"/p/{slug}/self-assessments/", "/library/", f"/p/{slug}/audit/"):
        command += ["--start", f"{base}{path}"]
    return command


def _masked(command: list[str]) -> list[str]:
    return ["<cookies of the signed-in session>" if before == "--cookie-value" else part
            for before, part in zip(["", *command[:-1]], command, strict=True)]  # fmt: skip


def summarise(modules: str, report: dict, server_log: str, command: list[str], seconds: float) -> str:
    lines = [
        "# wapiti scan of the demo server",
        "",
        f"- run: {time.strftime('%Y-%m-%d %H:%M %Z')}, {seconds / 60:.1f} minutes",
        f"- wapiti {report.get('infos', {}).get('version', '?')}, target {report.get('infos', {}).get('target')}",
        f"- modules: {modules}",
        f"- crawled: {report.get('infos', {}).get('crawled_pages_nbr', '?')} pages",
        "- command: `" + " ".join(_masked(command)) + "`",
        "",
    ]
    for section in ("vulnerabilities", "anomalies", "additionals"):
        found = {name: items for name, items in (report.get(section) or {}).items() if items}
        lines.append(f"## {section}: {sum(len(items) for items in found.values())}")
        for name, items in sorted(found.items()):
            lines.append(f"- **{name}** ({len(items)})")
            for item in items[:15]:
                where = f"{item.get('method', '')} {item.get('path', '')}".strip()
                parameter = f" [{item['parameter']}]" if item.get("parameter") else ""
                lines.append(f"  - {where}{parameter}: {str(item.get('info', '')).splitlines()[0][:200]}")
            if len(items) > 15:
                lines.append(f"  - ... and {len(items) - 15} more")
        lines.append("")
    errors = sorted(set(re.findall(r"Internal Server Error: (\S+)", server_log)))
    lines.append(f"## server errors provoked (500s in the server log): {len(errors)}")
    lines += [f"- {path}" for path in errors[:30]]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wapiti", required=True)
    parser.add_argument("--out", default="build/security")
    parser.add_argument(
        "--modules", default="", help="comma-separated subset of MODULES (default: all of them)"
    )
    parser.add_argument("--crawl-seconds", type=int, default=CRAWL_SECONDS)
    parser.add_argument("--module-seconds", type=int, default=MODULE_SECONDS)
    args = parser.parse_args()
    unknown = set(filter(None, args.modules.split(","))) - set(MODULES)
    if unknown:
        parser.error(f"not among the modules that stay on 127.0.0.1: {', '.join(sorted(unknown))}")
    out = (ROOT / args.out).resolve()
    run = out / "run"
    shutil.rmtree(run, ignore_errors=True)
    (run / "files").mkdir(parents=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env(run, port)
    print(f"make security: demo database in {run}, server on {base}", flush=True)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "createcachetable")
    manage(env, "load_templates")
    manage(env, "load_demo")
    log = (run / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    report_path = out / "wapiti.json"
    report_path.unlink(missing_ok=True)
    started = time.monotonic()
    modules = len(args.modules.split(",")) if args.modules else len(MODULES)
    hard_limit = max(HARD_TIMEOUT, args.crawl_seconds + modules * args.module_seconds + 300)
    try:
        wait_for(f"{base}/healthz", 60)
        cookies, slug = sign_in(base)
        print(f"make security: signed in as {EMAIL}; wapiti modules: {args.modules or ', '.join(MODULES)}")
        command = wapiti_command(args.wapiti, base, cookies, run, report_path, slug, args)
        wapiti_env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        try:
            subprocess.run(command, env=wapiti_env, check=False, timeout=hard_limit)  # noqa: S603
        except subprocess.TimeoutExpired:
            print(f"make security: wapiti stopped after the hard limit of {hard_limit} s", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
    if not report_path.exists():
        print("make security: wapiti wrote no report", file=sys.stderr)
        return 1
    summary = summarise(
        args.modules or ", ".join(MODULES),
        json.loads(report_path.read_text()),
        (run / "server.log").read_text(errors="replace"),
        command,
        time.monotonic() - started,
    )
    (out / "wapiti-summary.md").write_text(summary)
    print(summary)
    print(f"make security: report {report_path}, summary {out / 'wapiti-summary.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
