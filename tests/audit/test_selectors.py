"""The audit trail's selectors read what the page needs, not the whole trail."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sightline.audit.models import AuditEvent
from sightline.audit.selectors import verbs_in
from sightline.audit.services import record

from .. import factories


def test_the_verb_filter_reads_one_row_per_verb_however_many_events(world):
    for _ in range(30):
        record(verb="answers.saved", target=world.agency_a, partnership=world.partnership)
    record(verb="submission.submitted", target=world.agency_a, partnership=world.partnership)
    verbs = set(AuditEvent.objects.filter(partnership=world.partnership).values_list("verb", flat=True))
    with CaptureQueriesContext(connection) as captured:
        shown = verbs_in(partnership=world.partnership)
    assert shown == sorted({verb.split(".")[0] for verb in verbs})
    assert {"answers", "submission"} <= set(shown)
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(query["sql"])
        rows = cursor.fetchall()
    assert len(rows) == len(verbs), f"{len(rows)} rows read for {len(verbs)} verbs"


def test_the_verb_filter_lists_only_this_partnerships_verbs(world):
    other = factories.partnership("elsewhere")
    record(verb="elsewhere.only", target=world.agency_a, partnership=other)
    record(verb="answers.saved", target=world.agency_a, partnership=world.partnership)

    assert "elsewhere" not in verbs_in(partnership=world.partnership)
    assert "elsewhere" in verbs_in(partnership=other)
    assert "answers" not in verbs_in(partnership=other)
