"""Disputes in the browser, as the people who use them would try it: the hospital trust's safeguarding lead
records a disagreement with the council, is warned about a name in the text and takes it out; the business team
escalates it and asks the ISO to assist; the ISO adds a note (with JavaScript off); the business team resolves it
with learning; the learning group's chair finds the learning on the group's next meeting without the parties, and
neither the chair nor a board member can open the dispute. The business team adds an escalation stage. Axe on
each kind of page."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from .support import CHROMIUM, DEMO_SLUG, NO_CHROMIUM, format_violations, run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

HOME = f"/p/{DEMO_SLUG}/"
HOSPITAL = "Demo Hospitals NHS Foundation Trust"
COUNCIL = "Demo Borough Council (statutory partner: local authority)"
LEARNING_GROUP = "Safeguarding Practice Learning and Development Group"


class Axe:
    def __init__(self):
        self.found = []

    def check(self, page, where):
        violations = run_axe(page)
        if violations:
            self.found.append(format_violations(f"{where} ({page.url})", violations))


def success(page):
    return page.locator(".govuk-notification-banner--success")


def test_a_dispute_from_recording_to_its_learning_on_the_learning_groups_agenda(signed_in_page):
    axe = Axe()
    subject = f"Who attends strategy discussions out of hours {uuid.uuid4().hex[:6]}"

    lead = signed_in_page("agency_lead")
    lead.goto(HOME)
    lead.get_by_role("link", name="Disputes", exact=True).click()
    axe.check(lead, "dispute list")
    lead.get_by_role("link", name="Record a dispute").click()
    axe.check(lead, "record a dispute")
    lead.get_by_label("Agencies, about multi-agency practice").check()
    lead.get_by_label("Subject").fill(subject)
    lead.get_by_label("What the disagreement is about").fill(
        "Jake Smith's case showed that neither agency sends someone to strategy discussions at night."
    )
    lead.get_by_label("First party").select_option(label=HOSPITAL)
    lead.get_by_label("Second party").select_option(label=COUNCIL)
    lead.get_by_role("button", name="Record the dispute").click()
    expect(lead.get_by_text("What you wrote may identify a child or family")).to_be_visible()
    axe.check(lead, "record a dispute, warned")
    lead.get_by_label("What the disagreement is about").fill(
        "A recent case showed that neither agency sends someone to strategy discussions at night."
    )
    lead.get_by_role("button", name="Record the dispute").click()
    expect(success(lead)).to_contain_text("The dispute is recorded")
    expect(lead.get_by_role("heading", name=subject)).to_be_visible()
    axe.check(lead, "dispute page")
    dispute_url = lead.url

    business = signed_in_page("business_team")
    business.goto(dispute_url)
    business.get_by_role("link", name=re.compile("^Escalate to Managers")).click()
    axe.check(business, "escalate")
    business.get_by_label("Why it is escalated").fill("The practitioners met twice without agreeing.")
    business.get_by_role("button", name="Escalate").click()
    expect(success(business)).to_contain_text("The dispute is escalated to “Managers”")
    business.get_by_role("link", name="Ask an independent scrutiny officer to assist").click()
    axe.check(business, "ask an ISO")
    business.get_by_label("Independent scrutiny officer").select_option(label="Iris Scrutiny")
    business.get_by_role("button", name="Ask them to assist").click()
    expect(success(business)).to_contain_text("The officer is asked to assist")

    iso = signed_in_page("iso", java_script_enabled=False)
    iso.goto(dispute_url)
    iso.get_by_role("link", name="Add a note").click()
    iso.get_by_label("Note").fill("I will meet both managers next week.")
    iso.get_by_role("button", name="Add the note").click()
    expect(success(iso)).to_contain_text("Note added")
    expect(iso.get_by_role("link", name="Record the outcome and resolve it")).to_have_count(0)

    business.goto(dispute_url)
    business.get_by_role("link", name="Add a note").click()
    axe.check(business, "add a note")
    business.goto(dispute_url)
    business.get_by_role("link", name="Record the outcome and resolve it").click()
    axe.check(business, "resolve")
    business.get_by_label("Outcome").fill("Each agency names an on-call manager for strategy discussions.")
    business.get_by_label("Learning for the learning group (optional)").fill(
        "Name who attends out of hours when a procedure is agreed."
    )
    business.get_by_role("button", name="Resolve the dispute").click()
    expect(success(business)).to_contain_text(
        "Its learning is on the agenda of the learning group's next meeting"
    )
    expect(business.get_by_text("its record is closed and cannot change")).to_be_visible()
    axe.check(business, "dispute page, resolved")

    chair = signed_in_page("learning_chair")
    chair.goto(HOME)
    chair.get_by_role("link", name="Meetings of the groups").click()
    meetings = chair.get_by_role("link", name=re.compile(f"^{LEARNING_GROUP}"))
    addresses = [meetings.nth(i).get_attribute("href") for i in range(meetings.count())]
    item = f"Learning from a resolved dispute: {subject}"

    def shows_item(address):
        chair.goto(address)
        return item in chair.content()

    on = [address for address in addresses if shows_item(address)]
    assert len(on) == 1, "the learning is on one meeting of the learning group"
    chair.goto(on[0])
    expect(chair.get_by_text(item)).to_be_visible()
    axe.check(chair, "the learning group's meeting")
    expect(chair.get_by_text("Name who attends out of hours when a procedure is agreed.")).to_be_visible()
    page = chair.content()
    assert "Each agency names an on-call manager" not in page and "Demo Borough Council" not in page
    assert chair.goto(dispute_url).status == 404

    board = signed_in_page("board_member")
    assert board.goto(dispute_url).status == 404

    business.goto(HOME)
    business.get_by_role("link", name="Disputes", exact=True).click()
    business.get_by_role("link", name="Escalation stages").click()
    axe.check(business, "escalation stages")
    business.get_by_role("link", name="Add a stage").click()
    axe.check(business, "add a stage")
    business.get_by_label("Name").fill("Chief officers")
    business.get_by_role("button", name="Add the stage").click()
    expect(success(business)).to_contain_text("“Chief officers” is added as the last stage")
    business.get_by_role("link", name="Change Chief officers").click()
    axe.check(business, "change a stage")

    assert not axe.found, "\n\n".join(axe.found)
