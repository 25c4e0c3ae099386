"""What people do with a keyboard, without JavaScript, on a narrow screen, and the invitation journey."""

import re

import pytest
from playwright.sync_api import expect

from .support import CHROMIUM, DEMO_SLUG, NO_CHROMIUM

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

ORGANISATIONS = f"/p/{DEMO_SLUG}/organisations/"
ACTIVE_ELEMENT = """() => {
    const el = document.activeElement;
    return el ? {tag: el.tagName.toLowerCase(), id: el.id, classes: [...el.classList]} : null;
}"""
# Where the focused element is: on screen at all, and not under something else (a sticky header, a banner).
FOCUSED_ELEMENT_PLACE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const box = el.getBoundingClientRect();
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    const inView = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
    const uncovered = top && (el.contains(top) || top.contains(el) || top.closest('label')?.control === el);
    return {html: el.outerHTML.slice(0, 120), inView, covered: !uncovered};
}"""


def test_first_tab_reaches_the_skip_link_and_enter_moves_focus_to_the_main_content(new_context):
    page = new_context().new_page()
    page.goto("/accounts/login/")

    page.keyboard.press("Tab")
    focused = page.evaluate(ACTIVE_ELEMENT)
    assert "govuk-skip-link" in focused["classes"], f"The first Tab focused {focused}, not the skip link"
    skip_link = page.locator(".govuk-skip-link")
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    focused = page.evaluate(ACTIVE_ELEMENT)
    assert focused["id"] == "main-content", f"After Enter on the skip link, focus is on {focused}"


def test_an_empty_submission_moves_focus_to_the_error_summary(signed_in_page):
    page = signed_in_page("business_team")
    page.goto(f"{ORGANISATIONS}new/")

    with page.expect_navigation():
        page.get_by_role("button", name="Add organisation").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter the organisation's name")).to_be_visible()


def test_filtering_opening_and_editing_an_organisation_work_without_javascript(signed_in_page):
    page = signed_in_page("business_team", java_script_enabled=False)
    page.goto(ORGANISATIONS)
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bjs-enabled\b"))  # scripts really are off

    page.get_by_label("NHS trust", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()

    assert "type=nhs_trust" in page.url
    types = page.locator("#results tbody tr td:nth-child(2)").all_inner_texts()
    assert types, "Filtering by NHS trust listed no organisations"
    assert set(types) == {"NHS trust"}, f"The NHS trust filter also listed {set(types) - {'NHS trust'}}"

    page.get_by_role("link", name="Demo Community Health NHS Trust").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo Community Health NHS Trust")
    page.get_by_role("link", name="Change register entry").click()
    page.get_by_label("Name", exact=True).fill("Demo Community Health and Care NHS Trust")
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Changes saved")
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo Community Health and Care NHS Trust")


@pytest.mark.parametrize("path", ["/home/", ORGANISATIONS], ids=["home", "organisation-list"])
def test_pages_reflow_at_320_css_pixels_without_scrolling_sideways(path, signed_in_page):
    page = signed_in_page("business_team", viewport={"width": 320, "height": 720})
    page.goto(path)

    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 321, f"{path} is {width}px wide at a 320px viewport, so it scrolls sideways"


def test_every_focused_element_stays_in_view_and_uncovered(signed_in_page):
    """WCAG 2.4.11: tabbing through a long page, nothing focused is off screen or under something else."""
    page = signed_in_page("business_team", viewport={"width": 1024, "height": 600})
    page.goto(ORGANISATIONS)
    hidden = []
    focused = 0
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED_ELEMENT_PLACE)
        if state is None:
            break
        focused += 1
        if not state["inView"] or state["covered"]:
            hidden.append(state)

    assert focused >= 20, f"Only {focused} elements took focus on the organisation list"
    assert not hidden, "Focused elements off screen or covered:\n" + "\n".join(map(str, hidden))


def test_the_business_team_invites_a_contributor_to_an_organisation(signed_in_page):
    page = signed_in_page("business_team")
    page.goto(ORGANISATIONS)
    page.get_by_label("Search by name, URN, UKPRN or postcode").fill("Youth Justice")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="Demo Youth Justice Service").click()
    page.get_by_role("link", name="Invite someone to Demo Youth Justice Service").click()

    page.get_by_label("Full name").fill("Casey Contributor")
    page.get_by_label("Email address").fill("casey.contributor@example.test")
    page.get_by_label("Contributor", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send invitation").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Invitation sent to casey.contributor@example.test"
    )
    page.goto(f"/p/{DEMO_SLUG}/people/")
    invitations = page.get_by_role("table", name="Invitations not yet accepted")
    row = invitations.get_by_role("row").filter(has_text="casey.contributor@example.test")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(re.compile(r"at Demo Youth Justice Service"))
