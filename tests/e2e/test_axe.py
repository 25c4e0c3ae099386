"""Every page a person can reach passes axe-core at WCAG 2.2 A/AA, as each demo role and anonymously.

Pages are discovered, not listed: for each role we sign in and follow same-origin links breadth-first from the
home page, so a new page is checked as soon as something links to it.
"""

import re
from collections import deque
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from .support import CHROMIUM, DEMO_ACCOUNTS, DEMO_SLUG, NO_CHROMIUM, format_violations, run_axe, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

MAX_PAGES_PER_ROLE = 40
# Pages of one type differ only in data: two of each (say two organisations) is enough, and leaves room in the
# budget for the other page types.
MAX_PAGES_PER_TYPE = 2
SKIPPED_PATHS = ("/accounts/logout/", "/static/")
SKIPPED_WORDS = ("export", ".csv", "download")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PUBLIC_PAGES = ["/", "/accessibility/", "/privacy/", "/accounts/login/", "/accounts/password/reset/"]


def _crawlable(href: str, origin: str) -> str | None:
    """The path (plus `?page=2`, the one query kept) to visit for a link, or None to leave it alone."""
    parts = urlsplit(href)
    if f"{parts.scheme}://{parts.netloc}" != origin or not parts.path:
        return None
    if parts.path.startswith(SKIPPED_PATHS) or any(word in href.lower() for word in SKIPPED_WORDS):
        return None
    if parse_qs(parts.query).get("page") == ["2"]:
        return f"{parts.path}?page=2"
    return parts.path


def _page_type(path: str) -> str:
    return UUID.sub("<id>", path)


def _check(page, path: str, problems: list[str]) -> bool:
    """Open a page and run axe on it. Returns whether it is an HTML page worth taking links from."""
    try:
        response = page.goto(path)
    except PlaywrightError as error:
        problems.append(f"{path}: could not be loaded ({error.message.splitlines()[0]})")
        return False
    if response is None:
        return False
    if response.status >= 400:
        problems.append(f"{path}: HTTP {response.status} (a link to it is shown to this user)")
    if "text/html" not in response.headers.get("content-type", ""):
        return False
    final = urlsplit(page.url)
    where = path if final.path == urlsplit(path).path else f"{path} (redirected to {final.path})"
    violations = run_axe(page)
    if violations:
        problems.append(format_violations(where, violations))
    return response.status < 400


def _crawl(page, origin: str, start: str = "/home/") -> tuple[list[str], list[str]]:
    """Visit up to MAX_PAGES_PER_ROLE pages breadth-first from `start`; returns (pages visited, problems)."""
    queue = deque([start])
    seen = {start}
    per_type: dict[str, int] = {}
    second_pages = 0
    visited: list[str] = []
    problems: list[str] = []
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        path = queue.popleft()
        kind = _page_type(path.split("?")[0])
        if per_type.get(kind, 0) >= MAX_PAGES_PER_TYPE:
            continue
        per_type[kind] = per_type.get(kind, 0) + 1
        visited.append(path)
        if not _check(page, path, problems):
            continue
        seen.add(urlsplit(page.url).path)  # where a redirect landed counts as visited too
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target = _crawlable(href, origin)
            if target is None or target in seen:
                continue
            if target.endswith("?page=2"):
                if second_pages:
                    continue
                second_pages += 1
            seen.add(target)
            queue.append(target)
    return visited, problems


@pytest.mark.parametrize("role", DEMO_ACCOUNTS)
def test_every_page_a_role_can_reach_passes_axe(role, new_context, server):
    page = new_context().new_page()
    sign_in(page, DEMO_ACCOUNTS[role])

    visited, problems = _crawl(page, server)

    assert len(visited) > 3, f"The crawl for {role} found almost nothing: {visited}"
    assert not problems, (
        f"{len(problems)} page(s) with problems for {role} (of {len(visited)} visited):\n\n"
        + "\n\n".join(problems)
    )


def test_public_pages_pass_axe(new_context):
    page = new_context().new_page()
    problems: list[str] = []
    for path in PUBLIC_PAGES:
        _check(page, path, problems)

    assert not problems, "Public pages with problems:\n\n" + "\n\n".join(problems)


@pytest.mark.parametrize(
    ("role", "path"),
    [("business_team", f"/p/{DEMO_SLUG}/organisations/new/"), (None, "/accounts/login/")],
    ids=["organisation-create-as-business_team", "sign-in-anonymous"],
)
def test_form_error_state_passes_axe(role, path, new_context):
    page = new_context().new_page()
    if role is not None:
        sign_in(page, DEMO_ACCOUNTS[role])
    page.goto(path)
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible(), (
        f"Submitting {path} empty showed no error summary"
    )

    violations = run_axe(page)

    assert not violations, format_violations(
        f"{path} after an empty submission (as {role or 'anonymous'})", violations
    )


@pytest.mark.parametrize(
    "path", ["/home/", f"/p/{DEMO_SLUG}/organisations/"], ids=["home", "organisation-list"]
)
def test_pages_pass_axe_at_320_css_pixels(path, new_context):
    """Some rules (target size, scrollable regions) only bite when the layout is narrow."""
    page = new_context(viewport={"width": 320, "height": 720}).new_page()
    sign_in(page, DEMO_ACCOUNTS["business_team"])
    page.goto(path)

    violations = run_axe(page)

    assert not violations, format_violations(f"{path} at 320px (as business_team)", violations)
