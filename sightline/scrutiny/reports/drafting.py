"""Writing ISO reports (framework section 4: the ISOs "prepare written reports" and report their recommendations to
the safeguarding partners). An ISO drafts a report in a partnership they serve, on one activity they may read, a
theme, the review arrangements, leadership, or their yearly scrutiny of the arrangements, and adds numbered
recommendations, each addressed to organisations of the partnership's register with a date to respond by.

    draft ──issue──▶ issued (the text is locked; each addressee is asked for its response)

Every saved change to a draft is the next draft (`draft`), its text kept in the audit trail, and bumps `version`,
so a change made from an out-of-date page is refused rather than lost. While drafting, a recommendation's
addressees are kept as its response rows (the only place the model keeps them); nobody sees or answers them until
the report is issued."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.casework.checking import guard_texts
from sightline.core.errors import EditConflict, TransitionError
from sightline.partnerships.models import Organisation, Partnership, Priority

from ..models import IsoReport, RecommendationResponse
from .notices import report_issued_notify

Kind = IsoReport.Kind
EDITABLE_FIELDS = ["kind", "activity", "title", "summary", "body"]
MAX_TITLE = 200
MAX_TEXT = 50_000
STALE = (
    "Someone changed this report after you opened the page. Reload it to see their change: what you typed is "
    "still in the form."
)


def _locked(report: IsoReport) -> IsoReport:
    found = (
        IsoReport.objects.select_for_update(of=("self",))
        .select_related("partnership", "author", "activity")
        .filter(pk=report.pk)
        .first()
    )
    if found is None:
        raise TransitionError("This report no longer exists. Nothing was changed.")
    return found


def _require_author(by, report: IsoReport) -> None:
    if by is not None and not policy.is_report_author(by, report):
        raise TransitionError("Only the independent scrutiny officer who wrote this report can change it")


def _require_draft(report: IsoReport) -> None:
    if not report.is_draft:
        raise TransitionError(
            "This report has been issued: its text and recommendations can no longer change"
        )


def _text(value, message: str, *, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if not value:
        raise TransitionError(message)
    if len(value) > limit:
        raise TransitionError(f"Keep it to {limit:,} characters or fewer")
    return value


def _optional(value, *, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise TransitionError(f"Keep each text to {limit:,} characters or fewer")
    return value


def _cleaned(
    *, by, partnership: Partnership, kind, activity, title, summary, body, priorities, confirmation: str = ""
) -> dict:
    """The report's fields as they will be saved, or a refusal that says what to put right. The report is read
    across the partnership and presented to other bodies, so its text passes the identifying-details guard: a
    finding stops the save until the text is changed or the officer confirms it (casework/checking.py)."""
    if kind not in Kind.values:
        raise TransitionError("Choose what the report is on")
    if kind == Kind.ACTIVITY:
        if activity is None:
            raise TransitionError("Choose the assurance activity the report is on")
        if activity.partnership_id != partnership.pk or (
            by is not None and not policy.sees_activity(by, activity)
        ):
            raise TransitionError("Choose an assurance activity of this partnership that you are assigned to")
    else:
        activity = None
    chosen = list(priorities or [])
    if any(priority.partnership_id != partnership.pk for priority in chosen):
        raise TransitionError("Choose priorities of this partnership")
    values = {
        "kind": kind,
        "activity": activity,
        "title": _text(title, "Enter a title for the report", limit=MAX_TITLE),
        "summary": _optional(summary),
        "body": _optional(body),
        "priorities": chosen,
    }
    guard_texts(
        {"Title": values["title"], "Summary": values["summary"], "What you found": values["body"]},
        by=by,
        confirmation=confirmation,
    )
    return values


def _priority_titles(priorities: Iterable[Priority]) -> list[str]:
    return sorted(priority.title for priority in priorities)


@transaction.atomic
def report_create(
    *,
    by,
    partnership: Partnership,
    kind: str,
    title: str,
    activity=None,
    summary: str = "",
    body: str = "",
    priorities: Iterable[Priority] = (),
    identifiers_confirmation: str = "",
) -> IsoReport:
    """An ISO starts a draft report in a partnership they serve."""
    if not policy.is_iso_of(by, partnership):
        raise TransitionError("Only an independent scrutiny officer of this partnership can write a report")
    values = _cleaned(
        by=by,
        partnership=partnership,
        kind=kind,
        activity=activity,
        title=title,
        summary=summary,
        body=body,
        priorities=priorities,
        confirmation=identifiers_confirmation,
    )
    chosen = values.pop("priorities")
    report = IsoReport.objects.create(partnership=partnership, author=by, **values)
    report.priorities.set(chosen)
    audit.record(
        actor=by,
        verb="iso_report.created",
        target=report,
        partnership=partnership,
        changes={
            **audit.snapshot(report, EDITABLE_FIELDS),
            "priorities": _priority_titles(chosen),
            "draft": 1,
        },
    )
    return report


def saved_copy(report: IsoReport) -> dict:
    """What is saved now, for an editor whose copy is older."""
    return {
        **audit.snapshot(report, EDITABLE_FIELDS),
        "priorities": _priority_titles(report.priorities.all()),
        "version": report.version,
    }


def _bump(report: IsoReport) -> None:
    """The next draft: every saved change while drafting is one."""
    report.draft += 1
    report.version += 1
    report.updated_at = timezone.now()
    report.save(update_fields=["draft", "version", "updated_at"])


@transaction.atomic
def report_update(
    *,
    by,
    report: IsoReport,
    version: int | None,
    kind: str,
    title: str,
    activity=None,
    summary: str = "",
    body: str = "",
    priorities: Iterable[Priority] = (),
    identifiers_confirmation: str = "",
) -> IsoReport:
    """The author changes their draft. A save from a copy someone has changed since is refused with EditConflict,
    carrying what is saved now, so the author sees both and loses nothing."""
    report = _locked(report)
    _require_author(by, report)
    _require_draft(report)
    if version is not None and report.version != version:
        raise EditConflict(saved_copy(report))
    values = _cleaned(
        by=by,
        partnership=report.partnership,
        kind=kind,
        activity=activity,
        title=title,
        summary=summary,
        body=body,
        priorities=priorities,
        confirmation=identifiers_confirmation,
    )
    chosen = values.pop("priorities")
    before = {
        **audit.snapshot(report, EDITABLE_FIELDS),
        "priorities": _priority_titles(report.priorities.all()),
    }
    for name, value in values.items():
        setattr(report, name, value)
    after = {**audit.snapshot(report, EDITABLE_FIELDS), "priorities": _priority_titles(chosen)}
    changes = audit.diff(before, after)
    if not changes:
        return report
    report.save(update_fields=[*EDITABLE_FIELDS])
    report.priorities.set(chosen)
    _bump(report)
    audit.record(
        actor=by,
        verb="iso_report.updated",
        target=report,
        partnership=report.partnership,
        changes={**changes, "draft": report.draft},
    )
    return report


def _names(organisations: Iterable[Organisation]) -> list[str]:
    return sorted(org.name for org in organisations)


def issue_problems(report: IsoReport, *, today: date) -> list[str]:
    """What stands in the way of issuing the report now: each recommendation needs an addressee and a response
    date still to come. Shown on the confirmation page and checked again when it is sent."""
    problems = []
    for recommendation in report.recommendations.prefetch_related("responses"):
        if not recommendation.responses.all():
            problems.append(
                f"Recommendation {recommendation.number} is addressed to nobody: choose at least one organisation"
            )
        if recommendation.respond_by <= today:
            problems.append(
                f"Recommendation {recommendation.number}'s response date has passed: change it to a date after today"
            )
    return problems


@transaction.atomic
def report_issue(*, by, report: IsoReport, version: int | None, today: date | None = None) -> IsoReport:
    """Issue the report: its text is locked, each addressee is asked for its response (accepted, partly accepted,
    not accepted) by the recommendation's date, and the addressees' safeguarding leads, the delegated partners
    of the statutory partners addressed and the business team are told. The author issues it, or the business
    team on their behalf. With `version`, what is issued is what the issuer read."""
    report = _locked(report)
    if by is not None and not (
        policy.is_report_author(by, report) or policy.business_team_of_report(by, report)
    ):
        raise TransitionError(
            "Only the independent scrutiny officer who wrote the report, or the business team on their behalf, "
            "can issue it"
        )
    if not report.is_draft:
        raise TransitionError("This report has already been issued")
    if version is not None and report.version != version:
        raise TransitionError(
            "The report changed after you opened this page. Read it again, then issue it: what is issued must be "
            "what you read."
        )
    problems = issue_problems(report, today=today or timezone.localdate())
    if problems:
        raise TransitionError(problems[0])
    responses = list(
        RecommendationResponse.objects.filter(recommendation__report=report).select_related(
            "organisation", "recommendation"
        )
    )
    report.status = IsoReport.Status.ISSUED
    report.issued_at = timezone.now()
    report.version += 1
    report.updated_at = report.issued_at
    report.save(update_fields=["status", "issued_at", "version", "updated_at"])
    audit.record(
        actor=by,
        verb="iso_report.issued",
        target=report,
        partnership=report.partnership,
        changes={
            "draft": report.draft,
            "recommendations": len({response.recommendation_id for response in responses}),
            "addressees": _names({response.organisation for response in responses}),
            "on_behalf_of_author": by is not None and by.pk != report.author_id,
        },
    )
    report_issued_notify(report=report, responses=responses, by=by)
    return report
