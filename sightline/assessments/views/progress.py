"""After the window closes: the business team records that the composite has gone to the board(s), opens the
six-month progress round and archives the cycle; organisations update progress on their actions; everyone who
sees the cycle reads the progress report on screen or downloads it."""

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline.audit.services import record
from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError

from .. import progress, progress_exports, progress_report, selectors
from ..forms_progress import ProgressForm, initial_for
from ..models import Cycle, EvidenceFile
from .cycles import _cycle_or_404

ACTIONS_PER_PAGE = 100
# The progress report's lists, shown one at a time: ?show=<key>.
REPORT_LISTS = {
    "actions": "Every action",
    "overdue": "Overdue actions",
    "organisations": "By organisation",
}


def _back(request, cycle: Cycle):
    return redirect("cycle_detail", slug=request.partnership.slug, cycle_id=cycle.pk)


def _transition(request, cycle_id, service, success: str):
    cycle = _cycle_or_404(request, cycle_id)
    try:
        service(by=request.user, cycle=cycle)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success.format(cycle=cycle))
    return _back(request, cycle)


@partnership_view("assessments.manage_cycles")
@require_POST
def cycle_issue_composite(request, cycle_id):
    return _transition(
        request,
        cycle_id,
        progress.cycle_issue_composite,
        "Recorded: the composite report for {cycle.title} has gone to the board.",
    )


@partnership_view("assessments.manage_cycles")
@require_POST
def cycle_open_progress_round(request, cycle_id):
    cycle = _cycle_or_404(request, cycle_id)
    try:
        opened = progress.cycle_open_progress_round(by=request.user, cycle=cycle)
    except TransitionError as error:
        messages.error(request, str(error))
        return _back(request, cycle)
    n = len(opened.asked)
    messages.success(
        request,
        f"The progress round is open. {n} organisation{'' if n == 1 else 's'} with actions "
        f"{'has' if n == 1 else 'have'} been asked to update them by {cycle.progress_due_on:%-d %B %Y}.",
    )
    if opened.without_lead:
        names = ", ".join(organisation.name for organisation in opened.without_lead)
        messages.warning(
            request,
            f"These organisations have no safeguarding lead account, so nobody there was told: {names}.",
        )
    return _back(request, cycle)


@partnership_view("assessments.manage_cycles")
@require_POST
def cycle_archive(request, cycle_id):
    return _transition(
        request, cycle_id, progress.cycle_archive, "{cycle.title} is archived. It stays readable as it is."
    )


@partnership_view("assessments.view_cycles")
@require_GET
def progress_report_page(request, cycle_id):
    """The figures, then one of the lists a page at a time: at a county's size each runs to thousands of rows."""
    cycle = _cycle_or_404(request, cycle_id)
    today = timezone.localdate()
    report = progress_report.progress_report(cycle=cycle, today=today, lists=False)
    show = request.GET.get("show")
    if show not in REPORT_LISTS:
        show = "actions"
    rows = {
        "actions": lambda: progress_report.actions_followed_up(cycle=cycle),
        "overdue": lambda: progress_report.overdue_actions(cycle=cycle, today=today),
        "organisations": lambda: progress_report.organisation_rows(cycle=cycle, today=today),
    }[show]()
    page = Paginator(rows, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    if show == "organisations":
        page.object_list = progress_report.organisations_named(page.object_list)
    return TemplateResponse(
        request,
        "assessments/progress/report.html",
        {
            "cycle": cycle,
            "report": report,
            "page": page,
            "show": show,
            "lists": REPORT_LISTS.items(),
            "query_string": f"show={show}",
            "reads_returns": request.user.has_perm("assessments.view_returns", request.partnership),
        },
    )


def _download(request, cycle_id, extension: str, build):
    cycle = _cycle_or_404(request, cycle_id)
    content = build(progress_report.progress_report(cycle=cycle))
    filename = progress_exports.progress_filename(cycle, extension)
    record(
        actor=request.user,
        verb="export.downloaded",
        target=cycle,
        partnership=request.partnership,
        changes={"export": f"progress_{extension}", "file": filename},
    )
    response = FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=filename,
        content_type=progress_exports.CONTENT_TYPES[extension],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@partnership_view("assessments.view_cycles")
@require_GET
def progress_report_docx(request, cycle_id):
    return _download(request, cycle_id, "docx", progress_exports.build_progress_docx)


@partnership_view("assessments.view_cycles")
@require_GET
def progress_report_xlsx(request, cycle_id):
    return _download(request, cycle_id, "xlsx", progress_exports.build_progress_xlsx)


def _prefix(action) -> str:
    return f"a{action.pk.hex}"


@partnership_view("partnerships.view_partnership")
@require_http_methods(["GET", "POST"])
def progress_update(request, cycle_id, submission_id):
    """One organisation's actions in this cycle, each with its own small form while the round is open."""
    submission = selectors.submission_for(
        user=request.user, partnership=request.partnership, submission_id=submission_id
    )
    if submission is None or submission.cycle_id != cycle_id:
        raise Http404
    files = EvidenceFile.objects.filter(removed_at__isnull=True).order_by("uploaded_at")
    actions = list(
        submission.actions.select_related("standard__section")
        .prefetch_related(Prefetch("evidence_files", queryset=files, to_attr="files"))
        .order_by("standard__section__order", "standard__order", "due_on", "created_at")
    )
    can_update = progress.can_update_progress(request.user, submission)
    action_forms = {
        action.pk: ProgressForm(prefix=_prefix(action), initial=initial_for(action)) for action in actions
    }
    failed = None
    if request.method == "POST":
        if not can_update:
            raise Http404
        action = next((a for a in actions if str(a.pk) == request.POST.get("action", "")), None)
        if action is None:
            raise Http404
        form = ProgressForm(request.POST, request.FILES, prefix=_prefix(action))
        if form.is_valid():
            try:
                progress.action_progress_update(
                    by=request.user,
                    action=action,
                    progress=form.cleaned_data["progress"],
                    rag=form.cleaned_data["rag"],
                    commentary=form.cleaned_data["commentary"],
                    upload=form.cleaned_data["evidence"],
                )
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Progress saved: {action.what[:80]}")
                return redirect(request.path)
        action_forms[action.pk], failed = form, form
    return TemplateResponse(
        request,
        "assessments/progress/organisation.html",
        {
            "submission": submission,
            "cycle": submission.cycle,
            "rows": [(action, action_forms[action.pk]) for action in actions],
            "can_update": can_update,
            "form": failed,
            "today": timezone.localdate(),
        },
    )
