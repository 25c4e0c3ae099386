"""What every response must carry, shared by the header tests (QUALITY.md I1, P1, F1)."""

from __future__ import annotations

# Sources the site's own policy may name: nothing from another origin, no inline script or eval.
ALLOWED_SOURCES = {"'self'", "'none'"}
# The directives the site's policy must set, and exactly what each allows.
REQUIRED_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}; empty when it is missing."""
    policy = {}
    for part in response.get("Content-Security-Policy", "").split(";"):
        words = part.split()
        if words:
            policy[words[0].lower()] = words[1:]
    return policy


def is_attachment(response) -> bool:
    return response.get("Content-Disposition", "").lower().startswith("attachment")


def cache_directives(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def check_common(response, where: str) -> list[str]:
    """Headers every response carries, whatever its kind; returns the problems found (empty when all is well)."""
    problems = []
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for header, value in expected.items():
        if response.get(header) != value:
            problems.append(f"{where}: {header} is {response.get(header)!r}, expected {value!r}")
    policy = csp(response)
    if policy.get("frame-ancestors") != ["'none'"]:
        problems.append(f"{where}: CSP frame-ancestors is {policy.get('frame-ancestors')!r}")
    if "default-src" not in policy:
        problems.append(f"{where}: CSP has no default-src")
    for directive, sources in policy.items():
        for source in sources:
            if source not in ALLOWED_SOURCES and not (directive == "img-src" and source == "data:"):
                problems.append(f"{where}: CSP {directive} allows {source}")
    return problems


def check_page_policy(response, where: str) -> list[str]:
    """An HTML page's policy: the site's own directives, exactly (no inline script, no other origin)."""
    policy = csp(response)
    return [
        f"{where}: CSP {directive} is {policy.get(directive)!r}, expected {sources!r}"
        for directive, sources in REQUIRED_DIRECTIVES.items()
        if policy.get(directive) != sources
    ]


def check_signed_in(response, where: str) -> list[str]:
    """A response to a signed-in person is kept by no browser or proxy (QUALITY.md P1)."""
    directives = cache_directives(response)
    if "no-store" not in directives or "public" in directives:
        return [f"{where}: Cache-Control is {response.get('Cache-Control')!r}, expected no-store"]
    return []


def check_download(response, where: str) -> list[str]:
    """A file download is an attachment, never rendered in the site's origin (QUALITY.md F1)."""
    problems = []
    if not is_attachment(response):
        problems.append(f"{where}: Content-Disposition is {response.get('Content-Disposition')!r}")
    if not response.get("Content-Type"):
        problems.append(f"{where}: no Content-Type")
    return problems
