import time
import pytest
from .support import DEMO_ACCOUNTS, sign_in, run_axe
from .test_axe import _crawl
pytestmark = pytest.mark.e2e

@pytest.mark.parametrize("role", ["business_team", "governor"])
def test_debug(role, new_context, server):
    page = new_context().new_page()
    t = time.monotonic()
    sign_in(page, DEMO_ACCOUNTS[role])
    print("signin", time.monotonic() - t, page.url)
    t = time.monotonic()
    visited, problems = _crawl(page, server)
    print(role, len(visited), time.monotonic() - t)
    for v in visited: print("  ", v)
    print(problems)
    page.set_content("<html><body><img src='x.png'><button></button></body></html>")
    print(run_axe(page))
