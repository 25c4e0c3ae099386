from datetime import date, datetime, time

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


def verbs_in(*, partnership) -> list[str]:
    # order_by() drops the model's ordering by -seq, which DISTINCT would otherwise include, returning one row
    # per event instead of one per verb.
    return sorted(
        {
            verb.split(".")[0]
            for verb in AuditEvent.objects.filter(partnership=partnership)
            .order_by()
            .values_list("verb", flat=True)
            .distinct()
        }
    )
