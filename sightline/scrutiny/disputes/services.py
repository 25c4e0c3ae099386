"""Disputes: a disagreement between the safeguarding partners, or between agencies about multi-agency practice,
taken up the partnership's escalation stages until it is resolved. An independent scrutiny officer may be asked
to assist. Its outcome is recorded, and any learning goes to the learning group's next meeting.

    open ──escalate (to a later stage, with a note)──▶ open
     │  ──note──▶ open
     │  ──ask an ISO to assist──▶ open (the ISO now reads it)
     └──resolve (outcome; learning, if any)──▶ resolved (locked)

Each move is a step in the dispute's history and an event in the audit trail, recorded in one transaction. Free
text passes the identifying-details guard (sightline/casework/checking.py): text that looks as if it identifies a
child or family is saved only once its author has confirmed the warning about exactly that text."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.casework.checking import guard_texts
from sightline.core.errors import TransitionError
from sightline.governance import dispute_learning
from sightline.notifications.services import notice_create, send_email_on_commit
from sightline.partnerships.models import Affiliation, Partnership, PartnershipMembership

from ..models import Dispute, DisputeStage, DisputeStep
from .stages import dispute_stages_ensure

Step = DisputeStep.Kind
SUBJECT_LIMIT = 200
TEXT_LIMIT = 10000
# What the guard's warning calls each text, as the forms label it.
LABELS = {
    "subject": "Subject",
    "description": "What the disagreement is about",
    "note": "Note",
    "outcome": "Outcome",
    "learning": "Learning for the learning group",
}
LOCKED = "This dispute is resolved: its record is closed and cannot change"


def _texts(**texts: str) -> dict[str, str]:
    return {LABELS[name]: text for name, text in texts.items()}


def _required(value, message: str, limit: int = TEXT_LIMIT) -> str:
    text = (value or "").strip()
    if not text:
        raise TransitionError(message)
    if len(text) > limit:
        raise TransitionError(f"Keep it under {limit:,} characters")
    return text


def _optional(value, limit: int = TEXT_LIMIT) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise TransitionError(f"Keep it under {limit:,} characters")
    return text


def _step(dispute: Dispute, kind: str, by, note: str = "") -> DisputeStep:
    return DisputeStep.objects.create(
        dispute=dispute, kind=kind, stage=dispute.stage, note=note, by=by if _person(by) else None
    )


def _person(by) -> bool:
    return bool(getattr(by, "is_authenticated", False))


def _parties_named(parties) -> list[str]:
    return sorted(party.name for party in parties)


# Recording -------------------------------------------------------------------------------------------------------


def _check_parties(partnership: Partnership, between: str, parties: list) -> list:
    parties = list({party.pk: party for party in parties}.values())
    if len(parties) < 2:
        raise TransitionError("Choose at least two organisations: a dispute is between two parties or more")
    registered = set(
        Affiliation.objects.filter(
            partnership=partnership, organisation_id__in=[p.pk for p in parties]
        ).values_list("organisation_id", flat=True)
    )
    if any(party.pk not in registered for party in parties):
        raise TransitionError("Choose organisations from this partnership's register")
    if between == Dispute.Between.PARTNERS:
        not_partners = _parties_named(party for party in parties if not party.statutory_partner)
        if not_partners:
            listed = ", ".join(not_partners)
            raise TransitionError(
                f"A dispute between the safeguarding partners is between organisations the register marks as "
                f"statutory partners (the local authority, the integrated care board, the police). {listed} "
                f"{'is' if len(not_partners) == 1 else 'are'} not marked as one: record it as between agencies, "
                "or ask the business team to mark the organisation in the register."
            )
    return parties


def _check_recorder(by, partnership: Partnership, parties: list) -> None:
    if by is None:
        return
    if not policy.records_disputes(by, partnership):
        raise TransitionError(
            "Only the business team, a delegated safeguarding partner or an organisation's safeguarding lead "
            "can record a dispute"
        )
    roles = policy.roles_in(by, partnership)
    if roles & {policy.Role.BUSINESS_TEAM, *policy.DISPUTE_PARTNER_KIND}:
        return
    led = policy.dispute_party_organisations(by, {policy.OrgRole.LEAD})
    if not any(party.pk in led for party in parties):
        raise TransitionError(
            "You can record a dispute your organisation is a party to: include your organisation among the "
            "parties"
        )


@transaction.atomic
def dispute_record(
    *,
    by,
    partnership: Partnership,
    between: str,
    subject: str,
    description: str,
    parties: list,
    stage: DisputeStage | None = None,
    identifiers_confirmation: str = "",
) -> Dispute:
    """Record a disagreement that has reached the partnership's escalation process, with its parties and the stage
    it has reached. Between the safeguarding partners means between organisations the register marks as statutory
    partners; between agencies, about multi-agency practice, any organisations of the register."""
    if between not in Dispute.Between.values:
        raise TransitionError(
            "Choose whether the dispute is between the safeguarding partners or between agencies"
        )
    subject = _required(subject, "Enter the dispute's subject", SUBJECT_LIMIT)
    description = _required(description, "Enter what the disagreement is about")
    parties = _check_parties(partnership, between, parties)
    _check_recorder(by, partnership, parties)
    stages = dispute_stages_ensure(partnership=partnership, by=by)
    if stage is None:
        stage = stages[0]
    elif stage.partnership_id != partnership.pk:
        raise TransitionError("Choose one of this partnership's escalation stages")
    confirmed = guard_texts(
        _texts(subject=subject, description=description), by=by, confirmation=identifiers_confirmation
    )
    dispute = Dispute.objects.create(
        partnership=partnership,
        between=between,
        subject=subject,
        description=description,
        stage=stage,
        raised_by=by if _person(by) else None,
    )
    dispute.parties.set(parties)
    _step(dispute, Step.RAISED, by)
    audit.record(
        actor=by,
        verb="dispute.raised",
        target=dispute,
        partnership=partnership,
        changes={
            "between": between,
            "parties": _parties_named(parties),
            "stage": stage.name,
            **({"identifier_warnings_confirmed": confirmed} if confirmed else {}),
        },
    )
    return dispute


# Moving it on ----------------------------------------------------------------------------------------------------


def _locked(dispute: Dispute, version: int | None) -> Dispute:
    current = (
        Dispute.objects.select_for_update(of=("self",))
        .select_related("partnership", "stage", "assisting_iso")
        .prefetch_related("parties")
        .filter(pk=dispute.pk)
        .first()
    )
    if current is None:
        raise TransitionError("This dispute is no longer on record. Nothing was changed.")
    if current.status == Dispute.Status.RESOLVED:
        raise TransitionError(LOCKED)
    if version is not None and current.version != version:
        raise TransitionError(
            "Someone else moved this dispute on while you were looking at it. Read its history again, then "
            "try once more."
        )
    return current


def _require(by, perm: str, dispute: Dispute, message: str) -> None:
    if by is not None and not by.has_perm(perm, dispute):
        raise TransitionError(message)


def _require_mover(by, dispute: Dispute) -> None:
    _require(
        by,
        "scrutiny.move_dispute",
        dispute,
        "Only the business team, a party's safeguarding lead or the delegated partner for a party can move a "
        "dispute on",
    )


def _save(dispute: Dispute, fields: list[str]) -> None:
    dispute.version += 1
    dispute.updated_at = timezone.now()
    dispute.save(update_fields=[*fields, "version", "updated_at"])


def later_stages(dispute: Dispute) -> list[DisputeStage]:
    return list(
        DisputeStage.objects.filter(
            partnership_id=dispute.partnership_id, order__gt=dispute.stage.order
        ).order_by("order")
    )


@transaction.atomic
def dispute_escalate(
    *,
    by,
    dispute: Dispute,
    note: str,
    stage: DisputeStage | None = None,
    version: int | None = None,
    identifiers_confirmation: str = "",
) -> Dispute:
    """Take the dispute up to the next stage of escalation, or a later one, saying why."""
    dispute = _locked(dispute, version)
    _require_mover(by, dispute)
    later = later_stages(dispute)
    if not later:
        raise TransitionError(
            f"“{dispute.stage.name}” is the last stage of escalation: record the outcome, or add a stage first"
        )
    if stage is None:
        stage = later[0]
    elif stage.pk not in {s.pk for s in later}:
        raise TransitionError(
            f"Choose a stage after “{dispute.stage.name}”: a dispute escalates, it does not go back"
        )
    note = _required(note, "Enter why the dispute is escalated")
    confirmed = guard_texts(_texts(note=note), by=by, confirmation=identifiers_confirmation)
    before = dispute.stage.name
    dispute.stage = stage
    _save(dispute, ["stage"])
    _step(dispute, Step.ESCALATED, by, note)
    audit.record(
        actor=by,
        verb="dispute.escalated",
        target=dispute,
        partnership=dispute.partnership,
        changes={
            "stage": {"before": before, "after": stage.name},
            **({"identifier_warnings_confirmed": confirmed} if confirmed else {}),
        },
    )
    return dispute


@transaction.atomic
def dispute_note_add(*, by, dispute: Dispute, note: str, identifiers_confirmation: str = "") -> DisputeStep:
    """Add a note to the dispute's history at the stage it is at: a meeting held, a position set out."""
    dispute = _locked(dispute, None)
    _require(
        by,
        "scrutiny.note_dispute",
        dispute,
        "Only the business team, a party's safeguarding lead, the delegated partner for a party or the assisting "
        "ISO can add a note",
    )
    note = _required(note, "Enter the note")
    confirmed = guard_texts(_texts(note=note), by=by, confirmation=identifiers_confirmation)
    dispute.updated_at = timezone.now()
    dispute.save(update_fields=["updated_at"])
    step = _step(dispute, Step.NOTE, by, note)
    audit.record(
        actor=by,
        verb="dispute.noted",
        target=dispute,
        partnership=dispute.partnership,
        changes={
            "stage": dispute.stage.name,
            **({"identifier_warnings_confirmed": confirmed} if confirmed else {}),
        },
    )
    return step


@transaction.atomic
def dispute_iso_ask(
    *,
    by,
    dispute: Dispute,
    iso,
    note: str = "",
    version: int | None = None,
    identifiers_confirmation: str = "",
) -> Dispute:
    """Ask one of the partnership's independent scrutiny officers to assist. From now on they read the dispute;
    they are told by a notice and an email (which names neither the parties nor the subject)."""
    dispute = _locked(dispute, version)
    _require_mover(by, dispute)
    if (
        iso is None
        or not PartnershipMembership.objects.filter(
            partnership=dispute.partnership, user=iso, role=PartnershipMembership.Role.ISO
        ).exists()
    ):
        raise TransitionError("Choose one of the partnership's independent scrutiny officers")
    if dispute.assisting_iso_id == iso.pk:
        raise TransitionError(f"{iso} is already assisting with this dispute")
    note = _optional(note)
    confirmed = guard_texts(_texts(note=note), by=by, confirmation=identifiers_confirmation) if note else []
    before = dispute.assisting_iso
    dispute.assisting_iso = iso
    _save(dispute, ["assisting_iso"])
    _step(dispute, Step.ISO_ASKED, by, note)
    audit.record(
        actor=by,
        verb="dispute.iso_asked",
        target=dispute,
        partnership=dispute.partnership,
        changes={
            "assisting_iso": {"before": before.email if before else None, "after": iso.email},
            **({"identifier_warnings_confirmed": confirmed} if confirmed else {}),
        },
    )
    _tell_iso(dispute, iso)
    return dispute


def _tell_iso(dispute: Dispute, iso) -> None:
    url = reverse("dispute_detail", kwargs={"slug": dispute.partnership.slug, "dispute_id": dispute.pk})
    title = f"You are asked to assist with a dispute in {dispute.partnership.name}"
    notice_create(
        user=iso,
        partnership=dispute.partnership,
        title=title,
        body="As the independent scrutiny officer assisting, you can read the dispute and its history and add "
        "notes.",
        url=url,
    )
    send_email_on_commit(
        to=iso.email,
        subject=f"Sightline: {title}",
        template="scrutiny/email/dispute_iso_asked.txt",
        context={"person": iso, "partnership": dispute.partnership, "url": url, "title": title},
    )


@transaction.atomic
def dispute_resolve(
    *,
    by,
    dispute: Dispute,
    outcome: str,
    learning: str = "",
    version: int | None = None,
    identifiers_confirmation: str = "",
) -> Dispute:
    """Record how the dispute was resolved, and close it: from now on its record cannot change. Learning for the
    learning group goes onto the group's next scheduled meeting, or waits for the next one to be scheduled."""
    dispute = _locked(dispute, version)
    _require_mover(by, dispute)
    outcome = _required(outcome, "Enter the outcome: how the dispute was resolved")
    learning = _optional(learning)
    confirmed = guard_texts(
        _texts(outcome=outcome, learning=learning), by=by, confirmation=identifiers_confirmation
    )
    dispute.status = Dispute.Status.RESOLVED
    dispute.outcome, dispute.learning = outcome, learning
    dispute.resolved_on = timezone.localdate()
    _save(dispute, ["status", "outcome", "learning", "resolved_on"])
    _step(dispute, Step.RESOLVED, by, outcome)
    audit.record(
        actor=by,
        verb="dispute.resolved",
        target=dispute,
        partnership=dispute.partnership,
        changes={
            "status": {"before": Dispute.Status.OPEN, "after": Dispute.Status.RESOLVED},
            "stage": dispute.stage.name,
            "with_learning": bool(learning),
            **({"identifier_warnings_confirmed": confirmed} if confirmed else {}),
        },
    )
    dispute_learning.place(dispute=dispute, by=by)
    return dispute
