"""The steps of the yearly report after drafting: the ISO's scrutiny (and handing it to another officer), the
lead partners' sign-off, publication, dispatch to the national bodies and a revised edition."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sightline.assurance import endorsements
from sightline.assurance.models_endorsements import EndorsementRequest
from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from ...models import ReportSection, SectionComment, YearlyReport
from .. import reports
from ..forms import (
    CommentForm,
    DecideForm,
    DispatchForm,
    PublishForm,
    SendForScrutinyForm,
    StatementForm,
)
from .lookup import report_or_404, to_report

Status = YearlyReport.Status


@partnership_view("governance.manage_yearly_reports")
@require_http_methods(["GET", "POST"])
def yearly_report_send_for_scrutiny(request, report_id):
    report = report_or_404(request, report_id)
    form = SendForScrutinyForm(request.POST or None, partnership=request.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            reports.report_send_for_scrutiny(by=request.user, report=report, iso=form.cleaned_data["iso"])
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{form.cleaned_data['iso'].get_full_name()} is asked to scrutinise it."
            )
            return to_report(report)
    return TemplateResponse(request, "governance/yearly/send_scrutiny.html", {"report": report, "form": form})


@partnership_view("governance.scrutinise_yearly_reports")
@require_http_methods(["GET", "POST"])
def yearly_report_scrutiny(request, report_id):
    report = report_or_404(request, report_id)
    if report.iso_id != request.user.pk:
        raise Http404
    # Once the report has left the ISO, the page shows what they said; the forms are for a report with them.
    if report.status != Status.SCRUTINY:
        if request.method == "POST":
            messages.error(request, "The report is no longer with you for scrutiny")
            return to_report(report)
        form = None
    else:
        initial = {"statement": report.scrutiny_statement, "complete": bool(report.scrutiny_done_at)}
        form = StatementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reports.scrutiny_statement_save(by=request.user, report=report, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            done = form.cleaned_data["complete"]
            messages.success(request, "Your scrutiny is finished." if done else "Your statement is saved.")
            return to_report(report)
    return TemplateResponse(
        request,
        "governance/yearly/scrutiny.html",
        {
            "report": report,
            "form": form,
            "sections": report.sections.select_related("kind").order_by("order"),
            "comments": SectionComment.objects.filter(section__report=report, author=request.user)
            .select_related("section__kind")
            .order_by("created_at"),
        },
    )


@require_POST
@partnership_view("governance.scrutinise_yearly_reports")
@creates
def yearly_report_comment(request, report_id, section_id):
    report = report_or_404(request, report_id)
    section = ReportSection.objects.filter(report=report, pk=section_id).select_related("kind").first()
    if section is None or report.iso_id != request.user.pk:
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            reports.section_comment_add(by=request.user, section=section, text=form.cleaned_data["text"])
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Your comment on {section.kind.title} is sent to the business team.")
    else:
        messages.error(request, "Write your comment")
    return redirect("yearly_report_scrutiny", slug=report.partnership.slug, report_id=report.pk)


@partnership_view("governance.manage_yearly_reports")
@require_POST
def yearly_report_send_for_sign_off(request, report_id):
    report = report_or_404(request, report_id)
    try:
        reports.report_send_for_sign_off(by=request.user, report=report)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The three lead partners are asked to sign it off.")
    return to_report(report)


@partnership_view("governance.view_yearly_reports")
@require_http_methods(["GET", "POST"])
def yearly_report_sign_off(request, report_id):
    report = report_or_404(request, report_id)
    sign_off = endorsements.current_request(report, EndorsementRequest.Subject.YEARLY_REPORT)
    if sign_off is None:
        raise Http404
    parties = list(sign_off.parties.all())
    mine = next((party for party in parties if party.user_id == request.user.pk), None)
    form = DecideForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("assurance.decide_endorsement", sign_off):
            raise Http404
        if form.is_valid():
            try:
                endorsements.endorsement_decide(
                    by=request.user,
                    request=sign_off,
                    decision=form.cleaned_data["decision"],
                    comment=form.cleaned_data["comment"],
                )
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                signed = form.cleaned_data["decision"] == "endorsed"
                messages.success(request, "You have signed it off." if signed else "You have returned it.")
                return to_report(report)
    return TemplateResponse(
        request,
        "governance/yearly/sign_off.html",
        {
            "report": report,
            "sign_off": sign_off,
            "parties": parties,
            "form": form if (mine is not None and mine.decision == "pending" and sign_off.is_open) else None,
        },
        status=400 if form.errors else 200,
    )


@partnership_view("governance.manage_yearly_reports")
@require_http_methods(["GET", "POST"])
def yearly_report_publish(request, report_id):
    report = report_or_404(request, report_id)
    form = PublishForm(request.POST or None, initial={"published_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            reports.report_publish(by=request.user, report=report, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Publication is recorded. Send it to the national bodies and record it here."
            )
            return to_report(report)
    return TemplateResponse(request, "governance/yearly/publish.html", {"report": report, "form": form})


@partnership_view("governance.manage_yearly_reports")
@require_http_methods(["GET", "POST"])
def yearly_report_dispatch(request, report_id):
    report = report_or_404(request, report_id)
    form = DispatchForm(
        request.POST or None,
        initial={
            "sent_to_panel_on": report.sent_to_panel_on,
            "sent_to_department_on": report.sent_to_department_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            reports.report_dispatch_record(by=request.user, report=report, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The dates it was sent are recorded.")
            return to_report(report)
    return TemplateResponse(request, "governance/yearly/dispatch.html", {"report": report, "form": form})


@partnership_view("governance.manage_yearly_reports")
@require_POST
def yearly_report_revise(request, report_id):
    report = report_or_404(request, report_id)
    try:
        revision = reports.yearly_report_revise(by=request.user, report=report)
    except TransitionError as error:
        messages.error(request, str(error))
        return to_report(report)
    messages.success(request, f"Edition {revision.edition} is drafted from the signed-off text.")
    return to_report(revision)
