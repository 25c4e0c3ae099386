"""The other assurance journeys in the browser, each on an activity of its own so that they run in any order on the
shared demo server, with axe on each kind of page on the way:

- a practice learning line-of-sight event: the partners agree its theme, the business team identifies three
  cases, each involving the hospital trust and the council, names the panel and asks for the audits; both
  agencies' leads sign in and complete their audits; the ISO reads them, prepares and downloads the panel pack;
- a case-specific line-of-sight event asked for by the police partner, agreed by the other two partners,
  convened (the three partners told, the agencies involved invited) and its case audits in before the meeting;
- an agency call-in, from the questions sent to the agency, its answer, the meeting, to the outcome and follow-up;
- a peer review whose terms of reference are declined by one partner, revised, and signed off by all three."""

import re
import uuid
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from .support import (
    CHROMIUM,
    DEMO_ACCOUNTS,
    DEMO_DOMAIN,
    DEMO_SLUG,
    NO_CHROMIUM,
    SCREENSHOTS,
    format_violations,
    run_axe,
    screenshot,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

HOME = f"/p/{DEMO_SLUG}/"
ACTIVITIES = f"{HOME}assurance/"
SIGN_OFFS = f"{ACTIVITIES}sign-offs/"
HOSPITAL = "Demo Hospitals NHS Foundation Trust"
COUNCIL = "Demo Borough Council"
# The agencies' safeguarding leads: the hospital's is a demo account, the council's comes with the casework demo.
AGENCY_LEADS = {HOSPITAL: DEMO_ACCOUNTS["agency_lead"], COUNCIL: f"council.lead@{DEMO_DOMAIN}"}
PARTNERS = ("partner_la", "partner_icb", "partner_police")
CASES_LINK = "The cases, the panel and the agencies' audits"


class Axe:
    """Collects axe's findings on every page checked, so one journey reports them all at the end."""

    def __init__(self):
        self.found = []

    def check(self, page, where):
        violations = run_axe(page)
        if violations:
            self.found.append(format_violations(f"{where} ({page.url})", violations))


def as_person(new_context, who):
    """A page signed in as a demo role (by its name in DEMO_ACCOUNTS) or a demo email address."""
    page = new_context().new_page()
    sign_in(page, DEMO_ACCOUNTS.get(who, who))
    return page


def decide(new_context, role, link_name, *, decline_because="", axe=None):
    page = as_person(new_context, role)
    page.goto(SIGN_OFFS)
    page.get_by_role("link", name=link_name).click()
    if axe is not None:
        axe.check(page, f"sign-off as {role}")
    if decline_because:
        page.get_by_label("I decline it").check()
        page.get_by_label("Comment").fill(decline_because)
    else:
        page.get_by_label("I endorse it").check()
    page.get_by_role("button", name="Record my decision").click()
    banner = "You have declined" if decline_because else "You have endorsed"
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(banner)
    page.context.close()


def propose(page, kind, title, axe=None, **fields):
    """Start an activity of `kind` from the list: `fields` maps a label to the text to type, or to a radio's or a
    select's choice as ("check", label) or ("select", label)."""
    page.goto(ACTIVITIES)
    page.get_by_role("link", name="Propose an activity").click()
    page.get_by_label(kind).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Title").fill(title)
    for label, value in fields.items():
        if isinstance(value, tuple) and value[0] == "check":
            page.get_by_label(value[1]).check()
        elif isinstance(value, tuple) and value[0] == "select":
            page.get_by_label(label).select_option(label=value[1])
        else:
            page.get_by_label(label, exact=True).fill(value)
    if axe is not None:
        axe.check(page, f"propose: {kind}")
    page.get_by_role("button", name="Propose it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return page.url


def task(page, label):
    return page.locator(".govuk-task-list__item", has_text=label)


def expect_done(page, label):
    expect(task(page, label)).to_contain_text("Completed")


def mark_done(page, label, note=""):
    """From the activity's page: follow the next step's link and mark it done."""
    page.get_by_role("link", name=label, exact=True).click()
    if note:
        page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"Done: {label}")


def add_case(page, age_band, agencies):
    page.get_by_role("link", name="Add a case").click()
    page.get_by_label(age_band, exact=True).check()
    for agency in agencies:
        page.get_by_label(agency, exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("added")


def add_to_panel(page, email, role):
    page.get_by_role("link", name="Add someone to the panel").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="Add to the panel").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("added to the panel")


def request_audits(page, axe=None):
    page.get_by_role("link", name="Ask the agencies for their audits").click()
    if axe is not None:
        axe.check(page, "asking for the audits")
    page.get_by_role("button", name="Send the requests").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("requested")


def answer_standard(page):
    """Answer every question on a standard's page: the first choice offered and plain practice text."""
    for group in page.locator("fieldset").all():
        group.locator("input[type=radio], input[type=checkbox]").first.check()
    for box in page.locator("textarea").all():
        box.fill("Records show the concern was shared with the health visitor within a day.")


def complete_audits(new_context, agency, title, expected, axe=None):
    """The agency's lead signs in and writes and submits each of its audits for the activity called `title`."""
    page = as_person(new_context, AGENCY_LEADS[agency])
    page.goto(HOME)
    page.get_by_role("link", name="Our case audits").click()
    rows = page.locator("tr", has_text=title)
    expect(rows).to_have_count(expected)
    if axe is not None:
        axe.check(page, f"our case audits, as {agency}'s lead")
    checked = False
    for _ in range(expected):
        page.locator("tr", has_text=title).filter(has_not_text="Submitted").first.get_by_role("link").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"{agency}'s audit")
        # Each part not yet completed, waiting for each page to load before answering, so no answer is lost.
        while (pending := page.locator(".govuk-task-list__item").filter(has_not_text="Completed")).count():
            with page.expect_navigation():
                pending.first.get_by_role("link").click()
            if axe is not None and not checked:
                axe.check(page, f"a standard of a case audit, as {agency}'s lead")
                checked = True
            answer_standard(page)
            with page.expect_navigation():
                page.get_by_role("button", name="Save and return to the audit").click()
            expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Saved")
        page.get_by_role("button", name="Submit the audit").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("It is now locked")
        page.goto(HOME)
        page.get_by_role("link", name="Our case audits").click()
    expect(page.locator("tr", has_text=title).filter(has_not_text="Submitted")).to_have_count(0)
    page.context.close()


def yesterday_at(page, start, end, where):
    """Fix the dates on the dates page: yesterday, as if recorded afterwards."""
    page.get_by_label("Date", exact=True).fill((date.today() - timedelta(days=1)).isoformat())
    page.get_by_label("Starts at").fill(start)
    page.get_by_label("Ends at").fill(end)
    page.get_by_label("Where (optional)").fill(where)
    page.get_by_role("button", name="Fix the dates").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The dates are fixed")


def test_a_practice_learning_event_with_three_cases_each_audited_by_two_agencies(new_context):
    axe = Axe()
    title = f"Journey practice learning {uuid.uuid4().hex[:6]}"

    # The business team proposes the theme, with the ISO who will lead the panel; the three partners agree it.
    business = as_person(new_context, "business_team")
    activity_url = propose(
        business,
        "Practice learning line-of-sight event",
        title,
        axe,
        Theme="Neglect of children under five: how early signs are noticed and acted on together",
        **{"Independent scrutiny officer (optional)": ("select", "Iris Scrutiny")},
    )
    for role in PARTNERS:
        decide(new_context, role, f"Theme: {title}", axe=axe if role == "partner_la" else None)
    business.goto(activity_url)
    expect_done(business, "Theme agreed by the partners")

    # The cases: from the step, to the activity's casework, where three cases each involve two agencies.
    business.get_by_role("link", name="Cases identified", exact=True).click()
    axe.check(business, "marking the cases identified")
    screenshot(business, "assurance-step-cases-identified")
    business.get_by_role("link", name="Check what has been recorded").click()
    expect(business.get_by_role("heading", level=1)).to_have_text(title)
    casework_url = business.url
    for band in ("Under 1", "1 to 4", "5 to 10"):
        add_case(business, band, [HOSPITAL, COUNCIL])
    expect(business.locator("main")).to_contain_text("3 cases. 0 of 0 audits submitted; 6 not asked for yet")
    add_to_panel(business, DEMO_ACCOUNTS["iso"], "Independent scrutiny officer")
    add_to_panel(business, DEMO_ACCOUNTS["partner_la"], "Chair")
    request_audits(business, axe)
    expect(business.locator("main")).to_contain_text("0 of 6 audits submitted")
    axe.check(business, "an activity's cases, audits asked for")
    business.get_by_role("link", name="The activity's steps, dates and programme").click()
    mark_done(
        business, "Cases identified", note="Three cases, each involving the hospital trust and the council"
    )

    # Each agency's lead writes and submits its own audit of each case.
    complete_audits(new_context, HOSPITAL, title, 3, axe)
    complete_audits(new_context, COUNCIL, title, 3)
    business.goto(casework_url)
    expect(business.locator("main")).to_contain_text("6 of 6 audits submitted")
    business.goto(activity_url)
    mark_done(business, "Case audits requested and returned")

    # The ISO, who leads the panel, reads the audits, writes a line of enquiry and takes the pack.
    iso = as_person(new_context, "iso")
    iso.goto(activity_url)
    screenshot(iso, "assurance-practice-learning-as-its-iso")
    iso.get_by_role("link", name=CASES_LINK).click()
    expect(iso.get_by_role("heading", level=1)).to_have_text(title)
    axe.check(iso, "an activity's cases, as the panel's ISO")
    iso.get_by_role("link", name=re.compile(rf"^{COUNCIL}\W+audit of")).first.click()
    expect(iso.locator("main")).to_contain_text("Records show the concern was shared")
    axe.check(iso, "a returned audit read by the ISO")
    iso.go_back()
    iso.get_by_role("link", name="Lines of enquiry and observations").click()
    iso.get_by_label("Your line of enquiry or observation").fill(
        "What helped the health visitor and the social worker see the same pattern?"
    )
    iso.get_by_role("button", name="Add").click()
    expect(iso.locator(".govuk-notification-banner--success")).to_contain_text("Added to your preparation")
    axe.check(iso, "the panel's preparation")
    screenshot(iso, "casework-panel-preparation")
    with iso.expect_download() as download:
        iso.get_by_role("link", name="Download the panel pack (Word document)").click()
    assert download.value.suggested_filename.endswith(".docx")
    with iso.expect_download() as download:
        iso.get_by_role("link", name="Download the panel pack (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    download.value.save_as(SCREENSHOTS / "casework-panel-pack.pdf")
    assert (SCREENSHOTS / "casework-panel-pack.pdf").read_bytes().startswith(b"%PDF-")

    # The panel is prepared: the step counts the lines of enquiry the panel wrote.
    iso.goto(activity_url)
    mark_done(iso, "Panel prepared: lines of enquiry")
    axe.check(iso, "activity page, panel prepared")

    # Another partner, not on the panel, sees the activity but none of its audits.
    outsider = as_person(new_context, "partner_icb")
    outsider.goto(HOME)
    outsider.get_by_role("link", name="Assurance activities").click()
    outsider.get_by_role("link", name=title).click()
    expect(outsider.get_by_role("heading", level=1)).to_have_text(title)
    expect(outsider.get_by_role("link", name=CASES_LINK)).to_have_count(0)

    assert not axe.found, "\n\n".join(axe.found)


def test_a_case_specific_event_requested_by_the_police_partner(new_context):
    axe = Axe()
    title = f"Journey case-specific event {uuid.uuid4().hex[:6]}"

    # The police partner asks for the event: their request is their endorsement; the other two agree it.
    police = as_person(new_context, "partner_police")
    activity_url = propose(
        police,
        "Case-specific line-of-sight event",
        title,
        axe,
        **{
            "What the event should look at, and why": "How agencies shared what they knew in the weeks "
            "before a young child was admitted to hospital"
        },
    )
    expect(task(police, "Agreed by the partner representatives")).to_contain_text("Waiting for")
    axe.check(police, "activity page, requested")
    decide(new_context, "partner_la", f"Request for a case-specific event: {title}", axe=axe)
    decide(new_context, "partner_icb", f"Request for a case-specific event: {title}")

    # The business team names the agencies involved and convenes it.
    business = as_person(new_context, "business_team")
    business.goto(activity_url)
    expect_done(business, "Agreed by the partner representatives")
    convene = "Convened: the three partners told, the agencies involved invited"
    business.get_by_role("link", name=convene, exact=True).click()
    expect(business.locator(".govuk-inset-text")).to_contain_text(
        "Name the agencies involved in the case first"
    )
    business.get_by_role("link", name="Go to the page where this is done").click()
    business.get_by_label(HOSPITAL).check()
    business.get_by_label(COUNCIL).check()
    business.get_by_label("Independent scrutiny officer").select_option(label="Iris Scrutiny")
    axe.check(business, "changing an activity's details")
    business.get_by_role("button", name="Save the details").click()
    expect(business.locator(".govuk-notification-banner--success")).to_contain_text("Details saved")
    mark_done(business, convene)
    expect_done(business, convene)

    # The three partners are told; the agencies' leads are invited and see the event.
    for role in PARTNERS:
        partner = as_person(new_context, role)
        partner.goto("/notices/")
        expect(partner.locator("main")).to_contain_text(f"is being convened: {title}")
        partner.context.close()
    for agency, email in AGENCY_LEADS.items():
        lead = as_person(new_context, email)
        lead.goto("/notices/")
        lead.get_by_role(
            "link", name=f"Your agency is invited to a case-specific line-of-sight event: {title}"
        ).click()
        expect(lead.get_by_role("heading", level=1)).to_have_text(title)
        if agency == HOSPITAL:
            axe.check(lead, "activity page, as an invited agency's lead")
        lead.context.close()

    # The case, with the agencies already named on the event; the panel; the audits asked for.
    business.get_by_role("link", name=CASES_LINK).click()
    business.get_by_role("link", name="Add a case").click()
    expect(business.get_by_label(HOSPITAL, exact=True)).to_be_checked()
    expect(business.get_by_label(COUNCIL, exact=True)).to_be_checked()
    screenshot(business, "casework-case-form-for-a-case-specific-event")
    business.get_by_label("1 to 4", exact=True).check()
    business.get_by_role("button", name="Save", exact=True).click()
    add_to_panel(business, DEMO_ACCOUNTS["iso"], "Independent scrutiny officer")
    add_to_panel(business, DEMO_ACCOUNTS["partner_police"], "Chair")
    request_audits(business)

    # The audits arrive before the meeting.
    business.goto(activity_url)
    business.get_by_role("link", name="Case audits in before the meeting", exact=True).click()
    expect(business.locator(".govuk-inset-text")).to_contain_text(
        "Not every case audit has been returned yet"
    )
    for agency in AGENCY_LEADS:
        complete_audits(new_context, agency, title, 1)
    business.goto(activity_url)
    mark_done(business, "Case audits in before the meeting")

    # The police partner, who chairs the panel, reads them.
    police.goto(activity_url)
    police.get_by_role("link", name=CASES_LINK).click()
    police.get_by_role("link", name=re.compile(rf"^{HOSPITAL}\W+audit of")).click()
    expect(police.locator("main")).to_contain_text("Records show the concern was shared")

    assert not axe.found, "\n\n".join(axe.found)


def test_an_agency_call_in_recorded_end_to_end(new_context):
    axe = Axe()
    title = f"Journey call-in {uuid.uuid4().hex[:6]}"

    business = as_person(new_context, "business_team")
    activity_url = propose(
        business,
        "Agency call-in",
        title,
        axe,
        Agency=("select", HOSPITAL),
        reason=("check", "A specific issue"),
        **{"More about why (optional)": "Discharge planning for babies known to children's social care"},
        venue=("check", "A subgroup of the partnership"),
    )
    axe.check(business, "activity page, call-in proposed")

    # The questions, then sent: the agency's lead is told.
    business.get_by_role("link", name="Questions sent to the agency", exact=True).click()
    expect(business.locator(".govuk-inset-text")).to_contain_text("Write the questions for the agency first")
    business.get_by_role("link", name="Go to the page where this is done").click()
    business.get_by_label("Which subgroup or meeting (optional)").fill("Quality and performance subgroup")
    business.get_by_label("Questions for the agency").fill(
        "1. How are discharge plans shared with the health visitor?\n2. Who checks that they were?"
    )
    axe.check(business, "the call-in form")
    business.get_by_role("button", name="Save").click()
    mark_done(business, "Questions sent to the agency")

    # The hospital's safeguarding lead answers from the notice.
    lead = as_person(new_context, "agency_lead")
    lead.goto("/notices/")
    lead.get_by_role("link", name=f"Your agency is called in: {title}. Please answer the questions").click()
    expect(lead.locator(".govuk-inset-text")).to_contain_text("How are discharge plans shared")
    lead.get_by_label("Your agency's response").fill(
        "Discharge summaries go to the health visiting team the same day; the ward sister checks weekly."
    )
    axe.check(lead, "responding to a call-in")
    lead.get_by_role("button", name="Save the response").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text("Your response is saved")
    expect_done(lead, "The agency's response received")
    axe.check(lead, "activity page, as the called-in agency's lead")
    lead.context.close()

    # The meeting, its outcome and the follow-up.
    business.goto(activity_url)
    business.get_by_role("link", name="Fix the dates").click()
    yesterday_at(business, "14:00", "15:00", "Council offices")
    business.goto(activity_url)
    mark_done(business, "Call-in meeting held")
    business.get_by_role("link", name="Outcome recorded", exact=True).click()
    business.get_by_role("link", name=re.compile("Check what has been recorded|Go to the page")).click()
    business.get_by_label("Outcome (after the meeting)").fill(
        "The subgroup was assured about same-day sharing"
    )
    business.get_by_role("button", name="Save").click()
    mark_done(business, "Outcome recorded")
    business.get_by_role("link", name="Follow-up agreed and closed", exact=True).click()
    business.get_by_role("link", name=re.compile("Check what has been recorded|Go to the page")).click()
    business.get_by_label("Follow-up (after the meeting)").fill(
        "An audit of discharge summaries in six months"
    )
    business.get_by_role("button", name="Save").click()
    mark_done(business, "Follow-up agreed and closed")
    expect(business.locator(".govuk-summary-list", has_text="Step reached")).to_contain_text(
        "Follow-up agreed and closed"
    )
    expect(business.locator("main")).to_contain_text("An audit of discharge summaries in six months")
    axe.check(business, "activity page, call-in closed")
    screenshot(business, "assurance-call-in-closed")

    assert not axe.found, "\n\n".join(axe.found)


def test_a_peer_reviews_terms_of_reference_signed_off_by_the_three_partners(new_context):
    axe = Axe()
    title = f"Journey peer review {uuid.uuid4().hex[:6]}"

    business = as_person(new_context, "business_team")
    activity_url = propose(
        business,
        "Peer review",
        title,
        axe,
        direction=("check", "We review another area"),
        **{"The other partnership": "Eastmoor Safeguarding Children Partnership"},
    )

    # The terms of reference go to the three partners.
    business.get_by_role("link", name="Scope and terms of reference proposed", exact=True).click()
    business.get_by_label("Scope and terms of reference").fill(
        "Scope: Eastmoor's multi-agency front door. Two days on site, with case discussions."
    )
    axe.check(business, "proposing the terms of reference")
    business.get_by_role("button", name="Ask the partners to endorse it").click()
    expect(task(business, "Terms of reference signed off by the three partners")).to_contain_text(
        "Waiting for"
    )

    # The police partner declines with a reason; the business team revises; all three endorse version 2.
    link = f"Scope and terms of reference: {title}"
    decide(new_context, "partner_la", link)
    decide(
        new_context,
        "partner_police",
        link,
        decline_because="Include how children's views are sought",
        axe=axe,
    )
    business.goto(activity_url)
    expect(business.locator(".govuk-table", has_text="Sign-offs")).to_contain_text("Declined")
    business.get_by_role("link", name="Propose the scope and terms of reference").click()
    business.get_by_label("Scope and terms of reference").fill(
        "Scope: Eastmoor's multi-agency front door, and how children's own views are sought. Two days on site."
    )
    business.get_by_role("button", name="Ask the partners to endorse it").click()
    for role in PARTNERS:
        decide(new_context, role, link)

    business.goto(activity_url)
    expect_done(business, "Terms of reference signed off by the three partners")
    business.get_by_role("link", name="Scope and terms of reference").first.click()
    expect(business.get_by_role("heading", level=1)).to_have_text("Scope and terms of reference (version 2)")
    expect(business.locator("tbody tr")).to_have_count(3)
    expect(business.locator("tbody")).not_to_contain_text("Declined")
    axe.check(business, "a sign-off agreed")
    screenshot(business, "assurance-terms-of-reference-agreed")

    # The next step opens: the review team.
    business.goto(activity_url)
    business.get_by_role("link", name="Review team named", exact=True).click()
    business.get_by_role("link", name=re.compile("Check what has been recorded|Go to the page")).click()
    business.get_by_label("Review team").fill("Our business manager, the ISO and a designated nurse")
    business.get_by_role("button", name="Save").click()
    mark_done(business, "Review team named")
    axe.check(business, "activity page, review team named")

    assert not axe.found, "\n\n".join(axe.found)
