"""Single-agency case audits: the agency's list of audits asked of it, an audit's page (its task list for the
author, its answers for the panel), one standard's answers, and submitting. Every page that shows an audit
records the read."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline import policy
from sightline.assessments.models import Standard
from sightline.core.access import partnership_view
from sightline.core.errors import EditConflict, TransitionError

from .. import audits, selectors
from ..checking import IdentifyingDetails
from ..forms import AuditStandardForm
from ..models import CaseAudit, CaseAuditAnswer
from . import audit_or_404, posted

S = CaseAudit.Status


def _context(request, case_audit, **extra) -> dict:
    """The audit with its case and activity, and the way back: to the activity's casework for those who see
    it, to the agency's list for its lead."""
    activity = case_audit.case.activity
    sees_activity = request.user.has_perm("casework.view_activity_cases", activity)
    return {
        "case_audit": case_audit,
        "case": case_audit.case,
        "activity": activity,
        "crumb_index": sees_activity,
        "crumb_activity": sees_activity,
        "crumb_ours": policy.leads_audited_agency(request.user, case_audit),
        **extra,
    }


@partnership_view("casework.view_own_audits")
@require_GET
def our_case_audits(request):
    return TemplateResponse(
        request,
        "casework/our_audits.html",
        {"audits": selectors.our_audits(user=request.user, partnership=request.partnership)},
    )


@partnership_view("partnerships.view_partnership")
@require_GET
def case_audit_detail(request, audit_id):
    case_audit = audit_or_404(request, audit_id)
    audits.case_audit_read(by=request.user, case_audit=case_audit)
    can_write = audits.can_write(request.user, case_audit)
    sections = selectors.audit_answers(case_audit=case_audit)
    return TemplateResponse(
        request,
        "casework/audit.html",
        _context(
            request,
            case_audit,
            sections=sections,
            can_write=can_write,
            missing=len(audits.missing(case_audit)) if can_write else 0,
        ),
    )


def _answers(case_audit, standard) -> dict:
    return {
        a.question_id: a
        for a in CaseAuditAnswer.objects.filter(audit=case_audit, question__standard=standard).select_related(
            "question"
        )
    }


def _form(case_audit, standard, questions, data=None, **kwargs) -> AuditStandardForm:
    return AuditStandardForm(
        data,
        questions=questions,
        scale=case_audit.template.scale,
        answers=_answers(case_audit, standard),
        **kwargs,
    )


@partnership_view("partnerships.view_partnership")
@require_http_methods(["GET", "POST"])
def case_audit_standard(request, audit_id, standard_id):
    case_audit = audit_or_404(request, audit_id)
    if not audits.can_write(request.user, case_audit):
        raise Http404
    standard = (
        Standard.objects.filter(pk=standard_id, template=case_audit.template)
        .select_related("section")
        .first()
    )
    if standard is None:
        raise Http404
    questions = list(standard.questions.order_by("order"))
    form = _form(case_audit, standard, questions, posted(request))
    findings, conflict = None, None
    if request.method == "GET":
        audits.case_audit_read(by=request.user, case_audit=case_audit, via="editing")
    elif form.is_valid():
        try:
            audits.case_audit_save(
                by=request.user,
                case_audit=case_audit,
                standard=standard,
                values=form.values(),
                versions=form.versions(),
                identifiers_confirmation=form.identifiers_confirmation,
            )
        except IdentifyingDetails as warning:
            findings = warning.places
            form = _form(case_audit, standard, questions, warning.data_with(request.POST))
            form.is_valid()
        except EditConflict as error:
            conflict = [
                {"question": q, "saved": error.current[q.key], "yours": form.values().get(q.key)}
                for q in form.questions
                if q.key in error.current
            ]
            data, saved = request.POST.copy(), _answers(case_audit, standard)
            for question in form.questions:
                if question.pk in saved:
                    data[f"{question.key}__version"] = saved[question.pk].version
            form = _form(case_audit, standard, questions, data)
            form.is_valid()
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved: {standard.title}")
            if request.POST.get("stay"):
                return redirect(request.path)
            return redirect("case_audit_detail", slug=request.partnership.slug, audit_id=case_audit.pk)
    return TemplateResponse(
        request,
        "casework/audit_standard.html",
        _context(request, case_audit, standard=standard, form=form, findings=findings, conflict=conflict),
    )


@partnership_view("partnerships.view_partnership")
@require_POST
def case_audit_submit(request, audit_id):
    case_audit = audit_or_404(request, audit_id)
    if not audits.can_write(request.user, case_audit):
        raise Http404
    try:
        audits.case_audit_submit(by=request.user, case_audit=case_audit)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Audit of {case_audit.case.reference} submitted. It is now locked.")
    return redirect("case_audit_detail", slug=request.partnership.slug, audit_id=case_audit.pk)
