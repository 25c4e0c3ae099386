"""A thematic assurance event in the browser, from the local authority partner's proposal, through the partners'
endorsements of its theme and its format, dates, preparation, the programme sent, the event held and the feedback
given, to the handover that raises the learning group's action plan; axe on each kind of page on the way."""

import uuid
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from .support import CHROMIUM, DEMO_ACCOUNTS, DEMO_SLUG, NO_CHROMIUM, format_violations, run_axe, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

ACTIVITIES = f"/p/{DEMO_SLUG}/assurance/"
SIGN_OFFS = f"{ACTIVITIES}sign-offs/"


class Axe:
    def __init__(self):
        self.found = []

    def check(self, page, where):
        violations = run_axe(page)
        if violations:
            self.found.append(format_violations(f"{where} ({page.url})", violations))


def as_role(new_context, role):
    page = new_context().new_page()
    sign_in(page, DEMO_ACCOUNTS[role])
    return page


def endorse(new_context, role, link_name, axe=None):
    page = as_role(new_context, role)
    page.goto(SIGN_OFFS)
    page.get_by_role("link", name=link_name).click()
    if axe is not None:
        axe.check(page, f"sign-off as {role}")
    page.get_by_label("I endorse it").check()
    page.get_by_role("button", name="Record my decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("You have endorsed")
    page.context.close()


def do_next_step(page, label):
    """Follow the task list's link for the next step to its page, and mark it done."""
    page.get_by_role("link", name=label, exact=True).click()
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"Done: {label}")


def test_a_thematic_event_from_proposal_to_handover(new_context):
    axe = Axe()
    title = f"Journey thematic event {uuid.uuid4().hex[:6]}"

    # The local authority's delegated partner proposes the theme: their proposal is their endorsement.
    partner = as_role(new_context, "partner_la")
    partner.goto(f"/p/{DEMO_SLUG}/")
    partner.get_by_role("link", name="Assurance activities").click()
    axe.check(partner, "activity list")
    partner.get_by_role("link", name="Propose an activity").click()
    partner.get_by_label("Thematic assurance event").check()
    axe.check(partner, "choose a kind")
    partner.get_by_role("button", name="Continue").click()
    partner.get_by_label("Title").fill(title)
    partner.get_by_label("Theme").fill("Neglect of children under five, and how their voice is heard")
    axe.check(partner, "propose a thematic event")
    partner.get_by_role("button", name="Propose it").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text(title)
    expect(partner.locator(".govuk-task-list")).to_contain_text("Waiting for")
    axe.check(partner, "activity page, theme proposed")
    activity_url = partner.url
    partner.context.close()

    # The other two partners endorse the theme; the step is then done by itself.
    endorse(new_context, "partner_icb", f"Theme: {title}", axe)
    endorse(new_context, "partner_police", f"Theme: {title}")

    business = as_role(new_context, "business_team")
    business.goto(activity_url)
    first = business.locator(".govuk-task-list__item").nth(1)
    expect(first).to_contain_text("Theme endorsed by the three partners")
    expect(first).to_contain_text("Completed")

    # The business team proposes the format, and all three partners endorse it.
    business.get_by_role("link", name="Format proposed", exact=True).click()
    business.get_by_label("Proposed format").fill(
        "A morning with practitioners, an afternoon with senior leaders"
    )
    axe.check(business, "propose the format")
    business.get_by_role("button", name="Ask the partners to endorse it").click()
    for role in ("partner_la", "partner_icb", "partner_police"):
        endorse(new_context, role, f"Format: {title}")

    # Dates fixed (yesterday, as if recorded afterwards), the lines of questioning prepared.
    business.goto(activity_url)
    business.get_by_role("link", name="Dates fixed", exact=True).click()
    yesterday = date.today() - timedelta(days=1)
    business.get_by_label("Date", exact=True).fill(yesterday.isoformat())
    business.get_by_label("Starts at").fill("09:30")
    business.get_by_label("Ends at").fill("15:30")
    business.get_by_label("Where (optional)").fill("Demo Town Hall")
    axe.check(business, "fix the dates")
    business.get_by_role("button", name="Fix the dates").click()
    expect(business.locator(".govuk-notification-banner--success")).to_contain_text("The dates are fixed")

    business.get_by_role("link", name="Lines of questioning prepared", exact=True).click()
    expect(business.locator(".govuk-inset-text")).to_contain_text("Write the lines of questioning first")
    business.get_by_role("link", name="Go to the page where this is done").click()
    business.get_by_label("Lines of questioning").fill("How is the child's voice heard?\nWho notices first?")
    business.get_by_role("button", name="Save").click()
    do_next_step(business, "Lines of questioning prepared")

    # The programme: an item, a participant with an account, then sent with its calendar invitation.
    business.get_by_role("link", name="Programme agreed and sent", exact=True).click()
    business.get_by_label("Starts at").fill("09:30")
    business.get_by_label("Ends at").fill("10:00")
    business.get_by_label("What happens").fill("Welcome and purpose of the day")
    business.get_by_label("Who leads it (optional)").fill("Iris Scrutiny")
    business.get_by_role("button", name="Add this item").click()
    axe.check(business, "programme")
    business.get_by_role("link", name="See who is taking part").click()
    business.select_option("select[name=user]", label="Iris Scrutiny")
    business.get_by_label("Panel member").check()
    axe.check(business, "people taking part")
    business.get_by_role("button", name="Add them").click()
    business.goto(activity_url)
    business.get_by_role("link", name="Programme agreed and sent", exact=True).click()
    business.get_by_role("button", name="Send the programme").click()
    expect(business.locator(".govuk-notification-banner--success")).to_contain_text(
        "The programme has been sent"
    )

    # Held, and the feedback at the end recorded.
    do_next_step(business, "Event held")
    business.get_by_role("link", name="Feedback given", exact=True).click()
    business.get_by_role("link", name="Go to the page where this is done").click()
    business.get_by_label("Key highlights").fill("Practitioners know their families well")
    business.get_by_label("Findings").fill("Chronologies are not shared across agencies")
    business.get_by_label("Areas for immediate consideration and action").fill(
        "Share chronologies at strategy"
    )
    axe.check(business, "feedback")
    business.get_by_role("button", name="Save").click()
    do_next_step(business, "Feedback given")

    # The handover raises the learning group's action plan, linked from the activity.
    business.get_by_role("link", name="Outcomes to the learning group (SPLAD)", exact=True).click()
    axe.check(business, "handover")
    business.get_by_role("button", name="Raise the action plan and hand over").click()
    expect(business.locator(".govuk-notification-banner--success")).to_contain_text("Handed over")
    handover = business.locator(".govuk-task-list__item").nth(9)
    expect(handover).to_contain_text("Outcomes to the learning group (SPLAD)")
    expect(handover).to_contain_text("Completed")
    expect(business.get_by_text("Step reached")).to_be_visible()
    axe.check(business, "activity page, handed over")
    business.get_by_role("link", name=f"{title}: action plan").click()
    expect(business.get_by_role("heading", level=1)).to_contain_text(f"{title}: action plan")

    assert not axe.found, "\n\n".join(axe.found)


@pytest.mark.parametrize("role", ["business_team", "agency_lead", "partner_police", "iso"])
def test_every_assurance_page_a_role_reaches_passes_axe(role, new_context, server):
    """The site-wide crawl stops at 40 pages a role: this one follows only the assurance pages, from the list."""
    from collections import deque
    from urllib.parse import urlsplit

    from .test_axe import _check, _crawlable, _page_type

    page = as_role(new_context, role)
    queue, seen, per_type, problems, visited = deque([ACTIVITIES]), {ACTIVITIES}, {}, [], []
    while queue and len(visited) < 60:
        path = queue.popleft()
        kind = _page_type(path)
        if per_type.get(kind, 0) >= 2:
            continue
        per_type[kind] = per_type.get(kind, 0) + 1
        visited.append(path)
        if not _check(page, path, problems):
            continue
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target = _crawlable(href, server)
            if target and target not in seen and ("/assurance/" in target or target.startswith("/calendar/")):
                seen.add(urlsplit(target).path)
                queue.append(target)

    assert len(visited) > 5, visited
    assert not problems, f"{len(problems)} problem(s) for {role}:\n\n" + "\n\n".join(problems)
