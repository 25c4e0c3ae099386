"""`verify_audit_log` run again and again while writers append to the chain on PostgreSQL: every run passes. Before
verification read the head first, a run that overlapped a write reported "events after this one were removed"."""

import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from sightline.audit.models import ChainHead
from sightline.audit.services import record

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL (SQLite has one writer)"
)

WRITERS = 8
RUNS = 20


def _in_own_connection(work):
    """Run `work` in a thread of its own: its connection commits for real, outside the test's transaction, as the
    app's processes and `verify_audit_log` do."""
    outcome = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as error:  # noqa: BLE001 - raised again in the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _write_until(stop: threading.Event, failures: list) -> None:
    try:
        n = 0
        while not stop.is_set():
            with transaction.atomic():
                record(verb="test.under_load", target_label=f"write {n}")
                # A service holds the head until its transaction commits; so does this writer, briefly.
                time.sleep(0.002)
            n += 1
    except Exception as error:  # noqa: BLE001 - reported by the test, which must not hang on a dead writer
        failures.append(repr(error))
    finally:
        connections.close_all()


def _head() -> tuple[int, str]:
    return ChainHead.objects.values_list("seq", "hash").get(pk=1)


def _put_back(start: tuple[int, str]) -> None:
    """Remove the events written here behind the triggers' back, as their owner can, and put the head back."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("DELETE FROM audit_auditevent WHERE seq > %s", [start[0]])
        cursor.execute("UPDATE audit_chainhead SET seq = %s, hash = %s WHERE id = 1", list(start))


@pytest.fixture
def start(db):
    """The head before the test; the events committed during it are removed afterwards, so later tests start
    from the same chain."""
    head = _in_own_connection(_head)
    yield head
    _in_own_connection(lambda: _put_back(head))


def _verify_while_writing(writer_failures: list) -> tuple[int, int, list[str]]:
    passed, overlapped, failures = 0, 0, []
    deadline = time.monotonic() + 120
    while overlapped < RUNS and time.monotonic() < deadline and not writer_failures:
        before = _head()[0]
        try:
            call_command("verify_audit_log", stdout=io.StringIO())
            passed += 1
        except Exception as error:  # noqa: BLE001 - every failure is collected and shown
            failures.append(str(error))
        overlapped += _head()[0] > before  # the chain grew while this run verified it
    return passed, overlapped, failures


def test_verification_passes_every_time_while_writers_append(start):
    stop, writer_failures = threading.Event(), []
    writers = [threading.Thread(target=_write_until, args=(stop, writer_failures)) for _ in range(WRITERS)]
    for writer in writers:
        writer.start()
    try:
        passed, overlapped, failures = _in_own_connection(lambda: _verify_while_writing(writer_failures))
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=30)
    assert not writer_failures, writer_failures[:3]
    runs = passed + len(failures)
    assert not failures, f"{len(failures)} of {runs} runs failed while writing: {failures[:3]}"
    assert overlapped >= RUNS, f"only {overlapped} runs overlapped a write"
    # After the writers stop, the whole chain, every event they wrote included, verifies.
    _in_own_connection(lambda: call_command("verify_audit_log", stdout=io.StringIO()))
    assert _in_own_connection(_head)[0] > start[0] + RUNS
