"""ISO reports: the list, starting a draft, the report's page (its recommendations and every response's state,
the days spent, where it goes before the board), editing a draft, issuing it, recording the days and putting it
on a board meeting's agenda. Each page declares its rule at the partnership's gate and asks the record-level
permission of the report it names; a report the person may not read answers 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sightline import policy
from sightline.casework.checking import IdentifyingDetails
from sightline.core.access import partnership_view, refuse
from sightline.core.errors import EditConflict, TransitionError
from sightline.core.once import creates
from sightline.governance import iso_reports as agenda

from .. import ledger
from ..forms import half_days_initial
from ..models import IsoReport
from ..reports import drafting, selectors
from ..reports.forms import AgendaForm, ReportDaysForm, ReportForm, report_initial
from . import posted

Status = IsoReport.Status
PER_PAGE = 50


def report_or_404(request, report_id) -> IsoReport:
    report = selectors.report_for(user=request.user, partnership=request.partnership, report_id=report_id)
    if report is None:
        raise Http404
    return report


def require(request, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        refuse(request, perm)


def to_report(request, report, anchor: str = ""):
    response = redirect("iso_report_detail", slug=request.partnership.slug, report_id=report.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def posted_version(request) -> int | None:
    version = request.POST.get("version", "")
    return int(version) if version.isdigit() else None


@partnership_view("scrutiny.view_reports")
@require_GET
def iso_report_list(request):
    roles = policy.roles_in(request.user, request.partnership)
    reads_drafts = bool(roles & {policy.Role.BUSINESS_TEAM, policy.Role.ISO})
    status = request.GET.get("status", "all")
    if status not in (*Status.values, "all") or (status == Status.DRAFT and not reads_drafts):
        status = "all"
    rows = selectors.report_list(
        user=request.user, partnership=request.partnership, status="" if status == "all" else status
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "scrutiny/reports/list.html",
        {
            "page": page,
            "status": status,
            "query_string": f"status={status}",
            "statuses": [("all", "All"), (Status.DRAFT, "Drafts"), (Status.ISSUED, "Issued")]
            if reads_drafts
            else [],
            "can_write": request.user.has_perm("scrutiny.write_reports", request.partnership),
            "answers": request.user.has_perm("scrutiny.answer_recommendations", request.partnership),
        },
    )


def _report_form(request, data=None, **kwargs) -> ReportForm:
    return ReportForm(
        data if data is not None else posted(request),
        activities=selectors.activities_for_report(user=request.user, partnership=request.partnership),
        partnership=request.partnership,
        **kwargs,
    )


def _warned(request, error: IdentifyingDetails, **kwargs) -> ReportForm:
    """The form again as sent, with the guard's warning and the box to confirm the text identifies no one."""
    form = _report_form(request, data=error.data_with(request.POST), **kwargs)
    form.is_valid()
    form.add_error(None, str(error))
    return form


@partnership_view("scrutiny.write_reports")
@creates
@require_http_methods(["GET", "POST"])
def iso_report_start(request):
    initial = {}
    if activity := request.GET.get("activity"):
        initial = {"kind": IsoReport.Kind.ACTIVITY, "activity": activity}
    form = _report_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = drafting.report_create(
                by=request.user, partnership=request.partnership, **form.service_arguments()
            )
        except IdentifyingDetails as error:
            form = _warned(request, error, initial=initial)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Draft saved. Add its recommendations, then issue it.")
            return to_report(request, report)
    return TemplateResponse(request, "scrutiny/reports/form.html", {"form": form, "report": None})


def _my_organisations(user) -> set:
    return set(policy.organisation_roles(user))


@partnership_view("scrutiny.view_reports")
@require_GET
def iso_report_detail(request, report_id):
    report = report_or_404(request, report_id)
    user, partnership = request.user, request.partnership
    today = timezone.localdate()
    recommendations = selectors.recommendations_of(report=report)
    rows = selectors.state_rows(user=user, report=report, recommendations=recommendations, today=today)
    sees_whole = policy.sees_whole_partnership(user, partnership)
    mine = _my_organisations(user)
    is_author = policy.is_report_author(user, report)
    return TemplateResponse(
        request,
        "scrutiny/reports/detail.html",
        {
            "report": report,
            "recommendations": recommendations,
            "rows": rows,
            "is_author": is_author,
            "can_edit": report.is_draft and is_author,
            "can_issue": report.is_draft and user.has_perm("scrutiny.issue_report", report),
            "days": selectors.report_days(report=report)
            if is_author or user.has_perm("scrutiny.view_ledgers", partnership)
            else None,
            "can_record_days": is_author,
            "placements": agenda.report_placements(report=report) if not report.is_draft else [],
            "reads_meetings": user.has_perm("governance.view_meetings", partnership),
            "can_place": not report.is_draft and user.has_perm("scrutiny.place_report_on_agenda", report),
            "sees_whole": sees_whole,
            "my_organisations": mine,
            "reads_plan": report.action_plan_id is not None
            and (
                sees_whole
                or any(a.owner_organisation_id in mine for row in rows for a in row.response.actions.all())
            ),
            "reads_activity": report.activity_id is not None
            and user.has_perm("assurance.view_activity", report.activity),
            "today": today,
        },
    )


@partnership_view("scrutiny.write_reports")
@require_http_methods(["GET", "POST"])
def iso_report_edit(request, report_id):
    report = report_or_404(request, report_id)
    require(request, "scrutiny.edit_report", report)
    if not report.is_draft:
        messages.error(request, "This report has been issued: its text can no longer change")
        return to_report(request, report)
    form = _report_form(request, initial=report_initial(report))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            drafting.report_update(
                by=request.user, report=report, version=posted_version(request), **form.service_arguments()
            )
        except IdentifyingDetails as error:
            form = _warned(request, error, initial=report_initial(report))
        except EditConflict as error:
            conflict = error.current
            form.add_error(
                None,
                "Someone saved this report after you opened it. Your text is kept below; what is saved now is "
                "shown above it. Save again to keep yours.",
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The draft is saved")
            return to_report(request, report)
    return TemplateResponse(
        request,
        "scrutiny/reports/form.html",
        {
            "form": form,
            "report": report,
            "conflict": conflict,
            "version": conflict["version"] if conflict else report.version,
        },
    )


@partnership_view("scrutiny.view_reports")
@require_http_methods(["GET", "POST"])
def iso_report_issue(request, report_id):
    report = report_or_404(request, report_id)
    require(request, "scrutiny.issue_report", report)
    if not report.is_draft:
        messages.info(request, "This report has already been issued")
        return to_report(request, report)
    today = timezone.localdate()
    form = None
    if request.method == "POST":
        try:
            drafting.report_issue(
                by=request.user, report=report, version=posted_version(request), today=today
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                "The report is issued. Each addressee has been asked for its response by the dates given.",
            )
            return to_report(request, report)
    recommendations = selectors.recommendations_of(report=report)
    return TemplateResponse(
        request,
        "scrutiny/reports/issue.html",
        {
            "report": report,
            "recommendations": recommendations,
            "problems": drafting.issue_problems(report, today=today),
            "on_behalf": report.author_id != request.user.pk,
            "form": form,
        },
    )


@partnership_view("scrutiny.write_reports")
@require_http_methods(["GET", "POST"])
def iso_report_days(request, report_id):
    report = report_or_404(request, report_id)
    require(request, "scrutiny.record_report_days", report)
    today = timezone.localdate()
    entry = selectors.report_days_entry(report=report, iso=request.user)
    initial = (
        {"work_date": entry.work_date, "spent": half_days_initial(entry.spent_half_days) or None}
        if entry is not None
        else {"work_date": today}
    )

    def build(**warned):
        return ReportDaysForm(posted(request), initial=initial, today=today, **warned)

    form = build()
    if request.method == "POST" and form.is_valid():
        try:
            ledger.report_days_record(
                by=request.user,
                report=report,
                work_date=form.cleaned_data["work_date"],
                spent_half_days=form.cleaned_data["spent"],
                version=posted_version(request),
                confirm_over_budget=form.confirmed,
                today=today,
            )
        except ledger.OverBudget as warning:
            form = build(asks_confirmation=True, warning=str(warning))
            form.is_valid()
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Days spent on the report recorded in your ledger")
            return to_report(request, report, "days")
    return TemplateResponse(
        request, "scrutiny/reports/days.html", {"form": form, "report": report, "entry": entry}
    )


@partnership_view("scrutiny.view_reports")
@creates
@require_http_methods(["GET", "POST"])
def iso_report_agenda(request, report_id):
    report = report_or_404(request, report_id)
    require(request, "scrutiny.place_report_on_agenda", report)
    if report.is_draft:
        messages.error(request, "Only an issued report can go before the board: issue it first")
        return to_report(request, report)
    meetings = agenda.board_meetings_open(report=report)
    form = AgendaForm(posted(request), meetings=meetings)
    if request.method == "POST" and form.is_valid():
        try:
            item = agenda.iso_report_place_on_agenda(
                by=request.user, report=report, meeting=form.cleaned_data["meeting"]
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"The report is on the agenda of {item.meeting.title}, for {report.author} to present",
            )
            return to_report(request, report, "board")
    return TemplateResponse(
        request,
        "scrutiny/reports/agenda.html",
        {"form": form, "report": report, "has_meetings": meetings.exists()},
    )
