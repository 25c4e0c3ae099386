"""One helper for query budgets: a page must use no more queries with much more data (STYLE.md, Tests)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def assert_flat(client, url: str, grow, *, bound: int) -> None:
    """Count the page's queries, grow the data with `grow()`, count again: both within `bound`, and equal."""
    small = queries_for(client, url)
    grow()
    large = queries_for(client, url)
    assert small <= bound and large <= bound, f"{url}: {small} then {large} queries (bound {bound})"
    assert large == small, f"{url}: queries grew from {small} to {large} with more data"
