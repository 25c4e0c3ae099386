"""Where reports were presented, in the browser: the business team adds a body, plans a presentation of the
approved briefing from the briefing's own page, is refused a date in the future when recording it as presented,
records it, adds a question raised and makes it an action in an open plan; without JavaScript the filters and
forms work; a partner reads the presentation. Axe on each kind of page."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from sightline.improvement.demo import APPROVED_BRIEFING, MULTI_AGENCY

from .support import CHROMIUM, DEMO_ACCOUNTS, DEMO_SLUG, NO_CHROMIUM, format_violations, run_axe, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

HOME = f"/p/{DEMO_SLUG}/"
BODY = "Children's services overview committee"


class Axe:
    def __init__(self):
        self.found = []

    def check(self, page, where):
        violations = run_axe(page)
        if violations:
            self.found.append(format_violations(f"{where} ({page.url})", violations))


def as_role(new_context, role, **options):
    page = new_context(**options).new_page()
    sign_in(page, DEMO_ACCOUNTS[role])
    return page


def success(page):
    return page.locator(".govuk-notification-banner--success")


def test_a_briefing_is_presented_and_a_question_becomes_an_action(new_context):
    axe = Axe()
    team = as_role(new_context, "business_team")
    team.goto(HOME)
    team.get_by_role("link", name="Where reports were presented").click()
    expect(team.get_by_role("heading", level=1)).to_have_text("Where reports were presented")
    axe.check(team, "the register")
    team.get_by_label("State").select_option("held")
    team.get_by_role("button", name="Apply filters").click()
    expect(team.get_by_role("status")).not_to_have_text("0 presentations")
    axe.check(team, "the register, filtered")

    team.get_by_role("link", name="Bodies the partnership reports to").click()
    axe.check(team, "the bodies")
    team.get_by_role("link", name="Add a body").click()
    team.get_by_label("Name").fill(BODY)
    team.get_by_label("Council", exact=True).check()
    team.get_by_role("button", name="Add the body").click()
    expect(success(team)).to_contain_text(f"{BODY} added")
    team.get_by_role("link", name=f"Rename {BODY}").click()
    axe.check(team, "renaming a body")

    team.goto(HOME)
    team.get_by_role("link", name="Learning briefings").click()
    team.get_by_role("link", name=APPROVED_BRIEFING).click()
    expect(team.get_by_role("heading", name="Where it has been presented")).to_be_visible()
    axe.check(team, "a briefing with where it was presented")
    team.get_by_role("link", name="Plan a presentation of this report").click()
    expect(team.get_by_label("A learning briefing")).to_be_checked()
    team.get_by_label("Body").select_option(label=BODY)
    team.get_by_label("Date", exact=True).fill(date.today().isoformat())
    team.get_by_role("button", name="Plan the presentation").click()
    expect(team.locator(".govuk-error-summary")).to_contain_text("Choose who presents the report")
    axe.check(team, "planning, with an error")
    team.get_by_label("Or their name and role").fill("Chair of the learning group")
    team.get_by_role("button", name="Plan the presentation").click()
    expect(success(team)).to_contain_text(f"is planned for {BODY}")
    axe.check(team, "a planned presentation")

    team.get_by_role("link", name="Record it as presented").click()
    team.get_by_label("Date it was presented").fill((date.today() + timedelta(days=1)).isoformat())
    team.get_by_label("Outcome").fill("The committee noted the briefing.")
    team.get_by_label("Minute reference").fill("OC/2026/3")
    team.get_by_role("button", name="Record it as presented").click()
    expect(team.locator(".govuk-error-summary")).to_contain_text("cannot be in the future")
    axe.check(team, "recording as presented, with an error")
    team.get_by_label("Date it was presented").fill(date.today().isoformat())
    team.get_by_role("button", name="Record it as presented").click()
    expect(success(team)).to_contain_text("Recorded as presented")

    team.get_by_role("link", name="Add a question raised").click()
    axe.check(team, "adding a question")
    team.get_by_label("Question raised").fill("How many practitioners have read the briefing?")
    team.get_by_role("button", name="Add the question").click()
    expect(success(team)).to_contain_text("Question added")
    team.get_by_role("link", name="Make it an action").click()
    axe.check(team, "making a question an action")
    team.get_by_label("Action plan").select_option(label=MULTI_AGENCY)
    team.get_by_label("Owner organisation").select_option(label="Demo Borough Council")
    team.get_by_label("Due date").fill((date.today() + timedelta(days=60)).isoformat())
    team.get_by_role("button", name="Add the action").click()
    expect(success(team)).to_contain_text("added to")
    expect(team.locator("main")).to_contain_text("owned by Demo Borough Council")
    team.get_by_role("link", name="Change the details").click()
    axe.check(team, "changing a presentation")
    presentation_url = team.url.replace("edit/", "")

    # Without JavaScript, the filters and the forms are plain GETs and POSTs.
    plain = as_role(new_context, "business_team", java_script_enabled=False)
    plain.goto(HOME)
    plain.get_by_role("link", name="Where reports were presented").click()
    plain.get_by_label("Body", exact=True).select_option(label=BODY)
    plain.get_by_role("button", name="Apply filters").click()
    expect(plain.get_by_role("status")).to_have_text("1 presentation")
    plain.locator("table a.govuk-link").first.click()
    plain.get_by_role("link", name="Add a question raised").click()
    plain.get_by_label("Question raised").fill("Will the briefing be shared with schools?")
    plain.get_by_role("button", name="Add the question").click()
    expect(success(plain)).to_contain_text("Question added")

    partner = as_role(new_context, "partner_la")
    partner.goto(presentation_url)
    expect(partner.locator("main")).to_contain_text("How many practitioners have read the briefing?")
    expect(partner.get_by_role("link", name="Make it an action")).to_have_count(0)
    axe.check(partner, "a presentation, as a partner")

    assert not axe.found, "\n\n".join(axe.found)
