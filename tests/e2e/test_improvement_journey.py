"""Learning and improvement in the browser, as the people who use it would try it: the business team raises an
action plan from a self-assessment composite and adds to it; the agency lead updates progress (once with
JavaScript off) and proposes completion; the learning group's chair finds the proposals on the next meeting's
agenda, verifies one and returns the other, and records the meeting as held on the day it met, ahead of the date
set; the owner finds the returned action on their home page; it falls overdue and the scheduler escalates it to
the board, whose member sees it and downloads the summary; the minutes download too; the group's next meeting
takes the escalated action once. Axe on each kind of page."""

import io
import re
import uuid
from datetime import date, timedelta

import docx
import pytest
from playwright.sync_api import expect

from .support import (
    CHROMIUM,
    DEMO_ACCOUNTS,
    DEMO_SLUG,
    NO_CHROMIUM,
    format_violations,
    run_axe,
    screenshot,
    sign_in,
)
from .test_self_assessment_journey import complete_standard

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

HOME = f"/p/{DEMO_SLUG}/"
HOSPITAL = "Demo Hospitals NHS Foundation Trust"
LEARNING_GROUP = "Safeguarding Practice Learning and Development Group"

# Time passing, for the escalation: a new action cannot be given a date in the past, so its due date is moved
# back beyond the threshold in the server's database (as the unit tests' `set_due` does), then the scheduler runs.
FALL_OVERDUE = """
from datetime import timedelta
from django.utils import timezone
from sightline.improvement.escalation import escalate_after_days
from sightline.improvement.models import Action
due = timezone.localdate() - timedelta(days=escalate_after_days() + 12)
assert Action.objects.filter(pk="{action_id}").update(due_on=due, original_due_on=due) == 1
"""


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


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a Word document, which must open."""
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def download(page, link_name) -> tuple[str, bytes]:
    with page.expect_download() as event:
        page.get_by_role("link", name=link_name).click()
    return event.value.suggested_filename, event.value.path().read_bytes()


def set_up_and_open_a_cycle(business, title, today):
    business.goto(HOME)
    business.get_by_role("link", name="Self-assessments").first.click()
    business.get_by_role("link", name="Set up a cycle").click()
    business.select_option(
        "select[name=template]", label="Joint Section 11 and adults' safeguarding self-assessment (version 1)"
    )
    business.fill("input[name=title]", title)
    business.check("input[name=audience_types][value=nhs_trust]")
    business.fill("input[name=opens_on]", today.isoformat())
    business.fill("input[name=closes_on]", (today + timedelta(days=90)).isoformat())
    business.click("main button[type=submit]")
    business.get_by_role("button", name="Open the cycle and tell the organisations").click()
    expect(success(business)).to_contain_text(f"{title} is open")


def complete_and_submit_the_return(agency, title, arising, today):
    """The trust's return, with one action arising from its first standard, signed off and submitted."""
    agency.goto("/home/")
    agency.get_by_role("link", name=f"{title} for {HOSPITAL}").click()
    overview = agency.url
    for index in range(agency.locator(".govuk-task-list__link").count()):
        agency.goto(overview)
        agency.locator(".govuk-task-list__link").nth(index).click()
        if index == 0:
            agency.fill("textarea[name=what]", arising)
            agency.fill("input[name=lead]", "Named nurse for safeguarding")
            agency.fill("input[name=due_on]", (today + timedelta(days=180)).isoformat())
            agency.click("text=Add action")
        complete_standard(agency)
    agency.goto(overview)
    agency.get_by_role("button", name="Send for sign-off").click()
    agency.get_by_role("link", name="Sign off this return").click()
    agency.check("input[name=office] >> nth=0")
    agency.fill("input[name=role]", "Named nurse for safeguarding children")
    agency.check("input[name=confirm]")
    agency.click("main form button[type=submit]")
    agency.goto(overview)
    agency.get_by_role("button", name="Submit to the partnership").click()
    expect(success(agency)).to_contain_text("Submitted")


def open_action(page, what):
    page.goto(HOME)
    page.get_by_role("link", name="Our actions").click()
    page.get_by_role("link", name=what).click()


def test_a_plan_from_a_composite_followed_to_the_board(new_context, manage):
    axe = Axe()
    today = date.today()
    token = uuid.uuid4().hex[:6]
    cycle_title = f"Section 11 improvement journey {token}"
    plan_title = f"{cycle_title}: action plan"
    reported = f"Report safeguarding to the trust board every quarter ({token})"
    audited = f"Audit supervision records in the emergency department ({token})"

    # The business team launches a Section 11 cycle; the trust completes, signs off and submits its return.
    business = as_role(new_context, "business_team")
    set_up_and_open_a_cycle(business, cycle_title, today)
    agency = as_role(new_context, "agency_lead")
    complete_and_submit_the_return(agency, cycle_title, reported, today)

    # The trust's submitted return would take a plan of its own; the business team accepts it and raises the
    # partnership's plan from the composite instead, bringing in the action the trust recorded.
    business.reload()
    business.get_by_role("link", name=HOSPITAL, exact=True).click()
    expect(business.get_by_role("link", name="Raise an action plan from this return")).to_be_visible()
    axe.check(business, "submitted return, as the business team")
    business.get_by_role("button", name="Accept the return").click()
    expect(business.locator("main")).to_contain_text("Accepted on")
    business.get_by_role("link", name="Self-assessments").first.click()
    business.get_by_role("link", name=cycle_title).click()
    business.get_by_role("link", name="View the composite report").click()
    axe.check(business, "composite report")
    business.get_by_role("link", name="Raise an action plan from this composite").click()
    expect(business.get_by_label("Title")).to_have_value(plan_title)
    expect(business.get_by_label("A self-assessment composite")).to_be_checked()
    business.get_by_label("Bring in the actions the organisations recorded in the source").check()
    axe.check(business, "raise an action plan")
    screenshot(business, "improvement-raise-a-plan")
    business.get_by_role("button", name="Raise the plan").click()
    expect(success(business)).to_contain_text("1 action brought in from the source")
    expect(business.get_by_role("heading", level=1)).to_have_text(plan_title)

    business.get_by_role("link", name="Add an action").click()
    business.get_by_label("What will be done").fill(audited)
    business.get_by_label("The difference it should make").fill(
        "Neglect is named at the child's first contact"
    )
    business.get_by_label("How the impact will be known").fill("A dip sample of 20 referrals")
    business.get_by_label("Owner organisation").select_option(label=HOSPITAL)
    business.get_by_label("Owner's email address (optional)").fill(DEMO_ACCOUNTS["agency_lead"])
    business.get_by_label("High").check()
    business.get_by_label("Due date").fill((today + timedelta(days=60)).isoformat())
    axe.check(business, "add an action")
    business.get_by_role("button", name="Add the action", exact=True).click()
    expect(success(business)).to_contain_text(f"Action 2 added to {plan_title}")
    table = business.locator("table", has_text="Actions in this plan")
    expect(table).to_contain_text(reported)
    expect(table).to_contain_text(audited)
    axe.check(business, "action plan")
    screenshot(business, "improvement-plan")

    # The agency lead finds both actions among their organisation's, updates one with a file and proposes it.
    agency.goto(HOME)
    agency.get_by_role("link", name="Our actions").click()
    expect(agency.locator("main table")).to_contain_text(plan_title)
    axe.check(agency, "our actions")
    screenshot(agency, "improvement-our-actions")
    agency.get_by_role("link", name=audited).click()
    axe.check(agency, "action page")
    agency.get_by_role("link", name="Update progress").click()
    agency.get_by_label("What has been done").fill("Dip sample of 20 referrals taken in October.")
    agency.get_by_label("Evidence file (optional)").set_input_files(
        {
            "name": "dip-sample.csv",
            "mimeType": "text/csv",
            "buffer": b"Referral,Neglect named\n1,yes\n2,yes\n",
        }
    )
    axe.check(agency, "update progress")
    agency.get_by_role("button", name="Save the update").click()
    expect(success(agency)).to_contain_text("Progress update saved")
    expect(agency.get_by_role("link", name="Download dip-sample.csv")).to_be_visible()
    agency.get_by_role("link", name="Propose completion").click()
    agency.get_by_label("Evidence of impact").fill("Neglect was named in 19 of the 20 referrals, up from 12.")
    axe.check(agency, "propose completion")
    agency.get_by_role("button", name="Propose completion").click()
    expect(success(agency)).to_contain_text("Completion proposed")

    # The other, with JavaScript off: a refused empty update, then the update and the proposal.
    plain = as_role(new_context, "agency_lead", java_script_enabled=False)
    open_action(plain, reported)
    plain.get_by_role("link", name="Update progress").click()
    plain.get_by_role("button", name="Save the update").click()
    expect(plain).to_have_title(re.compile(r"^Error: "))
    expect(plain.locator(".govuk-error-summary")).to_contain_text(
        "Enter what has been done since the last update"
    )
    plain.get_by_label("What has been done").fill("The report template is agreed with the board's chair.")
    plain.get_by_role("button", name="Save the update").click()
    expect(success(plain)).to_contain_text("Progress update saved")
    plain.get_by_role("link", name="Propose completion").click()
    plain.get_by_label("Evidence of impact").fill("The board had its first quarterly report in November.")
    plain.get_by_role("button", name="Propose completion").click()
    expect(success(plain)).to_contain_text("Completion proposed")
    reported_url = plain.url
    plain.context.close()

    # The learning group's chair opens the next meeting: what came in since its agenda was built is waiting.
    chair = as_role(new_context, "learning_chair")
    chair.goto(HOME)
    chair.get_by_role("link", name="Meetings", exact=True).click()
    axe.check(chair, "meetings")
    upcoming = chair.locator("main tbody tr", has_text="Scheduled").filter(has_text=LEARNING_GROUP)
    upcoming.last.get_by_role("link").click()
    expect(chair.locator("main")).to_contain_text("not on the agenda yet")
    chair.get_by_role("button", name="Build the agenda from the plans").click()
    expect(success(chair)).to_contain_text("added from the state of the plans")
    meeting_url = chair.url

    def item(number):
        return chair.locator("[id^=item-]", has_text=f"{plan_title}, action {number}: completion proposed")

    expect(item(2)).to_contain_text("Neglect was named in 19 of the 20 referrals")
    axe.check(chair, "meeting with its agenda")
    # A return needs its reason: refused, with the message by the field, and nothing decided.
    item(1).locator("summary").click()
    item(1).get_by_label("Return to the owner, with the reason").check()
    item(1).get_by_role("button", name="Record the decision").click()
    expect(chair.locator(".govuk-error-summary")).to_contain_text("Enter the reason for returning the action")
    expect(item(1).locator(".govuk-error-message")).to_contain_text("Enter the reason")
    expect(item(1)).not_to_contain_text("Decision:")
    axe.check(chair, "meeting, a decision without its reason")
    item(1).get_by_label("Return to the owner, with the reason").check()
    returned_because = "One report is not yet evidence: show what the board did with it."
    item(1).get_by_label("Reason or note").fill(returned_because)
    item(1).get_by_role("button", name="Record the decision").click()
    expect(success(chair)).to_contain_text("Decision recorded")
    item(2).locator("summary").click()
    item(2).get_by_label("Verify: the action has made its difference").check()
    verified_because = "The dip sample shows the change the action was for."
    item(2).get_by_label("Reason or note").fill(verified_because)
    item(2).get_by_role("button", name="Record the decision").click()
    expect(item(2)).to_contain_text("Decision: Verify")
    expect(item(1)).to_contain_text(returned_because)
    screenshot(chair, "improvement-meeting")
    # The group met today, ahead of the date set for the meeting: the day it met is what the record keeps.
    held = chair.get_by_label("Date the meeting was held")
    expect(held).to_have_value(today.isoformat())
    held.fill((today + timedelta(days=1)).isoformat())
    chair.get_by_label("Who was there").fill("Sam Learning, chair\nBea Business, business team")
    chair.get_by_role("button", name="Record the meeting as held").click()
    expect(chair.locator(".govuk-error-summary")).to_contain_text("it cannot be in the future")
    chair.get_by_label("Date the meeting was held").fill(today.isoformat())
    chair.get_by_role("button", name="Record the meeting as held").click()
    expect(success(chair)).to_contain_text(f"recorded as held on {today:%-d %B %Y}")
    held_row = chair.locator("main .govuk-summary-list__row", has_text="Held on")
    expect(held_row.locator("dd")).to_have_text(f"{today:%-d %B %Y}")
    filename, minutes = download(chair, "Download the minutes (Word document)")
    assert filename.endswith(f"-minutes-{today.isoformat()}.docx")
    text = docx_text(minutes)
    assert f"Held on {today:%-d %B %Y}." in text
    assert "Decision: Return to the owner" in text and returned_because in text
    assert "Decision: Verify" in text and verified_because in text
    assert "Neglect was named in 19 of the 20 referrals" in text

    # The owner finds it on their home page among what needs them, and sees why it came back. Then it stalls:
    # overdue beyond the threshold, the scheduler flags it.
    agency.goto("/home/")
    expect(agency.get_by_role("heading", name="Actions that need your attention")).to_be_visible()
    axe.check(agency, "home, with actions that need attention")
    agency.get_by_role("link", name=f"{plan_title}, action 1: {reported}").click()
    expect(agency).to_have_url(re.compile(re.escape(reported_url) + "$"))
    expect(agency.locator("main")).to_contain_text(returned_because)
    manage("shell", "-c", FALL_OVERDUE.format(action_id=reported_url.rstrip("/").rsplit("/", 1)[1]))
    assert "enqueued flag-escalations" in manage("run_scheduler", "--once")
    agency.reload()
    expect(agency.locator(".govuk-warning-text")).to_contain_text("Escalated to the board")
    axe.check(agency, "action page, escalated")

    # A board member sees the escalation, and takes the summary of the period as a Word document.
    board = as_role(new_context, "board_member")
    board.goto(HOME)
    board.get_by_role("link", name="Escalations to the board").click()
    row = board.locator("main tbody tr", has_text=plan_title)
    expect(row).to_contain_text("Overdue beyond the threshold")
    expect(row).to_contain_text(HOSPITAL)
    axe.check(board, "escalations to the board")
    screenshot(board, "improvement-escalations")
    board.get_by_role("link", name="Read the board summary").click()
    axe.check(board, "board summary")
    board.get_by_label("From").fill((today - timedelta(days=7)).isoformat())
    board.get_by_label("To").fill(today.isoformat())
    board.get_by_role("button", name="Show this period").click()
    expect(board.locator("main")).to_contain_text(f"{plan_title}: action 1")
    expect(board.locator("main")).to_contain_text(f"Opened {today:%-d %b %Y}: {plan_title}")
    screenshot(board, "improvement-board-summary")
    filename, summary = download(board, "Download the summary (Word)")
    assert filename.endswith(".docx")
    text = docx_text(summary)
    assert plan_title in text and "Overdue beyond the threshold" in text and reported in text

    chair.goto(meeting_url)
    axe.check(chair, "meeting, held")

    # The group's next meeting takes the stalled action once, as the escalation it now is: what can be decided
    # on it is resolving it, extending it or noting it, not escalating it again.
    chair.goto(HOME)
    chair.get_by_role("link", name="Meetings", exact=True).click()
    chair.get_by_role("link", name="Schedule a meeting").click()
    chair.get_by_label("Group").select_option(label=LEARNING_GROUP)
    chair.get_by_label("Date", exact=True).fill((today + timedelta(days=28)).isoformat())
    chair.get_by_role("button", name="Schedule the meeting").click()
    chair.get_by_role("button", name="Build the agenda from the plans").click()
    stalled = chair.locator("[id^=item-]", has_text=f"{plan_title}, action 1")
    expect(stalled).to_have_count(1)
    expect(stalled.get_by_role("heading")).to_contain_text("Escalated:")
    stalled.locator("summary").click()
    expect(stalled.get_by_label("Resolve the escalation")).to_be_visible()
    expect(stalled.get_by_label("Escalate to the board")).to_have_count(0)
    assert not axe.found, "\n\n".join(axe.found)
