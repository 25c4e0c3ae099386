"""An ISO report in the browser, as the people who use it would try it: the ISO writes a report on the exploitation
event with two recommendations, to the police and to the ICB, and issues it; the police partner partly accepts
with two actions (with JavaScript off), the ICB partner does not accept; the ISO finds the ICB's answer not
sufficient and the police's sufficient, and records the days; the business team puts the report on the board's
next agenda, where the meeting's page links to it. Axe on each kind of page."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .support import CHROMIUM, DEMO_SLUG, NO_CHROMIUM, format_violations, run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

HOME = f"/p/{DEMO_SLUG}/"
EVENT = "Practice learning line-of-sight event: older children at risk of exploitation"
POLICE = "Demoshire Police"
ICB = "Demo and District Integrated Care Board"


class Axe:
    def __init__(self):
        self.found = []

    def check(self, page, where):
        violations = run_axe(page)
        if violations:
            self.found.append(format_violations(f"{where} ({page.url})", violations))


def success(page):
    return page.locator(".govuk-notification-banner--success")


def add_recommendation(page, text: str, organisation: str, due: str) -> None:
    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill(text)
    page.get_by_label("Response due").fill(due)
    page.get_by_label(re.compile(f"^{re.escape(organisation)} \\(statutory partner")).check()
    page.get_by_role("button", name="Add the recommendation").click()
    expect(success(page)).to_contain_text("added")


def respond(page, title: str, organisation: str) -> None:
    page.goto(HOME)
    page.get_by_role("link", name="Recommendations to answer").click()
    page.get_by_role(
        "link", name=re.compile(f"^Respond for {re.escape(organisation)} .* of {re.escape(title)}$")
    ).click()


def test_an_iso_report_from_draft_to_the_boards_agenda(signed_in_page):
    axe = Axe()
    title = f"Exploitation outside the home {uuid.uuid4().hex[:6]}"
    due = (timezone.localdate() + timedelta(days=28)).isoformat()

    iso = signed_in_page("iso")
    iso.goto(HOME)
    iso.get_by_role("link", name="Independent scrutiny reports and recommendations").click()
    axe.check(iso, "report list")
    iso.get_by_role("link", name="Write a report").click()
    iso.get_by_role("button", name="Save the draft").click()
    expect(iso.locator(".govuk-error-summary")).to_contain_text("Choose what the report is on")
    axe.check(iso, "write a report, with errors")
    iso.get_by_label("One assurance activity").check()
    iso.get_by_label("The assurance activity, if the report is on one").select_option(label=EVENT)
    iso.get_by_label("Title").fill(title)
    iso.get_by_label("Summary").fill("The young people's own view of the risk was rarely written down.")
    iso.get_by_role("button", name="Save the draft").click()
    expect(success(iso)).to_contain_text("Draft saved")
    axe.check(iso, "draft report")
    add_recommendation(iso, "Record the young person's account in every strategy discussion.", POLICE, due)
    axe.check(iso, "draft with a recommendation")
    add_recommendation(iso, "Agree one route from the emergency departments to the hub.", ICB, due)
    iso.get_by_role("link", name="Issue the report").click()
    expect(iso.get_by_role("heading", name="2 recommendations")).to_be_visible()
    axe.check(iso, "issue the report")
    iso.get_by_role("button", name="Issue the report").click()
    expect(success(iso)).to_contain_text("The report is issued")
    report_url = iso.url.split("#")[0]

    police = signed_in_page("partner_police", java_script_enabled=False)
    respond(police, title, POLICE)
    police.get_by_label("Partly accepted").check()
    police.get_by_label("Reasons").fill("The force answers for the discussions it leads.")
    police.get_by_role("button", name="Add another action").click()
    expect(police.get_by_role("group", name="Action 2")).to_be_visible()
    police.get_by_role("group", name="Action 1").get_by_label("What will be done").fill(
        "Make the young person's account a required field of the record"
    )
    police.get_by_role("group", name="Action 1").get_by_label("Done by").fill(due)
    police.get_by_role("group", name="Action 1").get_by_label("The difference it should make").fill(
        "Decisions are made knowing what the young person said"
    )
    police.get_by_role("group", name="Action 2").get_by_label("What will be done").fill("Brief every officer")
    police.get_by_role("group", name="Action 2").get_by_label("Done by").fill(due)
    police.get_by_role("group", name="Action 2").get_by_label("The difference it should make").fill(
        "Officers ask the young person first"
    )
    police.get_by_role("button", name="Save the response").click()
    expect(success(police)).to_contain_text("is saved")

    icb = signed_in_page("partner_icb")
    respond(icb, title, ICB)
    axe.check(icb, "respond")
    icb.get_by_label("Not accepted").check()
    icb.get_by_role("button", name="Save the response").click()
    expect(icb.locator(".govuk-error-summary")).to_contain_text("Give the reasons")
    axe.check(icb, "respond, with errors")
    icb.get_by_label("Reasons").fill("The trusts already have a route.")
    icb.get_by_role("button", name="Save the response").click()
    expect(success(icb)).to_contain_text("is saved")
    axe.check(icb, "recommendations to answer")

    iso.goto(report_url)
    expect(iso.get_by_role("table").filter(has_text=ICB)).to_contain_text("Not accepted")
    expect(iso.get_by_text("Brief every officer")).to_be_visible()
    axe.check(iso, "report with responses")
    iso.get_by_role("link", name=f"Judge the response of {ICB} to recommendation 2").click()
    axe.check(iso, "judge")
    iso.get_by_label("Not sufficient: the organisation must respond again").check()
    iso.get_by_label("Your note").fill("Three routes were in use: say how one will be agreed.")
    iso.get_by_role("button", name="Record the judgement").click()
    expect(success(iso)).to_contain_text("not sufficient")
    iso.get_by_role("link", name=f"Judge the response of {POLICE} to recommendation 1").click()
    iso.get_by_label("Sufficient", exact=True).check()
    iso.get_by_role("button", name="Record the judgement").click()
    expect(success(iso)).to_contain_text("is sufficient")
    iso.get_by_role("link", name="Record the days you spent on this report").click()
    iso.get_by_label("Days spent").fill("1.5")
    iso.get_by_role("button", name=re.compile("Save the days|Confirm and save")).click()
    if iso.get_by_label("I understand, book these days over the budget").count():
        iso.get_by_label("I understand, book these days over the budget").check()
        iso.get_by_role("button", name="Confirm and save").click()
    expect(success(iso)).to_contain_text("Days spent on the report recorded")

    business = signed_in_page("business_team")
    business.goto(report_url)
    business.get_by_role("link", name="Put the report on a board meeting's agenda").click()
    axe.check(business, "put on the agenda")
    business.get_by_role("radio").first.check()
    business.get_by_role("button", name="Add to the agenda").click()
    expect(success(business)).to_contain_text("The report is on the agenda")
    business.get_by_role("link", name=re.compile(r"Safeguarding Children Partnership Board")).first.click()
    business.get_by_role("link", name=f"Read the report {title}").click()
    expect(business.get_by_role("heading", name=title)).to_be_visible()

    assert not axe.found, "\n\n".join(axe.found)
