"""Full-page screenshots for a person to look at: each role's home page, and the organisation list.

They are written to test-results/screenshots/ (ignored by git). The test fails only if a page does not load.
"""

import pytest

from .support import CHROMIUM, DEMO_ACCOUNTS, DEMO_SLUG, NO_CHROMIUM, SCREENSHOTS, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


@pytest.mark.parametrize("role", DEMO_ACCOUNTS)
def test_screenshot_of_each_role_home_page(role, signed_in_page):
    page = signed_in_page(role)
    response = page.goto("/home/")
    assert response is not None and response.status == 200, (
        f"/home/ as {role}: HTTP {response and response.status}"
    )

    path = screenshot(page, f"home-{role}")

    assert path.stat().st_size > 0


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "narrow"])
def test_screenshot_of_the_organisation_list(width, signed_in_page):
    page = signed_in_page("business_team", viewport={"width": width, "height": 900})
    response = page.goto(f"/p/{DEMO_SLUG}/organisations/")
    assert response is not None and response.status == 200

    path = screenshot(page, f"organisations-business_team-{width}px")

    assert path.parent == SCREENSHOTS and path.stat().st_size > 0
