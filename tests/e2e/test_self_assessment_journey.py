"""A self-assessment from launch to acceptance, in the browser, with axe on every page on the way."""

import pytest

from .support import CHROMIUM, NO_CHROMIUM, format_violations, run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

CYCLE = "Section 11 journey 2026"


def check(page, where, found):
    violations = run_axe(page)
    if violations:
        found.append(format_violations(f"{where} ({page.url})", violations))


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
    page.click("text=Save and return to the overview")


def test_launch_complete_challenge_and_accept(signed_in_page):
    found = []
    business = signed_in_page("business_team")
    business.goto("/p/demo/self-assessments/new/")
    business.click("main button[type=submit]")  # empty: the error summary appears, nothing is made
    assert "There is a problem" in business.content()
    check(business, "cycle form with errors", found)
    business.select_option(
        "select[name=template]", label="Joint Section 11 and adults' safeguarding self-assessment (version 1)"
    )
    business.fill("input[name=title]", CYCLE)
    business.check("input[name=audience_types][value=nhs_trust]")
    business.fill("input[name=opens_on]", "2026-11-01")
    business.fill("input[name=closes_on]", "2027-03-31")
    business.click("main button[type=submit]")
    check(business, "draft cycle", found)
    business.click("text=Open the cycle and tell the organisations")
    assert "is open" in business.content()
    check(business, "open cycle tracking", found)

    lead = signed_in_page("agency_lead")
    lead.goto("/home/")
    lead.click(f"text={CYCLE} for Demo Hospitals")
    check(lead, "return overview", found)
    overview = lead.url
    links = lead.locator(".govuk-task-list__link")
    for index in range(links.count()):
        lead.goto(overview)
        lead.locator(".govuk-task-list__link").nth(index).click()
        if index == 0:
            check(lead, "standard page", found)
        complete_standard(lead)
        assert "Saved:" in lead.content(), lead.url
    lead.goto(overview)
    lead.click("text=Send for sign-off")
    assert "ready for sign-off" in lead.content()
    lead.click("text=Sign off this return")
    check(lead, "sign-off page", found)
    lead.check("input[name=office] >> nth=0")
    lead.fill("input[name=role]", "Named nurse for safeguarding children")
    lead.check("input[name=confirm]")
    lead.click("main form button[type=submit]")
    lead.click("text=Submit to the partnership")
    assert "Submitted" in lead.content()

    business.goto("/p/demo/self-assessments/")
    business.click(f"text={CYCLE}")
    business.click("text=Demo Hospitals NHS Foundation Trust")
    business.click("text=Return it with challenge")
    check(business, "challenge page", found)
    business.locator("main form textarea").first.fill("How do you know the board acts on the report?")
    business.click("text=Return to the organisation")
    assert "Returned with challenge" in business.content()

    lead.goto(overview)
    assert "has questions on 1 standard" in lead.content()
    lead.locator(".govuk-task-list__link").first.click()
    lead.fill("textarea[name=response]", "The minutes of June's board show the actions it agreed.")
    lead.click("text=Save response")
    lead.goto(overview)
    lead.click("text=Send for sign-off")
    lead.click("text=Sign off this return")
    lead.check("input[name=office] >> nth=0")
    lead.fill("input[name=role]", "Named nurse for safeguarding children")
    lead.check("input[name=confirm]")
    lead.click("main form button[type=submit]")
    lead.click("text=Submit to the partnership")

    business.reload()
    business.click("text=Accept the return")
    assert "Accepted" in business.content()
    assert not found, "\n".join(found)
