"""This year's yearly report in the browser, as the people who make it: the business team drafts it from the year's
records and follows a figure to the records it counts, writes each section, sends it to the ISO; the ISO comments
and finishes a scrutiny statement; the three lead partners sign it off (one first returns it, with a reason); the
business team records its publication, its presentation to Cabinet and the ICB quality committee, and when it was
sent to the national panel and the Department. Axe on each kind of page on the way."""

from datetime import date

import pytest
from playwright.sync_api import expect

from .support import CHROMIUM, DEMO_ACCOUNTS, DEMO_SLUG, NO_CHROMIUM, format_violations, run_axe, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

HOME = f"/p/{DEMO_SLUG}/"
TEXT = (
    "The three partners agreed the programme together and the figures above are counted from the year's records. "
    "Where the work changed practice, the learning group verified the difference before closing each action."
)


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


def success(page):
    return page.locator(".govuk-notification-banner--success")


def this_year() -> str:
    today = date.today()
    start = today.year if today.month >= 4 else today.year - 1
    return f"{start}-{str(start + 1)[2:]}"


def sign(new_context, role, report_url, axe=None, decline=""):
    page = as_role(new_context, role)
    page.goto(report_url)
    page.get_by_role("link", name="Sign off or return the report").click()
    if axe is not None:
        axe.check(page, f"sign-off as {role}")
    if decline:
        page.get_by_label("Return it with my reasons").check()
        page.get_by_label("Comment or reasons").fill(decline)
    else:
        page.get_by_label("Sign it off").check()
    page.get_by_role("button", name="Record my decision").click()
    expect(success(page)).to_contain_text("You have returned it." if decline else "You have signed it off.")
    page.context.close()


def present(team, body, minute, axe=None):
    team.get_by_role("link", name="Plan a presentation of this report").click()
    expect(team.get_by_label("The yearly report")).to_be_checked()
    team.get_by_label("Body").select_option(label=body)
    team.get_by_label("Date", exact=True).fill(date.today().isoformat())
    team.get_by_label("Or their name and role").fill("Independent chair of the partnership")
    team.get_by_role("button", name="Plan the presentation").click()
    expect(success(team)).to_contain_text(f"is planned for {body}")
    team.get_by_role("link", name="Record it as presented").click()
    if axe is not None:
        axe.check(team, "recording a presentation")
    team.get_by_label("Date it was presented").fill(date.today().isoformat())
    team.get_by_label("Outcome").fill("Received and discussed; thanks to the partners.")
    team.get_by_label("Minute reference").fill(minute)
    team.get_by_role("button", name="Record it as presented").click()
    expect(success(team)).to_be_visible()


def test_this_years_report_from_draft_to_the_national_bodies(new_context):
    axe = Axe()
    label = this_year()

    # The business team starts the report from the year's records.
    team = as_role(new_context, "business_team")
    team.goto(HOME)
    team.get_by_role("link", name="Yearly reports").click()
    axe.check(team, "the yearly reports")
    team.get_by_role("link", name="The report's sections").click()
    axe.check(team, "the report's sections")
    team.go_back()
    team.get_by_role("link", name="Start a yearly report").click()
    team.get_by_label("Reporting period").fill("2025")
    team.get_by_role("button", name="Start the draft").click()
    expect(team.locator(".govuk-error-summary")).to_contain_text("such as 2025-26")
    axe.check(team, "starting a report, with an error")
    team.get_by_label("Reporting period").fill(label)
    team.get_by_role("button", name="Start the draft").click()
    expect(success(team)).to_contain_text("The draft is ready")
    expect(team.get_by_role("heading", level=1)).to_contain_text(f"yearly report {label}")
    axe.check(team, "a draft yearly report")
    report_url = team.url

    # A figure leads to the records it counts, as many as it says.
    figure = team.locator("#section-assurance_activities ~ table").first.locator("td a").first
    count = int(figure.inner_text().split()[0])
    figure.click()
    expect(team.locator("tr.app-counted")).to_have_count(count)
    axe.check(team, "a figure's records")
    team.goto(report_url)

    # Sign-off is refused until the ISO has scrutinised it; each section is written.
    team.get_by_role("link", name="Send for scrutiny").click()
    axe.check(team, "sending for scrutiny")
    team.get_by_label("Independent scrutiny officer").select_option(label="Iris Scrutiny")
    team.get_by_role("button", name="Send it").click()
    expect(success(team)).to_contain_text("is asked to scrutinise it")
    writing = [link.get_attribute("href") for link in team.get_by_role("link", name="Write ").all()]
    assert len(writing) >= 12
    team.goto(writing[0])
    team.get_by_label("What the section says").fill("We learned from Jamie Smith, born 2019-03-04.")
    team.get_by_role("button", name="Save the section").click()
    expect(team.locator(".govuk-error-summary")).to_contain_text("may identify someone")
    axe.check(team, "a section, with the guard's warning")
    for address in writing:
        team.goto(address)
        team.get_by_label("What the section says").fill(TEXT)
        team.get_by_role("button", name="Save the section").click()
        expect(success(team)).to_contain_text("is saved")
    expect(team.locator("strong.govuk-tag", has_text="Not written yet")).to_have_count(0)
    team.context.close()

    # The ISO comments on a section and finishes the scrutiny statement.
    iso = as_role(new_context, "iso")
    iso.goto(report_url)
    iso.get_by_role("link", name="Scrutinise the report").click()
    axe.check(iso, "scrutinising the report")
    iso.get_by_label("Impact on outcomes for children and families").fill("Say what changed for children.")
    iso.get_by_role("button", name="Send the comment on impact on outcomes for children and families").click()
    expect(success(iso)).to_contain_text("Your comment on Impact")
    iso.get_by_label("Scrutiny statement").fill(
        "The arrangements are sound; the evidence of impact is growing."
    )
    iso.get_by_label("My scrutiny is finished").check()
    iso.get_by_role("button", name="Save the statement").click()
    expect(success(iso)).to_contain_text("Your scrutiny is finished")
    iso.context.close()

    # The business team sends it for sign-off; the police partner returns it, then all three sign it off.
    team = as_role(new_context, "business_team")
    team.goto(report_url)
    expect(team.get_by_text("Say what changed for children.")).to_be_visible()
    team.get_by_role("button", name="Send to the lead partners for sign-off").click()
    expect(success(team)).to_contain_text("asked to sign it off")
    sign(
        new_context,
        "partner_police",
        report_url,
        axe,
        decline="Say more about exploitation outside the home.",
    )
    team.goto(report_url)
    expect(team.get_by_text("Returned by a lead partner")).to_be_visible()
    team.get_by_role("button", name="Send to the lead partners for sign-off").click()
    for role in ("partner_la", "partner_icb", "partner_police"):
        sign(new_context, role, report_url)
    team.goto(report_url)
    expect(team.locator("strong.govuk-tag").first).to_have_text("Signed off")
    assert len(team.locator("code.app-hash").inner_text()) == 64
    axe.check(team, "a signed-off yearly report")
    # The report as a web page to keep: a file, checked by axe as a browser shows it once opened.
    document = team.request.get(team.get_by_role("link", name="web page").get_attribute("href"))
    assert document.ok and "attachment" in document.headers["content-disposition"]
    viewer = new_context().new_page()
    viewer.set_content(document.text())
    axe.check(viewer, "the report as a web page")
    viewer.context.close()

    # Published, presented twice and sent to the national bodies.
    team.get_by_role("link", name="Record its publication").click()
    axe.check(team, "recording publication")
    team.get_by_label("Date it was published").fill(date.today().isoformat())
    team.get_by_role("button", name="Record it").click()
    expect(success(team)).to_contain_text("Publication is recorded")
    present(team, "Council Cabinet", "CAB/26/77", axe)
    team.goto(report_url)
    present(team, "ICB quality committee", "QC/26/19")
    team.goto(report_url)
    expect(team.locator("#presented ~ table")).to_contain_text("Council Cabinet")
    expect(team.locator("#presented ~ table")).to_contain_text("ICB quality committee")
    team.get_by_role("link", name="Record where it was sent").click()
    axe.check(team, "recording where it was sent")
    team.get_by_label("Sent to the Child Safeguarding Practice Review Panel on").fill(
        date.today().isoformat()
    )
    team.get_by_label("Sent to the Department for Education on").fill(date.today().isoformat())
    team.get_by_role("button", name="Record the dates").click()
    expect(success(team)).to_contain_text("The dates it was sent are recorded")
    expect(team.get_by_role("link", name="Record where it was sent")).to_have_count(0)
    team.context.close()

    assert not axe.found, "\n\n".join(axe.found)
