"""The composite report of a cycle on screen, and its downloads, built by the worker with a progress page
that can check again by itself without JavaScript."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from sightline.audit.services import record
from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from .. import charts, composite, exports, selectors
from ..models import Cycle, ExportJob, Standard
from ..quotes import quotes as quotes_of

REFRESH_SECONDS = 3


# The data workbook and the answers file hold every organisation's answers: they are returns, read only by those who
# read each return (`assessments.view_returns`). The board report is the partnership-level result.
EVERY_RETURN_KINDS = frozenset({"composite_xlsx", "composite_csv"})


def kinds_for(request) -> list[str]:
    reads_returns = request.user.has_perm("assessments.view_returns", request.partnership)
    return [kind for kind in exports.KINDS if reads_returns or kind not in EVERY_RETURN_KINDS]


class ExportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you want to download?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the board report, the data workbook or the answers file",
            "invalid_choice": "Choose the board report, the data workbook or the answers file",
        },
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, exports.KINDS[kind][0]) for kind in kinds]


EVERY_STANDARD = "all"


class QuoteFilterForm(forms.Form):
    """Quotes for one standard at a time, the weakest first: reading every standard's text answers for a whole
    county takes most of the page's time (docs/performance.md), and a list of every standard's quotes starts
    with the first standards only. "Every standard" is there for those who want it."""

    standard = forms.ChoiceField(label="Standard", required=False)
    sector = forms.ChoiceField(
        label="Sector", required=False, choices=[("", "Every sector"), *[(s, s) for s in composite.SECTORS]]
    )

    def __init__(self, *args, standards: list[Standard], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].choices = [
            (str(standard.pk), f"{number}. {standard.title}")
            for number, standard in enumerate(standards, start=1)
        ] + [(EVERY_STANDARD, "Every standard")]


def _cycle_or_404(request, cycle_id) -> Cycle:
    cycle = selectors.cycles_of(partnership=request.partnership).filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404
    return cycle


def _job_or_404(request, cycle: Cycle, job_id) -> ExportJob:
    job = ExportJob.objects.filter(
        pk=job_id, partnership=request.partnership, cycle=cycle, kind__in=kinds_for(request)
    ).first()
    if job is None:
        raise Http404
    return job


def _pager_query(request, name: str) -> str:
    """The page's query string without one paginator's parameter, so each list pages on its own."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def _charts(cycle: Cycle, figures, comparisons, previous) -> dict:
    levels = cycle.template.levels
    maximum = max((float(level.get("score") or 0) for level in levels), default=0)
    distribution = charts.distribution_chart(
        chart_id="chart-distribution",
        title=f"Ratings by standard: share of answers at each level, {cycle.title}",
        levels=levels,
        rows=[
            {
                "label": f"{f.number}. {f.standard.title}",
                "counts": f.counts,
                "not_applicable": f.not_applicable,
            }
            for f in figures
        ],
    )
    comparison = None
    if previous is not None:
        comparison = charts.comparison_chart(
            chart_id="chart-comparison",
            title=f"Mean score by standard: {cycle.title} against {previous.title}",
            maximum=maximum,
            rows=[
                {
                    "label": f"{row.figure.number}. {row.figure.standard.title}",
                    "this_year": row.figure.mean,
                    "last_year": row.last_year,
                }
                for row in comparisons
            ],
        )
    return {"distribution_chart": distribution, "comparison_chart": comparison, "maximum": maximum}


def _render(request, cycle: Cycle, form: ExportForm):
    standards = composite.standards_of(cycle=cycle)
    figures = composite.distribution(cycle=cycle, standards=standards)
    previous = composite.previous_cycle(cycle=cycle)
    comparisons = composite.standard_comparison(figures=figures, previous=previous)
    heat_page, heat_rows = composite.heat_map(
        cycle=cycle, standards=standards, page_number=request.GET.get("page")
    )
    for row in heat_rows:
        row.cells = [cell and {**cell, "tag": charts.tag_class(cell.get("colour", ""))} for cell in row.cells]
    weakest = composite.training_needs(figures, limit=1)
    default = str(weakest[0].standard.pk) if weakest else EVERY_STANDARD
    query = request.GET.copy()
    query.setdefault("standard", default)
    filters = QuoteFilterForm(query, standards=standards)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    standard = chosen.get("standard") or default
    quotes = quotes_of(
        cycle=cycle,
        standard_id=None if standard == EVERY_STANDARD else int(standard),
        sector=chosen.get("sector") or "",
    )
    returns, counted = composite.return_counts(cycle=cycle)
    plan = composite.action_plan(cycle=cycle)
    context = {
        "cycle": cycle,
        "previous": previous,
        "returns": returns,
        "counted": counted,
        "levels": [
            {**level, "tag": charts.tag_class(level.get("colour", ""))} for level in cycle.template.levels
        ],
        "figures": figures,
        "overall_mean": composite.overall_mean(figures),
        "heat_page": heat_page,
        "heat_rows": heat_rows,
        "heat_query": _pager_query(request, "page"),
        "sectors": composite.sector_breakdown(cycle=cycle, figures=figures),
        "comparisons": comparisons,
        "organisations_page": composite.organisation_comparison(
            cycle=cycle, previous=previous, page_number=request.GET.get("organisations_page")
        ),
        "organisations_query": _pager_query(request, "organisations_page"),
        "filters": filters,
        "quotes": quotes,
        "quotes_for": next(
            (
                f"{figure.number}. {figure.standard.title}"
                for figure in figures
                if str(figure.standard.pk) == standard
            ),
            None,
        ),
        "quotes_for_weakest": standard == default and standard != EVERY_STANDARD,
        "quote_lists": [
            ("Strengths", quotes.strengths, quotes.strength_count),
            ("Risks", quotes.risks, quotes.risk_count),
        ],
        "actions_page": Paginator(plan, composite.ACTIONS_PER_PAGE).get_page(request.GET.get("actions_page")),
        "actions_query": _pager_query(request, "actions_page"),
        "training_needs": composite.training_needs(figures),
        "form": form,
        "reads_returns": request.user.has_perm("assessments.view_returns", request.partnership),
        "jobs": ExportJob.objects.filter(cycle=cycle, requested_by=request.user)[:5],
        **_charts(cycle, figures, comparisons, previous),
    }
    return TemplateResponse(request, "assessments/composite/page.html", context)


@partnership_view("assessments.view_cycles")
@require_GET
def composite_page(request, cycle_id):
    cycle = _cycle_or_404(request, cycle_id)
    return _render(request, cycle, ExportForm(initial={"kind": "composite_docx"}, kinds=kinds_for(request)))


@partnership_view("assessments.view_cycles")
@creates
@require_http_methods(["POST"])
def composite_export(request, cycle_id):
    cycle = _cycle_or_404(request, cycle_id)
    form = ExportForm(request.POST, kinds=kinds_for(request))
    if form.is_valid():
        try:
            job = exports.export_request(by=request.user, cycle=cycle, kind=form.cleaned_data["kind"])
        except TransitionError as error:
            form.add_error("kind", str(error))
        else:
            return redirect("composite_job", slug=request.partnership.slug, cycle_id=cycle.pk, job_id=job.pk)
    return _render(request, cycle, form)


@partnership_view("assessments.view_cycles")
@require_GET
def composite_job(request, cycle_id, job_id):
    cycle = _cycle_or_404(request, cycle_id)
    job = _job_or_404(request, cycle, job_id)
    waiting = job.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING)
    # Checking again by itself, without JavaScript, only when the person asks: a page that reloads on a timer
    # unasked moves a screen reader back to the top every few seconds (WCAG 2.2.1).
    refreshing = waiting and request.GET.get("refresh") == "on"
    response = TemplateResponse(
        request,
        "assessments/composite/job.html",
        {
            "cycle": cycle,
            "job": job,
            "label": exports.KINDS.get(job.kind, ("Export", ""))[0],
            "waiting": waiting,
            "refreshing": refreshing,
            "seconds": REFRESH_SECONDS,
        },
    )
    if refreshing:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@partnership_view("assessments.view_cycles")
@require_GET
def composite_download(request, cycle_id, job_id):
    cycle = _cycle_or_404(request, cycle_id)
    job = _job_or_404(request, cycle, job_id)
    if job.status != ExportJob.Status.DONE or not job.file:
        messages.warning(request, "The file is not ready yet.")
        return redirect("composite_job", slug=request.partnership.slug, cycle_id=cycle.pk, job_id=job.pk)
    record(
        actor=request.user,
        verb="export.downloaded",
        target=cycle,
        partnership=request.partnership,
        changes={"export": job.kind, "job": str(job.pk), "file": job.filename},
    )
    extension = job.filename.rsplit(".", 1)[-1]
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=exports.CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
