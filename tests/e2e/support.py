"""Constants and helpers shared by the browser tests (fixtures live in conftest.py)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT_ROOT / "test-results" / "screenshots"

NO_CHROMIUM = f"{CHROMIUM} is not installed: the browser suite needs Debian's chromium package"

DEMO_DOMAIN = "demo.sightline.test"
DEMO_PASSWORD = "try-the-demo-today"  # noqa: S105 - the published demo password (see partnerships/demo/data.py)
DEMO_SLUG = "demo"

# Role name (as it appears in test ids) -> demo account.
DEMO_ACCOUNTS = {
    "business_team": f"business@{DEMO_DOMAIN}",
    "partner_la": f"la.partner@{DEMO_DOMAIN}",
    "partner_icb": f"icb.partner@{DEMO_DOMAIN}",
    "partner_police": f"police.partner@{DEMO_DOMAIN}",
    "iso": f"iso@{DEMO_DOMAIN}",
    "learning_chair": f"splad.chair@{DEMO_DOMAIN}",
    "board_member": f"board.member@{DEMO_DOMAIN}",
    "agency_lead": f"agency.lead@{DEMO_DOMAIN}",
    "school_dsl": f"school.dsl@{DEMO_DOMAIN}",
    "governor": f"governor@{DEMO_DOMAIN}",
    "early_years_lead": f"earlyyears.lead@{DEMO_DOMAIN}",
}


def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real form and check that it worked."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    if "/accounts/login/" in page.url:
        errors = page.locator(".govuk-error-summary").all_inner_texts()
        raise AssertionError(f"Could not sign in as {email}: still on {page.url}. {' '.join(errors)}")


def run_axe(page) -> list[dict]:
    """Inject axe-core and return the page's WCAG 2.2 A/AA violations, trimmed to what a report needs."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
            });
            return results.violations.map(v => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t),
                    html: n.html.slice(0, 200),
                    summary: n.failureSummary,
                })),
            }));
        }"""
    )


def format_violations(where: str, violations: list[dict]) -> str:
    lines = [where]
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"      at {', '.join(node['target'])}")
            lines.append(f"         {node['html']}")
    return "\n".join(lines)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
