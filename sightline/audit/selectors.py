from datetime import date, datetime, time

from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone

from .models import AuditEvent


def events_for_target(*, target: Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))


def events_in(
    *,
    partnership,
    verb: str = "",
    actor: str = "",
    target: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.filter(partnership=partnership)
    if verb:
        qs = qs.filter(verb__startswith=verb)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if target:
        qs = qs.filter(target_label__icontains=target)
    if since:
        qs = qs.filter(at__gte=timezone.make_aware(datetime.combine(since, time.min)))
    if until:
        qs = qs.filter(at__lte=timezone.make_aware(datetime.combine(until, time.max)))
    return qs


# One index probe per distinct verb of a partnership: each step finds the smallest verb after the last one found.
VERBS_SKIP_SCAN = """
    WITH RECURSIVE verbs(verb) AS (
        SELECT MIN(verb) FROM audit_auditevent WHERE partnership_id = %s
        UNION ALL
        SELECT (SELECT MIN(verb) FROM audit_auditevent WHERE partnership_id = %s AND verb > verbs.verb)
        FROM verbs WHERE verbs.verb IS NOT NULL
    )
    SELECT verb FROM verbs WHERE verb IS NOT NULL
"""


def verbs_in(*, partnership) -> list[str]:
    """The families of verb recorded for the partnership ("answers" for "answers.saved"), for the trail's filter.

    A plain DISTINCT reads every event of the partnership, which grows for ever; this walks the (partnership,
    verb) index from one verb to the next instead, one index probe per distinct verb (a "skip scan"), so the
    filter costs the same at ten thousand events as at ten million."""
    partnership_id = AuditEvent._meta.get_field("partnership").target_field.get_db_prep_value(
        partnership.pk, connection
    )
    with connection.cursor() as cursor:
        cursor.execute(VERBS_SKIP_SCAN, [partnership_id, partnership_id])
        return sorted({verb.split(".")[0] for (verb,) in cursor.fetchall()})
