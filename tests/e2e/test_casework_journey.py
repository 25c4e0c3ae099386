"""Journeys through case audits and the ISO's day ledger on the demo partnership, checking each page with axe:
the hospital's safeguarding lead finishes and submits a case audit without JavaScript, meeting the free-text
guard on the way; the ISO reads the returned audits, prepares a line of enquiry, downloads the panel pack and
records the days spent; the business team books days past the ISO's budget, confirming the warning."""

import re

import pytest
from playwright.sync_api import expect

from .support import CHROMIUM, DEMO_SLUG, NO_CHROMIUM, format_violations, run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

HOME = f"/p/{DEMO_SLUG}/"


def assert_accessible(page, what: str) -> None:
    violations = run_axe(page)
    assert not violations, format_violations(what, violations)


def save(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def answer_standard(page) -> None:
    """Answer every question on a standard's page: the first grade offered, "Yes", and plain practice text."""
    for group in page.locator("fieldset").all():
        group.locator("input[type=radio]").first.check()
    for box in page.locator("textarea").all():
        box.fill("Records show the concern was shared with the school nurse within a day.")


def test_the_audit_pages_pass_axe_for_their_author(signed_in_page):
    page = signed_in_page("agency_lead")
    page.goto(HOME)
    page.get_by_role("link", name="Our case audits").click()
    assert_accessible(page, "our case audits")
    page.locator("tr", has_text="In progress").get_by_role("link").click()
    assert_accessible(page, "a case audit's task list")
    page.get_by_role("link", name="Assessment and analysis").click()
    assert_accessible(page, "a standard of a case audit")
    page.get_by_label("What in the records supports this grade?").fill(
        "Jane Smith, DOB 03/04/2015, was seen."
    )
    save(page, "Save and return to the audit")
    expect(page.locator(".govuk-warning-text")).to_contain_text("may identify a child or family")
    assert_accessible(page, "a standard with the guard's warning")


def test_the_hospital_lead_finishes_and_submits_an_audit_without_javascript(signed_in_page):
    page = signed_in_page("agency_lead", java_script_enabled=False)
    page.goto(HOME)
    page.get_by_role("link", name="Our case audits").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Our case audits")
    page.locator("tr", has_text="In progress").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Demo Hospitals NHS Foundation Trust's audit"
    )
    audit_page = page.url

    page.get_by_role("link", name="Assessment and analysis").click()
    page.get_by_label("What in the records supports this grade?").fill(
        "Jane Smith, DOB 03/04/2015, was seen."
    )
    save(page, "Save and return to the audit")
    expect(page.locator(".govuk-warning-text")).to_contain_text("may identify a child or family")
    expect(page.locator("main")).to_contain_text("A name with a date of birth")
    answer_standard(page)  # the name and date of birth taken out: plain practice text in every box
    save(page, "Save and return to the audit")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Saved: Assessment and analysis"
    )

    while page.locator(".govuk-task-list__status", has_text="Not started").count():
        page.locator(".govuk-task-list__item", has_text="Not started").first.get_by_role("link").click()
        answer_standard(page)
        save(page, "Save and return to the audit")
    save(page, "Submit the audit")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("It is now locked")
    expect(page.get_by_role("button", name="Submit the audit")).to_have_count(0)
    assert page.url == audit_page


def test_the_iso_reads_the_audits_prepares_and_records_days(signed_in_page):
    page = signed_in_page("iso")
    page.goto("/home/")
    page.get_by_role("link", name="My days as an independent scrutiny officer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My days as an independent scrutiny officer")
    assert_accessible(page, "my days")
    page.get_by_role("link", name=re.compile("Demo Safeguarding Children Partnership")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iris Scrutiny")
    page.get_by_role("link", name=re.compile(r"Record days spent\W+Practice learning")).last.click()
    assert_accessible(page, "recording days spent")
    page.get_by_label("Days spent").fill("2.5")
    save(page, "Save")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Days spent recorded")

    page.goto(HOME)
    page.get_by_role("link", name="Cases and case audits").click()
    page.get_by_role("link", name=re.compile("neglect of younger children")).first.click()
    assert_accessible(page, "an activity's cases, as the panel's ISO")
    page.get_by_role("link", name=re.compile(r"Demo Borough Council\W+audit of")).first.click()
    expect(page.locator("main")).to_contain_text("Chronology and case notes show the concern was recorded")
    assert_accessible(page, "a returned audit read by the panel")
    page.go_back()
    page.get_by_role("link", name="Lines of enquiry and observations").click()
    page.get_by_label("Your line of enquiry or observation").fill(
        "What helped the nursery notice the change?"
    )
    save(page, "Add")
    expect(page.locator("main")).to_contain_text("What helped the nursery notice the change?")
    assert_accessible(page, "the panel's preparation")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the panel pack (Word document)").click()
    assert download.value.suggested_filename.endswith(".docx")


def test_the_business_team_books_days_past_the_budget_only_once_confirmed(signed_in_page):
    page = signed_in_page("business_team")
    page.goto(HOME)
    page.get_by_role("link", name="Independent scrutiny officers and their days").click()
    assert_accessible(page, "the ISO pool")
    page.get_by_role("link", name=re.compile(r"^Iris Scrutiny")).click()
    page.get_by_role("link", name="Book days").click()
    page.get_by_label("Other work, or a note").fill("Scrutinising the safeguarding partners' joint plan")
    page.get_by_label("Date", exact=True).fill(page.evaluate("() => new Date().toISOString().slice(0, 10)"))
    page.get_by_label("Days planned").fill("10")
    save(page, "Save")
    expect(page.locator(".govuk-warning-text")).to_contain_text("over the budget of 15 days")
    assert_accessible(page, "the booking form's budget warning")
    page.get_by_label("I understand, book these days over the budget").check()
    save(page, "Confirm and save")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Days booked")
    expect(page.locator("main")).to_contain_text("Over budget")


def test_the_business_teams_casework_pages_pass_axe(signed_in_page):
    page = signed_in_page("business_team")
    page.goto(HOME)
    page.get_by_role("link", name="Cases and case audits").click()
    assert_accessible(page, "the list of activities with cases")
    page.get_by_role(
        "link", name="Practice learning line-of-sight event: neglect of younger children"
    ).click()
    assert_accessible(page, "an activity's cases, as the business team")
    activity_page = page.url
    page.get_by_role("link", name="Add a case").click()
    save(page, "Save")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the child's age band")
    assert_accessible(page, "the case form with errors")
    for link, what in (("Add someone to the panel", "the panel form"), ("Change", "changing a case")):
        page.goto(activity_page)
        page.get_by_role("link", name=link).first.click()
        assert_accessible(page, what)
