"""The panel of an activity and its preparation. The business team names the panel (its chair, members and the
ISO who leads it); the panel is the access list for the activity's returned case audits. Each member prepares
lines of enquiry and reflective observations for the event."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.notifications.services import notice_create
from sightline.partnerships.models import PartnershipMembership

from .cases import require_business_team, require_open
from .checking import guard_texts
from .models import Case, PanelMember, PanelNote

MAX_NOTE_LENGTH = 5000
NOTE_LABEL = "Your line of enquiry or observation"  # as the form labels it, so a warning says where


@transaction.atomic
def panel_member_add(*, by, activity, user, role: str) -> PanelMember:
    require_business_team(by, activity)
    require_open(activity)
    if role not in PanelMember.Role.values:
        raise TransitionError("Choose the person's role on the panel")
    if not policy.belongs_to_partnership(user, activity.partnership):
        raise TransitionError("Choose someone with a role in this partnership or one of its organisations")
    if (
        role == PanelMember.Role.ISO
        and not PartnershipMembership.objects.filter(
            user=user, partnership=activity.partnership, role=PartnershipMembership.Role.ISO
        ).exists()
    ):
        raise TransitionError(f"{user} is not one of the partnership's independent scrutiny officers")
    if PanelMember.objects.filter(activity=activity, user=user).exists():
        raise TransitionError(f"{user} is already on the panel")
    member = PanelMember.objects.create(activity=activity, user=user, role=role, added_by=by)
    audit.record(
        actor=by,
        verb="panel_member.added",
        target=activity,
        partnership=activity.partnership,
        changes={"person": user.email, "role": role},
    )
    notice_create(
        user=user,
        partnership=activity.partnership,
        title=f"You are on the panel of {activity.title} ({member.get_role_display().lower()})",
        body="You can read the agencies' case audits as they are returned, and prepare your lines of enquiry.",
        url=reverse(
            "activity_casework", kwargs={"slug": activity.partnership.slug, "activity_id": activity.pk}
        ),
    )
    return member


@transaction.atomic
def panel_member_remove(*, by, member: PanelMember) -> None:
    activity = member.activity
    require_business_team(by, activity)
    require_open(activity)
    audit.record(
        actor=by,
        verb="panel_member.removed",
        target=activity,
        partnership=activity.partnership,
        changes={"person": member.user.email, "role": member.role},
    )
    member.delete()


def _require_on_panel(by, activity) -> None:
    if not policy.on_open_panel(by, activity):
        raise TransitionError("Only the members of this activity's panel prepare for it")


@transaction.atomic
def panel_note_add(
    *, by, activity, kind: str, text: str, case: Case | None = None, identifiers_confirmation: str = ""
) -> PanelNote:
    """A panel member adds a line of enquiry or a reflective observation. Text that looks identifying is saved
    only once the author has checked it and confirmed the warning about exactly this text."""
    _require_on_panel(by, activity)
    if kind not in PanelNote.Kind.values:
        raise TransitionError("Choose a line of enquiry or a reflective observation")
    text = text.strip()
    if not text:
        raise TransitionError("Enter the line of enquiry or observation")
    if len(text) > MAX_NOTE_LENGTH:
        raise TransitionError("Keep it under 5,000 characters")
    if case is not None and case.activity_id != activity.pk:
        raise TransitionError("Choose one of this activity's cases")
    overridden = guard_texts({NOTE_LABEL: text}, by=by, confirmation=identifiers_confirmation)
    note = PanelNote.objects.create(activity=activity, author=by, kind=kind, case=case, text=text)
    audit.record(
        actor=by,
        verb="panel_note.added",
        target=activity,
        partnership=activity.partnership,
        changes={
            "kind": kind,
            "case": case.reference if case else "",
            "identifier_warnings_confirmed": overridden,
        },
    )
    return note


@transaction.atomic
def panel_note_remove(*, by, note: PanelNote) -> None:
    if note.author_id != by.pk:
        raise TransitionError("Only the person who wrote it can remove it")
    _require_on_panel(by, note.activity)
    audit.record(
        actor=by,
        verb="panel_note.removed",
        target=note.activity,
        partnership=note.activity.partnership,
        changes={"kind": note.kind},
    )
    note.delete()
