"""Calendar invitations sent by email: one person's iTIP message about an activity (a REQUEST when the programme
is sent, a CANCEL when the activity is withdrawn afterwards), and the withdrawal's emails. The caller passes the
activity's address, so this module needs nothing from the services that call it."""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from sightline.audit import services as audit
from sightline.notifications.services import Attachment, notice_create, send_email_on_commit

from . import ics
from .models import Activity


def invitation(activity: Activity, person, *, url: str, items=(), method: str = "REQUEST") -> Attachment:
    """One person's calendar message, from the partnership, naming that person alone as its attendee, so no one's
    address is shown to the others. `url` is the activity's page (a path)."""
    event = ics.activity_event(
        activity,
        url=f"{settings.SITE_URL}{url}",
        programme=items,
        organizer=(activity.partnership.name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]),
        attendees=[(str(person), person.email)],
    )
    return Attachment(
        filename=f"{slugify(activity.title)[:60] or 'invitation'}.ics",
        content_type=f"text/calendar; method={method}",
        content=ics.calendar([event], method=method),
    )


def invitations_cancel(activity: Activity, *, by, url: str) -> None:
    """Withdrawn after its programme went out: each person invited is told, and the attached iTIP CANCEL (RFC 5546
    3.2.5, a higher SEQUENCE than the last invitation) takes the event out of their calendar."""
    if not activity.invitation_sequence or activity.starts_at is None:
        return
    invited = list(
        activity.participants.filter(invited_at__isnull=False, user__is_active=True).select_related("user")
    )
    if not invited:
        return
    activity.invitation_sequence += 1
    activity.save(update_fields=["invitation_sequence"])
    title = f"Withdrawn: {activity.title}"
    for participant in invited:
        person = participant.user
        notice_create(user=person, partnership=activity.partnership, title=title, url=url)
        send_email_on_commit(
            to=person.email,
            subject=f"Sightline: {title}",
            template="assurance/email/withdrawn.txt",
            context={
                "person": person,
                "activity": activity,
                "url": url,
                "starts": timezone.localtime(activity.starts_at),
            },
            attachments=[invitation(activity, person, url=url, method="CANCEL")],
        )
    audit.record(
        actor=by,
        verb="activity.invitations_cancelled",
        target=activity,
        partnership=activity.partnership,
        changes={"to": len(invited), "sequence": activity.invitation_sequence},
    )
