"""Learning briefings: the business team drafts a briefing (from an assurance activity, a case review, a cycle's
composite, or from nothing), edits it, approves it for the partnership to read, withdraws it for changes with a
reason, and marks an approved one ready for the public site. Each write checks who is asking and records its audit
event in the same transaction.

    draft ──approve──▶ approved ──withdraw (reason)──▶ draft
                          └── ready to publish: yes / no (approved only)
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.casework.checking import guard_texts
from sightline.core.errors import EditConflict, TransitionError
from sightline.partnerships.models import Partnership
from sightline.partnerships.priorities import priorities_tag

from .briefing_sources import prefill
from .models import LearningBriefing
from .models_briefings import SECTION_FIELDS, SECTIONS

EDITABLE_FIELDS = ["title", *SECTION_FIELDS]
# What the guard's warning calls each text, as the form labels it.
LABELS = {"title": "Title"} | {name: f"{n}. {heading}" for n, (name, heading) in enumerate(SECTIONS, start=1)}
Status = LearningBriefing.Status


def _require_business_team(by, partnership: Partnership) -> None:
    if by is not None and not policy.is_business_team(by, partnership):
        raise TransitionError("Only the partnership's business team can draft and approve learning briefings")


def _locked(briefing: LearningBriefing) -> LearningBriefing:
    return (
        LearningBriefing.objects.select_for_update(of=("self",))
        .select_related("partnership")
        .get(pk=briefing.pk)
    )


def _title(value) -> str:
    title = (value or "").strip()
    if not title:
        raise TransitionError("Enter a title for the briefing")
    if len(title) > 200:
        raise TransitionError("Keep the title under 200 characters")
    return title


def _sections(values: dict) -> dict[str, str]:
    return {name: (values.get(name) or "").strip() for name in SECTION_FIELDS if name in values}


def _saved_copy(briefing: LearningBriefing) -> dict:
    """What is saved now, for an editor whose copy is older: every editable field and the version."""
    return audit.snapshot(briefing, [*EDITABLE_FIELDS, "version"])


def _bump(briefing: LearningBriefing, by) -> None:
    briefing.version += 1
    briefing.updated_at = timezone.now()
    briefing.updated_by = by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def briefing_create(
    *,
    by,
    partnership: Partnership,
    title: str,
    source_activity=None,
    source_review=None,
    source_cycle=None,
    identifiers_confirmation: str = "",
    priorities=(),
    **sections,
) -> LearningBriefing:
    """Start a draft briefing. Drafted from a source, its sections begin with what that record holds (see
    `briefing_sources`); a section given here replaces the text the source would give it. A title or section
    given here that looks identifying is saved only once confirmed (sightline/casework/checking.py). `priorities`
    are the partnership's priorities the briefing serves."""
    _require_business_team(by, partnership)
    written = {"title": _title(title)} | _sections(sections)
    confirmed = guard_texts(
        {LABELS[name]: text for name, text in written.items()}, by=by, confirmation=identifiers_confirmation
    )
    sources = [source for source in (source_activity, source_review, source_cycle) if source is not None]
    if len(sources) > 1:
        raise TransitionError("Draft the briefing from one source at most")
    if sources and sources[0].partnership_id != partnership.pk:
        raise TransitionError("Choose a source from this partnership")
    values = dict.fromkeys(SECTION_FIELDS, "") | prefill(
        activity=source_activity, review=source_review, cycle=source_cycle
    )
    values |= _sections(sections)
    briefing = LearningBriefing.objects.create(
        partnership=partnership,
        title=_title(title),
        source_activity=source_activity,
        source_review=source_review,
        source_cycle=source_cycle,
        created_by=by,
        updated_by=by,
        **values,
    )
    tagged = priorities_tag(briefing, partnership=partnership, priorities=priorities)
    audit.record(
        actor=by,
        verb="briefing.created",
        target=briefing,
        partnership=partnership,
        changes={
            "source": briefing.source_label,
            **audit.diff({}, audit.snapshot(briefing, EDITABLE_FIELDS)),
            **tagged,
            **({"identifier_warnings_confirmed": confirmed} if confirmed else {}),
        },
    )
    return briefing


@transaction.atomic
def briefing_update(
    *,
    by,
    briefing: LearningBriefing,
    expected_version: int | None = None,
    identifiers_confirmation: str = "",
    priorities=None,
    **fields,
) -> LearningBriefing:
    """Save changes to a draft, and the priorities it serves (`priorities=None` leaves those alone). With
    `expected_version`, a save from a copy someone has changed since is refused with EditConflict carrying what is
    saved now, so the second editor sees both and loses nothing. A briefing is written to be read beyond the
    partnership: text that looks identifying is saved only once the author has confirmed the warning about exactly
    that text (IdentifyingDetails, sightline/casework/checking.py)."""
    briefing = _locked(briefing)
    _require_business_team(by, briefing.partnership)
    if briefing.status != Status.DRAFT:
        raise TransitionError("An approved briefing cannot be changed: withdraw it for changes first")
    if expected_version is not None and briefing.version != expected_version:
        raise EditConflict(_saved_copy(briefing))
    values = _sections(fields)
    if "title" in fields:
        values["title"] = _title(fields["title"])
    confirmed = guard_texts(
        {LABELS[name]: value for name, value in values.items()}, by=by, confirmation=identifiers_confirmation
    )
    before = audit.snapshot(briefing, EDITABLE_FIELDS)
    for name, value in values.items():
        setattr(briefing, name, value)
    changes = audit.diff(before, audit.snapshot(briefing, EDITABLE_FIELDS))
    changes |= priorities_tag(
        briefing, partnership=briefing.partnership, priorities=priorities, current=briefing.priorities.all()
    )
    if not changes:
        return briefing
    _bump(briefing, by)
    briefing.save()
    if confirmed:
        changes["identifier_warnings_confirmed"] = confirmed
    audit.record(
        actor=by, verb="briefing.updated", target=briefing, partnership=briefing.partnership, changes=changes
    )
    return briefing


def missing_sections(briefing: LearningBriefing) -> list[str]:
    """The headings of the sections still empty: a briefing is approved only with all six written."""
    return [heading for name, heading in SECTIONS if not getattr(briefing, name).strip()]


@transaction.atomic
def briefing_approve(
    *,
    by,
    briefing: LearningBriefing,
    expected_version: int | None = None,
    identifiers_confirmation: str = "",
) -> LearningBriefing:
    """Approve a draft: from now on everyone in the partnership can read it. With `expected_version`, the
    approval is refused if the briefing changed after the approver opened it, so what is approved is what was
    read. The whole briefing passes the guard again, since sections drafted from a source may never have been
    edited: text that looks identifying is approved only once the approver confirms the warning about it."""
    briefing = _locked(briefing)
    _require_business_team(by, briefing.partnership)
    if briefing.status != Status.DRAFT:
        raise TransitionError("This briefing is already approved")
    if expected_version is not None and briefing.version != expected_version:
        raise TransitionError(
            "Someone changed the briefing after you opened it: read the saved version, then approve it"
        )
    missing = missing_sections(briefing)
    if missing:
        raise TransitionError(
            f"Write every section before approving the briefing. Still empty: {', '.join(missing)}"
        )
    confirmed = guard_texts(
        {LABELS[name]: getattr(briefing, name) for name in EDITABLE_FIELDS},
        by=by,
        confirmation=identifiers_confirmation,
    )
    briefing.status = Status.APPROVED
    briefing.approved_by = by if getattr(by, "is_authenticated", False) else None
    briefing.approved_at = timezone.now()
    briefing.withdrawn_reason, briefing.withdrawn_by, briefing.withdrawn_at = "", None, None
    _bump(briefing, by)
    briefing.save()
    audit.record(
        actor=by,
        verb="briefing.approved",
        target=briefing,
        partnership=briefing.partnership,
        changes={
            "status": {"before": Status.DRAFT, "after": Status.APPROVED},
            "version": briefing.version,
            **({"identifier_warnings_confirmed": confirmed} if confirmed else {}),
        },
    )
    return briefing


@transaction.atomic
def briefing_withdraw(*, by, briefing: LearningBriefing, reason: str) -> LearningBriefing:
    """Take an approved briefing back to draft for changes, with the reason. It is no longer ready to publish:
    once changed it needs approving again before the public site may show it."""
    briefing = _locked(briefing)
    _require_business_team(by, briefing.partnership)
    if briefing.status != Status.APPROVED:
        raise TransitionError("Only an approved briefing can be withdrawn: this one is still a draft")
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError("Enter why the briefing is withdrawn for changes")
    was_ready = briefing.ready_to_publish
    briefing.status = Status.DRAFT
    briefing.ready_to_publish, briefing.ready_at = False, None
    briefing.approved_by, briefing.approved_at = None, None
    briefing.withdrawn_reason = reason
    briefing.withdrawn_by = by if getattr(by, "is_authenticated", False) else None
    briefing.withdrawn_at = timezone.now()
    _bump(briefing, by)
    briefing.save()
    audit.record(
        actor=by,
        verb="briefing.withdrawn",
        target=briefing,
        partnership=briefing.partnership,
        changes={
            "status": {"before": Status.APPROVED, "after": Status.DRAFT},
            "reason": reason,
            "was_ready_to_publish": was_ready,
        },
    )
    return briefing


@transaction.atomic
def briefing_set_ready(*, by, briefing: LearningBriefing, ready: bool) -> LearningBriefing:
    """Mark an approved briefing ready (or no longer ready) for the public site, which reads this flag."""
    briefing = _locked(briefing)
    _require_business_team(by, briefing.partnership)
    if briefing.status != Status.APPROVED:
        raise TransitionError("Approve the briefing before marking it ready to publish")
    if briefing.ready_to_publish == ready:
        return briefing
    briefing.ready_to_publish = ready
    briefing.ready_at = timezone.now() if ready else None
    _bump(briefing, by)
    briefing.save()
    audit.record(
        actor=by,
        verb="briefing.marked_ready" if ready else "briefing.marked_not_ready",
        target=briefing,
        partnership=briefing.partnership,
        changes={"ready_to_publish": {"before": not ready, "after": ready}},
    )
    return briefing
