"""Where the partnership's reports were presented to other bodies (the framework: the yearly report goes to the
council's Cabinet and scrutiny panel, the ICB's quality committee and the police's management meetings). The
business team keeps the bodies as data, plans each presentation, records it as presented with the outcome and the
minute reference (or cancels it, saying why); the questions the body raised are in questions.py.
Each service is one transaction with its audit event, and refuses anything else with a message that says what to
do."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.audit.models import AuditEvent
from sightline.core.errors import EditConflict, TransitionError
from sightline.partnerships.models import Partnership

from ..models import DEFAULT_BODIES, Presentation, ReportingBody
from .selectors import REPORT_KINDS, presenters_offered, reports_offered

S = Presentation.Status
DEFAULTS_ADDED = "reporting_bodies.defaults_added"
# What an edit may change: the report stays, so a presentation of another report is planned on its own.
EDITABLE = ("body", "on", "presenter", "presenter_name", "outcome", "minute_reference")


def require_business_team(by, partnership) -> None:
    if by is not None and not policy.is_business_team(by, partnership):
        raise TransitionError("Only the partnership's business team can keep the register of presentations")


def cleaned(value, message: str = "") -> str:
    value = (value or "").strip()
    if message and not value:
        raise TransitionError(message)
    return value


# Bodies


def bodies_ensure(*, partnership: Partnership) -> int:
    """Give a partnership the usual bodies (DEFAULT_BODIES) the first time it needs any. A partnership that has
    had them, or named its own, keeps what it has: removing every body does not bring the defaults back."""
    if ReportingBody.objects.filter(partnership=partnership).exists():
        return 0
    if AuditEvent.objects.filter(verb=DEFAULTS_ADDED, partnership_id=partnership.pk).exists():
        return 0
    try:
        with transaction.atomic():
            ReportingBody.objects.bulk_create(
                [
                    ReportingBody(partnership=partnership, name=name, kind=kind)
                    for kind, name in DEFAULT_BODIES
                ]
            )
            audit.record(
                verb=DEFAULTS_ADDED,
                target=partnership,
                partnership=partnership,
                changes={"bodies": [name for _, name in DEFAULT_BODIES]},
            )
    except IntegrityError:  # two pages asked at once, and the other added them (the names are unique)
        return 0
    return len(DEFAULT_BODIES)


def _body_values(partnership, name: str, kind: str, *, body: ReportingBody | None = None) -> tuple[str, str]:
    name = cleaned(name, "Enter the body's name")
    if len(name) > 150:
        raise TransitionError("Keep the body's name under 150 characters")
    if kind not in ReportingBody.Kind.values:
        raise TransitionError("Choose what kind of body it is")
    same = ReportingBody.objects.filter(partnership=partnership, name__iexact=name)
    if body is not None:
        same = same.exclude(pk=body.pk)
    if same.exists():
        raise TransitionError(f"The partnership already has a body called {name}: choose another name")
    return name, kind


@transaction.atomic
def body_add(
    *, by, partnership: Partnership, name: str, kind: str = ReportingBody.Kind.OTHER
) -> ReportingBody:
    require_business_team(by, partnership)
    name, kind = _body_values(partnership, name, kind)
    body = ReportingBody.objects.create(partnership=partnership, name=name, kind=kind)
    audit.record(
        actor=by, verb="reporting_body.added", target=body, partnership=partnership, changes={"kind": kind}
    )
    return body


def _locked_body(body: ReportingBody) -> ReportingBody:
    return ReportingBody.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=body.pk)


@transaction.atomic
def body_update(*, by, body: ReportingBody, name: str, kind: str) -> ReportingBody:
    """Rename a body or change its kind. Its presentations keep it, under its new name."""
    body = _locked_body(body)
    require_business_team(by, body.partnership)
    name, kind = _body_values(body.partnership, name, kind, body=body)
    before = audit.snapshot(body, ["name", "kind"])
    body.name, body.kind = name, kind
    changes = audit.diff(before, audit.snapshot(body, ["name", "kind"]))
    if changes:
        body.save(update_fields=["name", "kind"])
        audit.record(
            actor=by,
            verb="reporting_body.updated",
            target=body,
            partnership=body.partnership,
            changes=changes,
        )
    return body


@transaction.atomic
def body_set_active(*, by, body: ReportingBody, active: bool) -> ReportingBody:
    """Retire a body the partnership no longer reports to (its presentations stay on the register, and no new
    one can be planned there), or bring it back."""
    body = _locked_body(body)
    require_business_team(by, body.partnership)
    if body.active != active:
        body.active = active
        body.save(update_fields=["active"])
        audit.record(
            actor=by,
            verb="reporting_body.reinstated" if active else "reporting_body.retired",
            target=body,
            partnership=body.partnership,
        )
    return body


@transaction.atomic
def body_remove(*, by, body: ReportingBody) -> None:
    """Remove a body added by mistake. One with presentations is part of the record: it can only be retired."""
    body = _locked_body(body)
    require_business_team(by, body.partnership)
    if body.presentations.exists():
        raise TransitionError(
            f"{body.name} has presentations on the register, so it cannot be removed: retire it instead"
        )
    audit.record(actor=by, verb="reporting_body.removed", target=body, partnership=body.partnership)
    body.delete()


# Presentations


def _check(partnership, values: dict, *, today: date, status: str, was: dict | None = None) -> dict:
    """Clean and check a presentation's values; raise TransitionError naming the first problem. A body or a
    presenter that was already on the presentation may stay even if no longer offered (retired, left)."""
    was = was or {}
    body = values.get("body")
    if body is None:
        raise TransitionError("Choose the body the report is presented to")
    # As saved now: a body retired since the form was shown is refused.
    body = ReportingBody.objects.filter(pk=body.pk, partnership=partnership).first()
    if body is None:
        raise TransitionError("Choose one of the partnership's bodies")
    if not body.active and body != was.get("body"):
        raise TransitionError(
            f"{body.name} is retired: choose another body, or bring it back on the bodies page first"
        )
    on = values.get("on")
    if on is None:
        raise TransitionError("Enter the date of the presentation")
    if status == S.HELD and on > today:
        raise TransitionError(
            "Enter the date it was presented: a presentation on record cannot be in the future"
        )
    presenter, name = values.get("presenter"), cleaned(values.get("presenter_name"))
    if presenter is None and not name:
        raise TransitionError("Choose who presents the report, or enter their name")
    if presenter is not None and name:
        raise TransitionError("Choose a person of the partnership or enter a name, not both")
    if len(name) > 200:
        raise TransitionError("Keep the presenter's name under 200 characters")
    if (
        presenter is not None
        and presenter != was.get("presenter")
        and not presenters_offered(partnership=partnership).filter(pk=presenter.pk).exists()
    ):
        raise TransitionError("Choose someone with a role in the partnership, or enter the presenter's name")
    minute = cleaned(values.get("minute_reference"))
    if len(minute) > 100:
        raise TransitionError("Keep the minute reference under 100 characters")
    return {
        **values,
        "body": body,
        "presenter_name": name,
        "outcome": cleaned(values.get("outcome")),
        "minute_reference": minute,
    }


@transaction.atomic
def presentation_plan(
    *,
    by,
    partnership: Partnership,
    body: ReportingBody,
    on: date,
    report_kind: str,
    report,
    presenter=None,
    presenter_name: str = "",
    today: date | None = None,
) -> Presentation:
    """Put a presentation of one of the partnership's reports to a body on the register, as planned."""
    require_business_team(by, partnership)
    today = today or timezone.localdate()
    if report_kind not in REPORT_KINDS:
        raise TransitionError("Choose what kind of report is presented")
    if report is None:
        raise TransitionError(f"Choose the report: {REPORT_KINDS[report_kind].lower()}")
    if not reports_offered(partnership=partnership, kind=report_kind).filter(pk=report.pk).exists():
        raise TransitionError(
            "Choose one of the reports offered: a yearly report, an issued ISO report, a cycle whose "
            "composite was issued or an approved briefing of this partnership"
        )
    values = _check(
        partnership,
        {"body": body, "on": on, "presenter": presenter, "presenter_name": presenter_name},
        today=today,
        status=S.PLANNED,
    )
    presentation = Presentation.objects.create(
        partnership=partnership,
        body=values["body"],
        on=values["on"],
        presenter=values["presenter"],
        presenter_name=values["presenter_name"],
        created_by=by,
        **{report_kind: report},
    )
    audit.record(
        actor=by,
        verb="presentation.planned",
        target=presentation,
        partnership=partnership,
        changes={"body": body.name, "on": on, "report": presentation.report_title},
    )
    return presentation


def locked(presentation: Presentation) -> Presentation:
    return (
        Presentation.objects.select_for_update(of=("self",))
        .select_related("partnership", "body", "presenter")
        .get(pk=presentation.pk)
    )


@transaction.atomic
def presentation_update(
    *,
    by,
    presentation: Presentation,
    expected_version: int | None = None,
    today: date | None = None,
    **fields,
) -> Presentation:
    """Change a planned or presented record: the body, the date, who presents, and once presented the outcome
    and the minute reference. With `expected_version`, an edit from a copy someone has since changed is refused
    with EditConflict, carrying the saved values."""
    presentation = locked(presentation)
    require_business_team(by, presentation.partnership)
    if presentation.status == S.CANCELLED:
        raise TransitionError("This presentation was cancelled: plan a new one instead")
    if expected_version is not None and presentation.version != expected_version:
        raise EditConflict(audit.snapshot(presentation, [*EDITABLE, "version"]))
    fields = {key: value for key, value in fields.items() if key in EDITABLE}
    if presentation.status == S.PLANNED:
        fields = {key: value for key, value in fields.items() if key not in ("outcome", "minute_reference")}
    before = audit.snapshot(presentation, list(EDITABLE))
    values = _check(
        presentation.partnership,
        {**before, **fields},
        today=today or timezone.localdate(),
        status=presentation.status,
        was=before,
    )
    if presentation.status == S.HELD and not (values["outcome"] or values["minute_reference"]):
        raise TransitionError("Enter the outcome or the minute reference of the presentation")
    for key in EDITABLE:
        setattr(presentation, key, values[key])
    changes = audit.diff(before, audit.snapshot(presentation, list(EDITABLE)))
    if not changes:
        return presentation
    presentation.version += 1
    presentation.updated_at = timezone.now()
    presentation.save()
    audit.record(
        actor=by,
        verb="presentation.updated",
        target=presentation,
        partnership=presentation.partnership,
        changes=changes,
    )
    return presentation


@transaction.atomic
def presentation_record(
    *,
    by,
    presentation: Presentation,
    on: date,
    outcome: str = "",
    minute_reference: str = "",
    today: date | None = None,
) -> Presentation:
    """The report was presented: on which day (the date planned, or the day it actually was), what the body
    decided or noted, and where its minutes record it."""
    presentation = locked(presentation)
    require_business_team(by, presentation.partnership)
    if presentation.status != S.PLANNED:
        raise TransitionError(
            "This presentation is already on record as presented"
            if presentation.status == S.HELD
            else "This presentation was cancelled: plan a new one instead"
        )
    today = today or timezone.localdate()
    if on is None:
        raise TransitionError("Enter the date it was presented")
    if on > today:
        raise TransitionError(
            "Enter the date it was presented: a presentation on record cannot be in the future"
        )
    outcome, minute_reference = cleaned(outcome), cleaned(minute_reference)
    if not outcome and not minute_reference:
        raise TransitionError("Enter the outcome or the minute reference of the presentation")
    if len(minute_reference) > 100:
        raise TransitionError("Keep the minute reference under 100 characters")
    planned_on = presentation.on
    presentation.status = S.HELD
    presentation.on = on
    presentation.outcome = outcome
    presentation.minute_reference = minute_reference
    presentation.version += 1
    presentation.updated_at = timezone.now()
    presentation.save()
    audit.record(
        actor=by,
        verb="presentation.presented",
        target=presentation,
        partnership=presentation.partnership,
        changes={"on": on, "planned_on": planned_on, "minute_reference": minute_reference},
    )
    return presentation


@transaction.atomic
def presentation_cancel(*, by, presentation: Presentation, reason: str) -> Presentation:
    """The presentation will not happen. The reason is kept where the outcome would be, and in the trail."""
    presentation = locked(presentation)
    require_business_team(by, presentation.partnership)
    if presentation.status != S.PLANNED:
        raise TransitionError(
            "Only a planned presentation can be cancelled: this one is already "
            + ("on record as presented" if presentation.status == S.HELD else "cancelled")
        )
    reason = cleaned(reason, "Say why the presentation is cancelled")
    presentation.status = S.CANCELLED
    presentation.outcome = reason
    presentation.version += 1
    presentation.updated_at = timezone.now()
    presentation.save()
    audit.record(
        actor=by,
        verb="presentation.cancelled",
        target=presentation,
        partnership=presentation.partnership,
        changes={"reason": reason},
    )
    return presentation
