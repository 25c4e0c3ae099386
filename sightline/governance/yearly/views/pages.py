"""The yearly report's pages: the list of editions, starting a draft, the report with its figures and the step
each person can take, a section's narrative, the records behind each figure, the report as HTML, Word and PDF, and
the partnership's sections."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sightline.assurance import endorsements
from sightline.assurance.models_endorsements import EndorsementRequest
from sightline.audit.services import record
from sightline.casework.checking import IdentifyingDetails
from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from ...models import ReportSection, SectionComment, SectionKind, YearlyReport
from .. import documents, reports
from ..building import figure_rows, sections_of
from ..figures import FIGURES
from ..forms import (
    SectionForm,
    SectionKindForm,
    StartForm,
)
from ..periods import financial_year_of
from ..reminders import dispatch_due_on
from ..sections import BUILT_IN
from .lookup import report_or_404, to_report

Status = YearlyReport.Status


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
            return to_report(report)
    return TemplateResponse(request, "governance/yearly/start.html", {"form": form})


@partnership_view("governance.view_yearly_reports")
@require_GET
def yearly_report_detail(request, report_id):
    report = report_or_404(request, report_id)
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
    report = report_or_404(request, report_id)
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
            return to_report(report)
    view = next(
        (item for item in sections_of(report) if item.section and item.section.pk == section.pk), None
    )
    return TemplateResponse(
        request,
        "governance/yearly/section.html",
        {"report": report, "section": section, "view": view, "form": form, "theirs": section.narrative},
        status=status,
    )


@partnership_view("governance.view_yearly_reports")
@require_GET
def yearly_report_figure(request, report_id, key):
    report = report_or_404(request, report_id)
    figure = FIGURES.get(key)
    rows = figure_rows(report, key)
    if figure is None or rows is None:
        raise Http404
    return TemplateResponse(
        request, "governance/yearly/figure.html", {"report": report, "figure": figure, "rows": rows}
    )


@partnership_view("governance.view_yearly_reports")
@require_GET
def yearly_report_download(request, report_id, fmt):
    report = report_or_404(request, report_id)
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
    # Every format is a file to keep or send on, never a page rendered in the site's origin (QUALITY.md F1).
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(report, fmt)}"'
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
