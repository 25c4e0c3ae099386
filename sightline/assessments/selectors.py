from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from sightline.partnerships.models import Organisation

from .models import Question, SharedReturn, Standard, Submission, Template
from .sharing import of_cycle


def templates_in_library() -> QuerySet[Template]:
    return Template.objects.annotate(standard_count=Count("standards", distinct=True)).order_by(
        "kind", "key", "-version"
    )


def template_with_contents(*, template_id) -> Template | None:
    standards = Standard.objects.prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("order"))
    )
    return (
        Template.objects.prefetch_related(
            "sections", Prefetch("standards", queryset=standards.order_by("order"))
        )
        .filter(pk=template_id)
        .first()
    )


def organisations_called(*, partnership, wanted: str) -> list:
    """The organisations in a partnership's register with this name (any case) or identifier, at most two: enough
    to tell one from several."""
    match = (
        Q(name__iexact=wanted) | Q(ukprn=wanted) | Q(ofsted_urn__iexact=wanted) | Q(ods_code__iexact=wanted)
    )
    if wanted.isdigit():
        match |= Q(urn=int(wanted))
    return list(Organisation.objects.filter(match, affiliations__partnership=partnership).distinct()[:2])


def cycles_of(*, partnership) -> QuerySet:
    from .models import Cycle

    own = Submission.objects.filter(cycle=OuterRef("pk")).order_by().values("cycle")
    shared = SharedReturn.objects.filter(cycle=OuterRef("pk")).order_by().values("cycle")

    def tally(rows, **conditions):
        return Coalesce(Subquery(rows.filter(**conditions).annotate(n=Count("pk")).values("n")), 0)

    # A cycle's own returns and those it counts from another partnership's cycle (sharing.py).
    return (
        Cycle.objects.filter(partnership=partnership)
        .select_related("template")
        .annotate(
            returns=tally(own) + tally(shared),
            returns_in=tally(own, status__in=SUBMITTED_STATES)
            + tally(shared, submission__status__in=SUBMITTED_STATES),
        )
    )


SUBMITTED_STATES = ("submitted", "accepted")


def tracking_rows(*, cycle, status: str = "", types: list[str] | None = None, today=None) -> QuerySet:
    """Every organisation's return for a cycle, with 'overdue' derived from the due date."""
    from django.db.models import BooleanField, Case, Value, When
    from django.utils import timezone

    today = today or timezone.localdate()
    qs = (
        Submission.objects.filter(of_cycle(cycle))
        .select_related("organisation", "cycle__partnership")
        .annotate(
            is_overdue=Case(
                When(Q(due_on__lt=today) & ~Q(status__in=SUBMITTED_STATES), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )
    if status == "overdue":
        qs = qs.filter(is_overdue=True)
    elif status:
        qs = qs.filter(status=status)
    if types:
        qs = qs.filter(organisation__type__in=types)
    return qs.order_by("organisation__name")


def status_counts(*, cycle) -> dict[str, int]:
    return dict(
        Submission.objects.filter(of_cycle(cycle))
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def submissions_due_for(*, user) -> QuerySet:
    """Open returns for the organisations this person leads or contributes to."""
    from sightline import policy

    from .models import Cycle, Submission

    return (
        Submission.objects.filter(
            organisation_id__in=set(policy.organisation_roles(user)), cycle__status=Cycle.Status.OPEN
        )
        .exclude(status__in=SUBMITTED_STATES)
        .select_related("cycle", "cycle__partnership", "organisation")
        .order_by("due_on")
    )


def returns_of(*, user, organisation, partnership) -> QuerySet:
    """An organisation's returns in this partnership, for those who may read them (as `submission_for`)."""
    from sightline import policy

    from .models import Submission

    qs = (
        Submission.objects.filter(in_partnership(partnership), organisation=organisation)
        .select_related("cycle", "cycle__partnership")
        .order_by("-cycle__opens_on")
    )
    if not policy.reads_every_return(user, partnership):
        qs = qs.filter(organisation_id__in=set(policy.organisation_roles(user)))
    return qs


def in_partnership(partnership) -> Q:
    """Returns to this partnership's cycles, and those another partnership's cycle shares with one of them."""
    return Q(cycle__partnership=partnership) | Q(
        pk__in=SharedReturn.objects.filter(cycle__partnership=partnership).values("submission_id")
    )


def submission_for(*, user, partnership, submission_id):
    """A return in this partnership that the person may see (`assessments.view_return`): the business team and
    the delegated partners see every return; an organisation's own people see theirs."""
    from sightline import policy

    from .models import Submission

    qs = Submission.objects.filter(in_partnership(partnership), pk=submission_id).select_related(
        "cycle", "cycle__partnership", "cycle__template", "organisation"
    )
    if not policy.reads_every_return(user, partnership):
        qs = qs.filter(organisation_id__in=set(policy.organisation_roles(user)))
    return qs.first()


def submission_overview(*, submission) -> dict:
    """Sections and standards of the return with how far each has got, in a fixed number of queries."""
    from . import answering
    from .models import Question

    template = submission.cycle.template
    questions = list(Question.objects.filter(template=template).select_related("standard").order_by("order"))
    answers = {a.question_id: a for a in submission.answers.all()}
    by_standard: dict = {}
    for question in questions:
        by_standard.setdefault(question.standard_id, []).append(question)
    sections = []
    for section in template.sections.prefetch_related("standards"):
        rows = []
        for standard in section.standards.all():
            qs = by_standard.get(standard.pk, [])
            missing = answering.missing_questions(qs, answers)
            answered = sum(1 for q in qs if answering.is_answered(answers.get(q.pk)))
            carried = any(answers.get(q.pk) and answers[q.pk].carried_forward for q in qs)
            status = (
                "complete" if not missing and answered else ("in_progress" if answered else "not_started")
            )
            rows.append({"standard": standard, "status": status, "carried": carried})
        done = sum(1 for row in rows if row["status"] == "complete")
        sections.append({"section": section, "rows": rows, "done": done, "total": len(rows)})
    total = sum(s["total"] for s in sections)
    done = sum(s["done"] for s in sections)
    return {
        "sections": sections,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
    }


def evidence_for(*, submission, standard) -> dict:
    """A standard's evidence questions, each with the files kept on this return (two queries), and what the
    upload form should say about accepted types and size."""
    from . import uploads
    from .models import EvidenceFile, Question

    questions = list(standard.questions.filter(kind=Question.Kind.EVIDENCE).order_by("order"))
    files: dict = {}
    if questions:
        for evidence in EvidenceFile.objects.filter(
            submission=submission, question__in=questions, removed_at__isnull=True
        ).select_related("uploaded_by"):
            files.setdefault(evidence.question_id, []).append(evidence)
    return {
        "questions": [{"question": q, "files": files.get(q.pk, [])} for q in questions],
        "accepted": uploads.ACCEPTED,
        "accept": uploads.ACCEPT_ATTRIBUTE,
        "max_bytes": uploads.max_bytes(),
    }
