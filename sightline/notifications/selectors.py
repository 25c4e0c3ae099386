from django.db.models import QuerySet

from .models import Notice


def notices_for(*, user) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user).select_related("partnership")


def unread_count(*, user) -> int:
    cached = getattr(user, "_unread_notices", None)
    if cached is None:
        cached = user._unread_notices = Notice.objects.filter(user=user, read_at__isnull=True).count()
    return cached
