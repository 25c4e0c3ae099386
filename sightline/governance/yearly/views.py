"""The yearly report's pages: the list of editions, the report with its figures and the step each person can take,
a section's narrative, the ISO's scrutiny, the lead partners' sign-off, publication and dispatch, the records
behind each figure, the partnership's sections, and the report as HTML, Word and PDF."""

from csp.decorators import csp_replace
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline.assurance import endorsements
from sightline.assurance.models_endorsements import EndorsementRequest
from sightline.audit.services import record
from sightline.casework.checking import IdentifyingDetails
from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from ..models import ReportSection, SectionComment, SectionKind, YearlyReport
from . import documents, reports
from .building import figure_rows, sections_of
from .figures import FIGURES
from .forms import (
    CommentForm,
    DecideForm,
    DispatchForm,
    PublishForm,
    SectionForm,
    SectionKindForm,
    SendForScrutinyForm,
    StartForm,
    StatementForm,
)
from .periods import financial_year_of
from .reminders import dispatch_due_on
from .sections import BUILT_IN

Status = YearlyReport.Status


def _report_or_404(request, report_id) -> YearlyReport:
    report = (
        YearlyReport.objects.filter(partnership=request.partnership, pk=report_id)
        .select_related("partnership", "iso", "previous")
        .first()
    )
    if report is None:
        raise Http404
    return report


def _to_report(report):
    return redirect("yearly_report_detail", slug=report.partnership.slug, report_id=report.pk)


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj if obj is not None else request.partnership):
        raise Http404


@partnership_view("governance.view_yearly_reports")
@require_GET
def yearly_report_list(request):
    reports_ = YearlyReport.objects.filter(partnership=request.partnership).order_by(
        "-period_start", "-edition"
    )
    return TemplateResponse(
        request,
        "governance/yearly/list.html",
        {
            "reports": reports_[:100],
            "can_manage": request.user.has_perm("governance.manage_yearly_reports", request.partnership),
        },
    )


@partnership_view("governance.manage_yearly_reports")
@creates
@require_http_methods(["GET", "POST"])
def yearly_report_start(request):
    last_year = financial_year_of(timezone.localdate()).start.year - 1
    form = StartForm(request.POST or None, initial={"period": f"{last_year}-{str(last_year + 1)[2:]}"})
    if request.method == "POST" and form.is_valid():
        try:
            report = reports.yearly_report_start(
                by=request.user,
                partnership=request.partnership,
                period=form.cleaned_data["period"],
                title=form.cleaned_data["title"],
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The draft is ready: its figures are counted from the year's records.")
            return _to_report(report)
    return TemplateResponse(request, "governance/yearly/start.html", {"form": form})


@partnership_view("governance.view_yearly_reports")
@require_GET
def yearly_report_detail(request, report_id):
    report = _report_or_404(request, report_id)
    user = request.user
    can_manage = user.has_perm("governance.manage_yearly_reports", request.partnership)
    scrutinising = report.status == Status.SCRUTINY and report.iso_id == user.pk
    sign_off = endorsements.current_request(report, EndorsementRequest.Subject.YEARLY_REPORT)
    parties = list(sign_off.parties.all()) if sign_off else []
    sections = sections_of(report)
    if report.frozen is None:
        comments = {}
        for comment in SectionComment.objects.filter(section__report=report).select_related("author"):
            comments.setdefault(comment.section_id, []).append(comment)
        for view in sections:
            view.comments = comments.get(view.section.pk, []) if view.section else []
    return TemplateResponse(
        request,
        "governance/yearly/detail.html",
        {
            "report": report,
            "sections": sections,
            "can_manage": can_manage,
            "editable": can_manage and report.status in reports.EDITABLE,
            "scrutinising": scrutinising,
            "sign_off": sign_off,
            "parties": parties,
            "mine": next((p for p in parties if p.user_id == user.pk and p.decision == "pending"), None)
            if sign_off and sign_off.is_open
            else None,
            "dispatch_due": dispatch_due_on(report),
            "later": YearlyReport.objects.filter(
                partnership=report.partnership, label=report.label, edition__gt=report.edition
            ).first(),
        },
    )


@partnership_view("governance.manage_yearly_reports")
@require_http_methods(["GET", "POST"])
def yearly_report_section(request, report_id, section_id):
    report = _report_or_404(request, report_id)
    section = ReportSection.objects.filter(report=report, pk=section_id).select_related("kind").first()
    if section is None:
        raise Http404
    form = SectionForm(
        request.POST or None, initial={"narrative": section.narrative, "version": section.version}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.entered()
        try:
            reports.section_update(
                by=request.user,
                section=section,
                narrative=data["narrative"],
                expected_version=data["version"],
                identifiers_confirmation=form.identifiers_confirmation,
            )
        except IdentifyingDetails as error:
            form = SectionForm(error.data_with(request.POST))
            form.is_valid()
            form.add_error(None, str(error))
            status = 400
        except TransitionError as error:
            form.add_error(None, str(error))
            status = 400
        else:
            messages.success(request, f"{section.kind.title} is saved.")
            return _to_report(report)
    view = next(
        (item for item in sections_of(report) if item.section and item.section.pk == section.pk), None
    )
    return TemplateResponse(
        request,
        "governance/yearly/section.html",
        {"report": report, "section": section, "view": view, "form": form, "theirs": section.narrative},
        status=status,
    )


@partnership_view("governance.manage_yearly_reports")
@require_http_methods(["GET", "POST"])
def yearly_report_send_for_scrutiny(request, report_id):
    report = _report_or_404(request, report_id)
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
            return _to_report(report)
    return TemplateResponse(request, "governance/yearly/send_scrutiny.html", {"report": report, "form": form})


@partnership_view("governance.scrutinise_yearly_reports")
@require_http_methods(["GET", "POST"])
def yearly_report_scrutiny(request, report_id):
    report = _report_or_404(request, report_id)
    if report.iso_id != request.user.pk:
        raise Http404
    # Once the report has left the ISO, the page shows what they said; the forms are for a report with them.
    if report.status != Status.SCRUTINY:
        if request.method == "POST":
            messages.error(request, "The report is no longer with you for scrutiny")
            return _to_report(report)
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
            return _to_report(report)
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


@partnership_view("governance.scrutinise_yearly_reports")
@creates
@require_POST
def yearly_report_comment(request, report_id, section_id):
    report = _report_or_404(request, report_id)
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
    report = _report_or_404(request, report_id)
    try:
        reports.report_send_for_sign_off(by=request.user, report=report)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The three lead partners are asked to sign it off.")
    return _to_report(report)


@partnership_view("governance.view_yearly_reports")
@require_http_methods(["GET", "POST"])
def yearly_report_sign_off(request, report_id):
    report = _report_or_404(request, report_id)
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
                return _to_report(report)
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
    report = _report_or_404(request, report_id)
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
            return _to_report(report)
    return TemplateResponse(request, "governance/yearly/publish.html", {"report": report, "form": form})


@partnership_view("governance.manage_yearly_reports")
@require_http_methods(["GET", "POST"])
def yearly_report_dispatch(request, report_id):
    report = _report_or_404(request, report_id)
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
            return _to_report(report)
    return TemplateResponse(request, "governance/yearly/dispatch.html", {"report": report, "form": form})


@partnership_view("governance.manage_yearly_reports")
@require_POST
def yearly_report_revise(request, report_id):
    report = _report_or_404(request, report_id)
    try:
        revision = reports.yearly_report_revise(by=request.user, report=report)
    except TransitionError as error:
        messages.error(request, str(error))
        return _to_report(report)
    messages.success(request, f"Edition {revision.edition} is drafted from the signed-off text.")
    return _to_report(revision)


@partnership_view("governance.view_yearly_reports")
@require_GET
def yearly_report_figure(request, report_id, key):
    report = _report_or_404(request, report_id)
    figure = FIGURES.get(key)
    rows = figure_rows(report, key)
    if figure is None or rows is None:
        raise Http404
    return TemplateResponse(
        request, "governance/yearly/figure.html", {"report": report, "figure": figure, "rows": rows}
    )


@partnership_view("governance.view_yearly_reports")
@csp_replace(
    {"style-src": [f"'sha256-{documents.CSS_SHA256}'"], "script-src": ["'none'"], "img-src": ["'none'"]}
)
@require_GET
def yearly_report_download(request, report_id, fmt):
    report = _report_or_404(request, report_id)
    if fmt not in documents.FORMATS:
        raise Http404
    content, content_type = documents.render(report, fmt)
    record(
        actor=request.user,
        verb="yearly_report.downloaded",
        target=report,
        partnership=report.partnership,
        changes={"format": fmt},
    )
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{documents.filename(report, fmt)}"'
    return response


@partnership_view("governance.view_yearly_reports")
@creates
@require_http_methods(["GET", "POST"])
def yearly_report_sections(request):
    can_manage = request.user.has_perm("governance.manage_yearly_reports", request.partnership)
    form = SectionKindForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                kind = reports.section_kind_add(
                    by=request.user, partnership=request.partnership, **form.cleaned_data
                )
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{kind.title} is added to the report's sections.")
                return redirect("yearly_report_sections", slug=request.partnership.slug)
    # Until the partnership's first report copies them, its sections are the built-in ones: shown, not yet saved.
    kinds = list(request.partnership.report_section_kinds.order_by("order")) or [
        SectionKind(
            key=b.key, title=b.title, guidance=b.guidance, figures=list(b.figures), order=n, built_in=True
        )
        for n, b in enumerate(BUILT_IN, start=1)
    ]
    return TemplateResponse(
        request,
        "governance/yearly/sections.html",
        {
            "kinds": [
                (kind, [FIGURES[key].label for key in kind.figures if key in FIGURES]) for kind in kinds
            ],
            "form": form if can_manage else None,
        },
        status=400 if form.errors else 200,
    )
