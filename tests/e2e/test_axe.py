"""Every page type passes axe-core at WCAG 2.2 A/AA, as each demo role that uses it and anonymously, and the suite
proves it: the page types are read from the URL patterns, and one that no crawl reaches fails the suite.

Pages are discovered, not listed. For each role we sign in and follow same-origin links from the home page. Each
address is resolved to its URL name in this process, so the crawl knows the page type before it goes there: it
visits a type it has not checked yet before a second page of a type it has, and it stops when every type it can
reach is checked, not after a fixed number of pages. A page type joins as soon as something in the demo links to
it; one that nothing links to is listed by `test_every_page_type_is_checked_by_axe`.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import Error as PlaywrightError

from ..test_access_matrix import MATRIX, POST_ONLY
from ..test_url_access import PUBLIC_URL_NAMES, walk
from .conftest import _manage
from .support import (
    AXE_SCRIPT,
    CHROMIUM,
    DEMO_ACCOUNTS,
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    DEMO_SLUG,
    NO_CHROMIUM,
    PROJECT_ROOT,
    format_violations,
    run_axe,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

ANONYMOUS = "anonymous"
# The business team sees nearly every page type, and the states of its objects decide which it is shown (only
# an archived cycle links to its progress report), so its crawl visits every page of a type whose pages lead
# to new types. The other roles check the types they use.
DEEPEST = "business_team"
# Pages of one type differ mostly in data, so one of each is checked; but while a type's pages keep leading to page
# types not seen before (an activity's page differs by its kind and its step), another page of it is visited.
MAX_PAGES_PER_TYPE = 8
# Only a guard against a crawl that never ends; no role comes near it.
MAX_PAGES_PER_ROLE = 400

# URL names that answer with a file, a feed or a redirect, never a page: axe has nothing to check, and the crawl
# does not follow links to them.
NOT_PAGES = {
    "healthz": "a plain-text answer for the load balancer",
    "account_email_managed": "redirects to 'Your account' with a message",
    "organisation_export": "the register as a CSV file",
    "progress_report_docx": "the progress report as a Word document",
    "progress_report_xlsx": "the progress report as a workbook",
    "composite_download": "a prepared composite export",
    "return_evidence_download": "an evidence file",
    "action_evidence_download": "an evidence file",
    "board_summary_docx": "the board summary as a Word document",
    "briefing_docx": "a learning briefing as a Word document",
    "briefing_pdf": "a learning briefing as a PDF",
    "yearly_report_download": "the yearly report as a file: web page, Word or PDF (the web page is checked by axe in "
    "tests/e2e/test_yearly_report_journey.py)",
    "meeting_minutes": "a meeting's minutes as a Word document",
    "activity_invitation_download": "a calendar invitation (.ics)",
    "calendar_feed": "a calendar feed (.ics)",
    "panel_pack_download": "the panel's pack as a Word document",
    "panel_pack_pdf": "the panel's pack as a PDF",
    "mfa_download_recovery_codes": "recovery codes as a text file",
}
# The access matrix lists these with the POST-only views because a POST makes the object they show, but they
# answer GET with a page: the crawl reaches them from the demo's data or through the form (see FORM_PAGES).
PAGES_MADE_BY_A_POST = {"composite_job", "organisation_import_preview"}
# django-allauth pages that this installation switches off or shadows, or that need something no demo account has.
ALLAUTH_NOT_REACHED = {
    "account_email": "shadowed: our account_email_managed answers the same address",
    "account_email_verification_sent": "email verification is off: invitations prove the address",
    "account_confirm_email": "email verification is off: invitations prove the address",
    "account_set_password": "for an account without a password; accepting an invitation sets one",
    "account_request_reauthentication_code": "re-authentication by emailed code is for accounts without a password",
    "account_confirm_reauthentication_code": "re-authentication by emailed code is for accounts without a password",
    "account_confirm_login_code": "signing in by emailed code is off",
    "mfa_index": "needs an authenticator app set up; no demo account has one",
    "mfa_authenticate": "needs an authenticator app set up; no demo account has one",
    "mfa_reauthenticate": "needs an authenticator app set up; no demo account has one",
    "mfa_deactivate_totp": "needs an authenticator app set up; no demo account has one",
    "mfa_view_recovery_codes": "needs an authenticator app set up; no demo account has one",
    "mfa_generate_recovery_codes": "needs an authenticator app set up; no demo account has one",
}
# Pages a person is sent to rather than led to by a link: each crawl starts from them as well as from its home.
SENT_TO = {
    "mfa_required": "where a role that must use a second factor is sent until it has one (off on this server)",
}
ANONYMOUS_SENT_TO = {
    "account_reset_password_done": "after asking for a password reset",
    "account_reset_password_from_key_done": "after setting a new password from the emailed link",
    "account_inactive": "when a disabled account tries to sign in",
    "account_signup": "allauth's sign-up address, which says accounts come by invitation",
}
GIAS_EXTRACT = PROJECT_ROOT / "sightline" / "partnerships" / "demo" / "gias_demo.csv"
# The two emailed links a visitor opens: an invitation, and a password reset for the demo governor. The command
# prints the addresses; opening them changes nothing until a form is sent.
EMAILED_LINKS = f"""
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth import get_user_model
from django.urls import reverse
from sightline.accounts.services import invitation_create
from sightline.partnerships.models import Partnership

partnership = Partnership.objects.get(slug="{DEMO_SLUG}")
_, token = invitation_create(
    by=None, partnership=partnership, email="new.member@{DEMO_DOMAIN}", full_name="Nia Newcomer",
    role="board_member",
)
print("LINK", reverse("invitation_accept", kwargs={{"token": token}}))
person = get_user_model().objects.get(email="governor@{DEMO_DOMAIN}")
key = default_token_generator.make_token(person)
print("LINK", reverse("account_reset_password_from_key", kwargs={{"uidb36": user_pk_to_url_str(person), "key": key}}))
"""
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def page_types() -> set[str]:
    """Every URL name that answers GET with an HTML page a person can reach."""
    names = {entry.name for _, entry in walk() if entry.name}
    post_only = POST_ONLY - PAGES_MADE_BY_A_POST - set(NOT_PAGES)
    return names - set(NOT_PAGES) - set(ALLAUTH_NOT_REACHED) - post_only


def roles_allowed(name: str) -> str:
    """Who may see a page type, for a failure message: the access matrix's roles, or who a public page is for."""
    if name in MATRIX:
        return "the roles docs/access.md gives its record (tests/test_access_matrix.py)"
    if name in PUBLIC_URL_NAMES:
        return "anyone"
    return "see its own tests" if name in POST_ONLY else "anyone (a django-allauth page)"


def url_name(address: str) -> str | None:
    try:
        return resolve(urlsplit(address).path).url_name
    except Resolver404:
        return None


def _crawlable(href: str, origin: str) -> str | None:
    """The address (path and query) to visit for a link, or None to leave it alone."""
    parts = urlsplit(href)
    if f"{parts.scheme}://{parts.netloc}" != origin or not parts.path or parts.path.startswith("/static/"):
        return None
    name = url_name(parts.path)
    if name is None or name in NOT_PAGES:
        return None
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


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
    return _axe(page, path, problems) and response.status < 400


def _axe(page, path: str, problems: list[str]) -> bool:
    final = urlsplit(page.url)
    where = path if final.path == urlsplit(path).path else f"{path} (redirected to {final.path})"
    violations = run_axe(page)
    if violations:
        problems.append(format_violations(where, violations))
    return True


@dataclass
class Crawl:
    """What one role's crawl checked with axe: for each URL name, the addresses; and what was wrong."""

    checked: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def record(self, page, address: str) -> None:
        name = url_name(page.url)
        if name is not None:
            self.checked.setdefault(name, []).append(address)


def _crawl(page, origin: str, starts: list[str], *, deep: bool = False) -> Crawl:
    """Follow links from `starts`, always to the page type visited least so far (first found first). A page that
    shows links to page types not seen before earns its type another visit or, in a `deep` crawl of a type whose
    pages are objects (an activity, a return), a visit to each of its pages up to MAX_PAGES_PER_TYPE."""
    crawl = Crawl()
    pending = [(start, url_name(start)) for start in starts]
    seen = set(starts)
    visits: Counter = Counter()
    allowance: Counter = Counter({name: 1 for _, name in pending})
    known = {name for _, name in pending}  # every page type linked to so far
    for _ in range(MAX_PAGES_PER_ROLE):
        due = [
            (visits[name], index) for index, (_, name) in enumerate(pending) if visits[name] < allowance[name]
        ]
        if not due:
            break
        address, name = pending.pop(min(due)[1])
        visits[name] += 1
        if not _check(page, address, crawl.problems):
            continue
        crawl.record(page, address)
        targets = {}
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target = _crawlable(href, origin)
            if target is not None:
                targets[target] = url_name(target)
        new_types = set(targets.values()) - known
        if new_types:
            more = MAX_PAGES_PER_TYPE if deep and _names_an_object(address) else allowance[name] + 1
            allowance[name] = min(more, MAX_PAGES_PER_TYPE)
            known |= new_types
            for new_type in new_types:
                allowance[new_type] = 1
        for target, target_name in targets.items():
            if target not in seen:
                seen.add(target)
                pending.append((target, target_name))
    return crawl


def _names_an_object(address: str) -> bool:
    """Whether the page is about one thing (its address names more than the partnership), not a list."""
    return bool(set(resolve(urlsplit(address).path).kwargs) - {"slug"})


def _upload_the_register(page, crawl: Crawl) -> None:
    """The import preview follows an upload: send the demo's own schools extract again (every row unchanged) and
    stop at the preview, without confirming it."""
    page.goto(f"/p/{DEMO_SLUG}/organisations/import/")
    page.check("input[name=format][value=gias]")
    page.set_input_files("input[name=file]", str(GIAS_EXTRACT))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    _axe(page, page.url, crawl.problems)
    crawl.record(page, urlsplit(page.url).path)


def _set_up_an_authenticator_app(page, crawl: Crawl) -> None:
    """Setting up an authenticator app asks for the password again first (the crawl stops at that form): give it,
    and check the set-up page it leads to. Nothing is set up until a code from the app is entered."""
    page.goto(reverse("mfa_activate_totp"))
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    _axe(page, page.url, crawl.problems)
    crawl.record(page, urlsplit(page.url).path)


def _prepare_a_composite_download(page, crawl: Crawl) -> None:
    """A composite download's page follows asking for it on the composite report the crawl checked."""
    page.goto(crawl.checked["cycle_composite"][0])
    page.check("input[name=kind][value=composite_docx]")
    with page.expect_navigation():
        page.get_by_role("button", name="Prepare the download").click()
    _axe(page, page.url, crawl.problems)
    crawl.record(page, urlsplit(page.url).path)


# Pages reached only by sending a form, as the role that sends it.
FORM_PAGES = {
    "business_team": [_upload_the_register, _set_up_an_authenticator_app, _prepare_a_composite_download]
}


@pytest.fixture(scope="module")
def crawls(browser, server, server_env):
    """`crawls(role)`: that role's crawl, made the first time a test asks for it. The per-role tests and the
    coverage test share them, whatever order the tests run in."""
    done: dict[str, Crawl] = {}

    def crawl_for(role: str) -> Crawl:
        if role not in done:
            context = browser.new_context(base_url=server, bypass_csp=True)
            context.set_default_timeout(15_000)
            context.add_init_script(
                path=str(AXE_SCRIPT)
            )  # in every page before it loads: faster than adding it after
            try:
                done[role] = _crawl_as(role, context.new_page(), server, server_env)
            finally:
                context.close()
        return done[role]

    return crawl_for


def _crawl_as(role: str, page, server: str, server_env: dict) -> Crawl:
    if role == ANONYMOUS:
        emailed = _manage(server_env, "shell", "-c", EMAILED_LINKS)
        links = [line.split(" ", 1)[1] for line in emailed.splitlines() if line.startswith("LINK ")]
        return _crawl(page, server, ["/", *map(reverse, ANONYMOUS_SENT_TO), *links])
    sign_in(page, DEMO_ACCOUNTS[role])
    crawl = _crawl(page, server, ["/home/", *map(reverse, SENT_TO)], deep=role == DEEPEST)
    for reach in FORM_PAGES.get(role, []):
        reach(page, crawl)
    return crawl


@pytest.mark.parametrize("role", [*DEMO_ACCOUNTS, ANONYMOUS])
def test_every_page_a_role_can_reach_passes_axe(role, crawls):
    crawl = crawls(role)

    assert len(crawl.checked) > 3, f"The crawl for {role} found almost nothing: {crawl.checked}"
    assert not crawl.problems, (
        f"{len(crawl.problems)} page(s) with problems for {role} (of {len(crawl.checked)} page types checked):"
        "\n\n" + "\n\n".join(crawl.problems)
    )


def test_every_page_type_is_checked_by_axe(crawls):
    """A page type no crawl reached is one nothing in the demo links to: link to it where a person would look for
    it, give the demo data that shows it, or list it above with the reason it is not a page."""
    checked_by = defaultdict(set)
    for role in [*DEMO_ACCOUNTS, ANONYMOUS]:
        for name in crawls(role).checked:
            checked_by[name].add(role)

    never = sorted(page_types() - set(checked_by))

    assert not never, f"{len(never)} page type(s) never checked by axe:\n" + "\n".join(
        f"  {name} (may be seen by: {roles_allowed(name)})" for name in never
    )


def test_the_lists_of_what_is_not_checked_name_real_url_names():
    names = {entry.name for _, entry in walk()}
    listed = (
        set(NOT_PAGES)
        | set(ALLAUTH_NOT_REACHED)
        | PAGES_MADE_BY_A_POST
        | set(SENT_TO)
        | set(ANONYMOUS_SENT_TO)
    )

    assert listed <= names, f"Not URL names any more: {sorted(listed - names)}"


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
