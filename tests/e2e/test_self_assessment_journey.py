"""The three yearly self-assessments from launch to acceptance, in the browser, with axe on every page on the way:
the business team launches them; an NHS trust, a school and a nursery complete, sign off and submit; one return
is challenged, answered and resubmitted; all are accepted; the composite report and its Word download follow."""

import pytest

from .support import CHROMIUM, NO_CHROMIUM, format_violations, run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

CYCLES = {
    "section11": (
        "Joint Section 11 and adults' safeguarding self-assessment (version 1)",
        "Section 11 journey 2026",
        ["nhs_trust"],
        "",
    ),
    "schools": (
        "Schools, colleges and alternative provision safeguarding audit (KCSIE 2025) (version 1)",
        "Schools audit journey 2026",
        ["school"],
        "Designated safeguarding lead, Chair of governors",
    ),
    "early_years": (
        "Early years safeguarding audit (EYFS 2025) (version 1)",
        "Early years audit journey 2026",
        ["early_years_group"],
        "",
    ),
}


class Axe:
    def __init__(self):
        self.found = []

    def check(self, page, where):
        violations = run_axe(page)
        if violations:
            self.found.append(format_violations(f"{where} ({page.url})", violations))


def launch(business, axe, template_label, title, types, sign_off_by):
    business.goto("/p/demo/self-assessments/new/")
    business.select_option("select[name=template]", label=template_label)
    business.fill("input[name=title]", title)
    for kind in types:
        business.check(f"input[name=audience_types][value={kind}]")
    business.fill("input[name=opens_on]", "2026-11-01")
    business.fill("input[name=closes_on]", "2027-03-31")
    business.fill("input[name=sign_off_by]", sign_off_by)
    business.click("main button[type=submit]")
    axe.check(business, f"draft {title}")
    business.click("text=Open the cycle and tell the organisations")
    assert "is open" in business.content()


def complete_standard(page):
    """Answer every question on a standard page: the first choice of each radio group, words in each box."""
    names = page.eval_on_selector_all(
        "main form input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    )
    for name in names:
        page.check(f"main form input[type=radio][name='{name}'] >> nth=0")
    for box in page.locator("main form textarea").all():
        if box.get_attribute("name") not in ("what", "response"):
            box.fill("We check this every quarter and report it to the board.")
    for date in page.locator("main form input[type=date]").all():
        if date.get_attribute("name") != "due_on":
            date.fill("2026-10-01")
    page.click("text=Save and return to the overview")
    # htmx sends the form in the background, so wait for the overview it brings back rather than a navigation.
    page.locator(".govuk-notification-banner", has_text="Saved:").wait_for()


def complete_return(page, axe, cycle_title, organisation, action=False):
    page.goto("/home/")
    page.click(f"text={cycle_title} for {organisation}")
    axe.check(page, f"return overview, {organisation}")
    overview = page.url
    for index in range(page.locator(".govuk-task-list__link").count()):
        page.goto(overview)
        page.locator(".govuk-task-list__link").nth(index).click()
        if index == 0:
            axe.check(page, f"standard page, {organisation}")
            if action:
                page.fill("textarea[name=what]", "Report safeguarding to the board every quarter")
                page.fill("input[name=lead]", "Named nurse")
                page.fill("input[name=due_on]", "2027-06-30")
                page.click("text=Add action")
                assert "Action added" in page.content()
        complete_standard(page)
    page.goto(overview)
    page.click("text=Send for sign-off")
    assert "ready for sign-off" in page.content(), page.content()[:2000]
    return overview


def sign_off(page, overview, office_index, role, axe=None):
    page.goto(overview)
    page.click("text=Sign off this return")
    if axe:
        axe.check(page, "sign-off page")
    page.check(f"input[name=office] >> nth={office_index}")
    page.fill("input[name=role]", role)
    page.check("input[name=confirm]")
    page.click("main form button[type=submit]")
    assert "Signed off" in page.content()


def submit(page, overview):
    page.goto(overview)
    page.click("text=Submit to the partnership")
    assert "Submitted" in page.content()


def accept(business, cycle_title, organisation):
    business.goto("/p/demo/self-assessments/")
    business.click(f"text={cycle_title}")
    business.click(f"text={organisation}")
    business.click("text=Accept the return")
    assert "Accepted" in business.content()


def test_three_cycles_from_launch_to_acceptance(signed_in_page):
    axe = Axe()
    business = signed_in_page("business_team")
    business.goto("/p/demo/self-assessments/new/")
    business.click("main button[type=submit]")  # empty: the error summary appears and nothing is made
    assert "There is a problem" in business.content()
    axe.check(business, "cycle form with errors")
    for template_label, title, types, sign_off_by in CYCLES.values():
        launch(business, axe, template_label, title, types, sign_off_by)
    axe.check(business, "open cycle tracking")

    s11_title, schools_title, ey_title = (CYCLES[key][1] for key in ("section11", "schools", "early_years"))
    agency = signed_in_page("agency_lead")
    s11 = complete_return(agency, axe, s11_title, "Demo Hospitals", action=True)
    sign_off(agency, s11, 0, "Named nurse for safeguarding children", axe)
    submit(agency, s11)

    school = signed_in_page("school_dsl")
    schools = complete_return(school, axe, schools_title, "Ashgrove Primary School")
    sign_off(school, schools, 0, "Designated safeguarding lead")
    governor = signed_in_page("governor")
    sign_off(governor, schools, 1, "Chair of governors")
    submit(school, schools)

    nursery = signed_in_page("early_years_lead")
    early_years = complete_return(nursery, axe, ey_title, "Acorn Day Nursery")
    sign_off(nursery, early_years, 0, "Nursery manager")
    submit(nursery, early_years)

    # The business team challenges the Section 11 return; the trust answers, signs off again and resubmits.
    business.goto("/p/demo/self-assessments/")
    business.click(f"text={s11_title}")
    business.click("text=Demo Hospitals NHS Foundation Trust")
    business.click("text=Return it with challenge")
    axe.check(business, "challenge page")
    business.locator("main form textarea").first.fill("How do you know the board acts on the report?")
    business.click("text=Return to the organisation")
    assert "Returned with challenge" in business.content()
    agency.goto(s11)
    assert "has questions on 1 standard" in agency.content()
    agency.locator(".govuk-task-list__link").first.click()
    agency.fill("textarea[name=response]", "The minutes of June's board show the actions it agreed.")
    agency.click("text=Save response")
    agency.goto(s11)
    agency.click("text=Send for sign-off")
    sign_off(agency, s11, 0, "Named nurse for safeguarding children")
    submit(agency, s11)

    accept(business, s11_title, "Demo Hospitals NHS Foundation Trust")
    accept(business, schools_title, "Ashgrove Primary School")
    accept(business, ey_title, "Acorn Day Nursery")

    # The composite is there at once, with its Word report for the board.
    business.goto("/p/demo/self-assessments/")
    business.click(f"text={s11_title}")
    business.click("text=View the composite report")
    assert "Returns counted" in business.content()
    axe.check(business, "composite report")
    business.check("input[value=composite_docx]")
    business.click("text=Prepare the download")
    axe.check(business, "export status")
    with business.expect_download() as download:
        business.click("a[download]")
    assert download.value.suggested_filename.endswith(".docx")

    # Six months on: the composite has gone to the board, the progress round opens, the trust updates its action.
    business.goto("/p/demo/self-assessments/")
    business.click(f"text={s11_title}")
    for step in (
        "Close the cycle",
        "Record that the composite report has gone to the board",
        "Open the progress round",
    ):
        business.click(f"text={step}")
        assert "There is a problem" not in business.content(), step
    agency.goto("/home/")
    agency.click("text=Update progress on")
    axe.check(agency, "progress update page")
    agency.check("main form input[name$='progress'] >> nth=1")
    agency.check("main form input[name$='rag'] >> nth=0")
    agency.locator("main form textarea").first.fill("The first quarterly report went to the board in May.")
    agency.locator("main form button[type=submit]").first.click()
    assert "There is a problem" not in agency.content()
    business.click("text=View the progress report")
    axe.check(business, "progress report")
    assert "Demo Hospitals NHS Foundation Trust" in business.content()
    assert not axe.found, "\n".join(axe.found)
