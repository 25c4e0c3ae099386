"""Two posts of the same form in two processes at once, on PostgreSQL: exactly one runs, and the other answers with
where the first went once it has finished (ADR 0011). SQLite takes one writer at a time, so cannot race."""

import threading
import time

import pytest
from django.db import connection, connections
from django.http import HttpResponseRedirect

from sightline.core import once
from sightline.core.models import FormToken

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent claims need PostgreSQL (SQLite has one writer)"
)

RACES = 10
FIRST_WENT_TO = "/p/test/improvement/plans/"


def _in_threads(*works):
    """Run each in a thread of its own, started together: each connection commits for real, as processes do."""
    barrier = threading.Barrier(len(works))
    outcomes: list = [None] * len(works)

    def run(index, work):
        try:
            barrier.wait()
            outcomes[index] = work()
        except BaseException as error:  # noqa: BLE001 - raised again in the test's thread
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, work)) for i, work in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
    return outcomes


def _post(token: str):
    sent = once._claim(token)
    if sent is not None:
        return ("answered", sent.used_at is not None, sent.location)
    time.sleep(0.2)  # the view runs and adds its record
    once._use(token, HttpResponseRedirect(FIRST_WENT_TO))
    return ("ran",)


@pytest.fixture
def tokens(db):
    made = [once.token_new() for _ in range(RACES)]
    yield made
    _in_threads(lambda: FormToken.objects.filter(token__in=made).delete())


def test_of_two_racing_posts_one_runs_and_the_other_goes_where_it_went(tokens):
    for token in tokens:
        outcomes = _in_threads(lambda token=token: _post(token), lambda token=token: _post(token))
        assert sorted(outcomes) == [("answered", True, FIRST_WENT_TO), ("ran",)]
