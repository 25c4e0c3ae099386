"""Sign-off by the three lead partners through the sign-off mechanism, freezing the report with its content hash
when all three agree or returning it to drafting with their reasons; then its publication and dispatch."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from sightline.assurance import endorsements
from sightline.assurance.models_endorsements import EndorsementRequest
from sightline.audit import services as audit
from sightline.core.errors import TransitionError

from ..models import YearlyReport
from .building import content_hash, snapshot
from .common import (
    EDITABLE,
    Status,
    business_team_of,
    locked,
    require_business_team,
    tell,
)


@transaction.atomic
def report_send_for_sign_off(*, by, report: YearlyReport) -> EndorsementRequest:
    """Ask the three delegated safeguarding partners to sign the report off. Every section needs its narrative and
    the ISO's scrutiny must be finished. They are asked to sign exactly this text: its hash is in the request."""
    report = locked(report)
    require_business_team(by, report.partnership)
    if report.status not in EDITABLE:
        raise TransitionError(
            f"The report is {report.get_status_display().lower()}: it cannot be sent for sign-off"
        )
    if report.scrutiny_done_at is None or not report.scrutiny_statement:
        raise TransitionError("The ISO must scrutinise the report and write their statement before sign-off")
    empty = [
        section.kind.title for section in report.sections.select_related("kind") if not section.narrative
    ]
    if empty:
        raise TransitionError("Write every section before sign-off. Still empty: " + "; ".join(empty))
    draft = snapshot(report, signed_off_by=[])
    request = endorsements.endorsement_request(
        by=by,
        yearly_report=report,
        subject=EndorsementRequest.Subject.YEARLY_REPORT,
        text=(
            f"{report.title} (edition {report.edition}), as it stands: content {content_hash(draft)[:16]}. "
            "Read it in full on its page before you decide."
        ),
        parties=endorsements.three_partners(report.partnership),
    )
    report.status = Status.SIGN_OFF
    report.version += 1
    report.updated_at = timezone.now()
    report.save(update_fields=["status", "version", "updated_at"])
    audit.record(
        actor=by,
        verb="yearly_report.sent_for_sign_off",
        target=report,
        partnership=report.partnership,
        changes={"request": str(request.pk), "draft_hash": content_hash(draft)},
    )
    return request


def sign_off_reached(request: EndorsementRequest, before: str) -> None:
    """The listener on the sign-off mechanism: agreed by all three, the report is frozen; declined, it goes back to
    drafting with the reasons. Runs in the deciding partner's transaction."""
    if request.yearly_report_id is None:
        return
    report = locked(request.yearly_report)
    if report.status != Status.SIGN_OFF:
        return
    if request.outcome == EndorsementRequest.Outcome.AGREED:
        _freeze(report, request)
    elif request.outcome == EndorsementRequest.Outcome.DECLINED:
        reasons = [
            f"{party.get_signs_for_display()}: {party.comment}"
            for party in request.parties.all()
            if party.decision == party.Decision.DECLINED
        ]
        report.status = Status.DRAFTING
        report.version += 1
        report.save(update_fields=["status", "version"])
        audit.record(
            verb="yearly_report.returned",
            target=report,
            partnership=report.partnership,
            changes={"reasons": reasons},
        )
        tell(report, business_team_of(report.partnership), f"{report.title} was returned by a lead partner")


def _freeze(report: YearlyReport, request: EndorsementRequest) -> None:
    signed = [
        {
            "name": party.user.get_full_name() or party.user.email,
            "signs_for": party.get_signs_for_display(),
            "at": party.decided_at.isoformat() if party.decided_at else "",
        }
        for party in request.parties.select_related("user").order_by("order")
    ]
    data = snapshot(report, signed_off_by=signed)
    digest = content_hash(data)
    report.frozen, report.content_hash, report.frozen_at = data, digest, timezone.now()
    report.status = Status.SIGNED_OFF
    report.version += 1
    report.save(update_fields=["frozen", "content_hash", "frozen_at", "status", "version"])
    audit.record(
        verb="yearly_report.signed_off",
        target=report,
        partnership=report.partnership,
        changes={
            "content_hash": digest,
            "figures": {
                item["key"]: item["value"] for section in data["sections"] for item in section["figures"]
            },
            "signed_off_by": [row["signs_for"] for row in signed],
        },
    )
    tell(
        report,
        business_team_of(report.partnership),
        f"{report.title} is signed off by the three lead partners",
    )


@transaction.atomic
def report_publish(*, by, report: YearlyReport, published_on: date) -> YearlyReport:
    report = locked(report)
    require_business_team(by, report.partnership)
    if report.status != Status.SIGNED_OFF:
        raise TransitionError("Only a report the three lead partners have signed off can be published")
    if published_on is None or published_on > timezone.localdate():
        raise TransitionError("Give the day it was published: today or earlier")
    if published_on < report.frozen_at.date():
        raise TransitionError("It cannot have been published before it was signed off")
    report.status, report.published_on = Status.PUBLISHED, published_on
    report.version += 1
    report.save(update_fields=["status", "published_on", "version"])
    audit.record(
        actor=by,
        verb="yearly_report.published",
        target=report,
        partnership=report.partnership,
        changes={"published_on": published_on.isoformat(), "content_hash": report.content_hash},
    )
    return report


@transaction.atomic
def report_dispatch_record(
    *, by, report: YearlyReport, sent_to_panel_on: date | None, sent_to_department_on: date | None
) -> YearlyReport:
    """Record when the published report was sent to the national review panel and to the Department for
    Education. A date once recorded stays; each is between publication and today."""
    report = locked(report)
    require_business_team(by, report.partnership)
    if report.status != Status.PUBLISHED:
        raise TransitionError("Record the publication first: a report is sent once it is published")
    if sent_to_panel_on is None and sent_to_department_on is None:
        raise TransitionError("Give at least one date")
    today = timezone.localdate()
    changes = {}
    for name, value in (
        ("sent_to_panel_on", sent_to_panel_on),
        ("sent_to_department_on", sent_to_department_on),
    ):
        if value is None:
            continue
        if value < report.published_on or value > today:
            raise TransitionError(
                "A date it was sent is on or after the day it was published, and not in the future"
            )
        if getattr(report, name) is not None and getattr(report, name) != value:
            raise TransitionError("That date is already recorded")
        setattr(report, name, value)
        changes[name] = value.isoformat()
    report.version += 1
    report.save(update_fields=["sent_to_panel_on", "sent_to_department_on", "version"])
    audit.record(
        actor=by,
        verb="yearly_report.dispatched",
        target=report,
        partnership=report.partnership,
        changes=changes,
    )
    return report
