"""Reads of cases, case audits and panels, always scoped to the person asking.

- The business team sees every activity's case sample, the panel and where each audit stands, but an audit's
  content only if they are on its panel.
- A panel member sees the sample of their activity and reads its submitted audits, until the activity finishes.
- An agency's safeguarding lead sees, writes and reads back their own agency's audits, and nothing else.
Anything outside a person's scope is simply absent, so its page answers 404."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from sightline import policy
from sightline.assessments import answering
from sightline.assessments.answering import FIXED_CHOICES
from sightline.assessments.models import Question
from sightline.assurance.models import Activity
from sightline.partnerships.models import Organisation, OrganisationMembership, Partnership

from .cases import CASE_KINDS
from .models import Case, CaseAudit, PanelMember, PanelNote

S = CaseAudit.Status


def case_audits_complete(activity: Activity) -> bool:
    """Every requested audit of the activity is submitted, and at least one was requested. The assurance
    lifecycle asks this before the "case audits returned" step."""
    audits = CaseAudit.objects.filter(case__activity=activity)
    return audits.exists() and not audits.exclude(status=S.SUBMITTED).exists()


def panel_has_enquiries(activity: Activity) -> bool:
    """A panel member has written at least one line of enquiry for the activity. The assurance lifecycle asks
    this before the "panel prepared" step."""
    return PanelNote.objects.filter(activity=activity, kind=PanelNote.Kind.ENQUIRY).exists()


def _on_open_panel(user) -> Exists:
    return Exists(PanelMember.objects.filter(activity=OuterRef("pk"), user=user))


def activities_visible_to(*, user, partnership: Partnership) -> QuerySet[Activity]:
    """The activities whose casework this person sees: all that take a case sample for the business team;
    otherwise those whose panel they sit on, while the activity is open."""
    qs = Activity.objects.filter(partnership=partnership)
    if policy.is_business_team(user, partnership):
        return qs.filter(Q(kind__in=CASE_KINDS) | Q(pk__in=Case.objects.values("activity_id")))
    return qs.filter(_on_open_panel(user)).exclude(status__in=policy.PANEL_ENDED_STATES)


def casework_list(*, user, partnership: Partnership) -> QuerySet[Activity]:
    return (
        activities_visible_to(user=user, partnership=partnership)
        .annotate(
            case_count=Count("cases", distinct=True),
            audit_count=Count("cases__audits", distinct=True),
            submitted_count=Count(
                "cases__audits", filter=Q(cases__audits__status=S.SUBMITTED), distinct=True
            ),
        )
        .order_by("-created_at")
    )


def activity_for(*, user, partnership: Partnership, activity_id) -> Activity | None:
    return (
        activities_visible_to(user=user, partnership=partnership)
        .select_related("partnership")
        .filter(pk=activity_id)
        .first()
    )


def cases_of(*, activity: Activity) -> QuerySet[Case]:
    """The sample with each case's agencies and audits: three queries whatever its size."""
    return activity.cases.prefetch_related(
        "agencies",
        Prefetch(
            "audits", queryset=CaseAudit.objects.select_related("organisation").order_by("organisation__name")
        ),
    ).order_by("created_at", "reference")


def sample_rows(*, user, activity: Activity, on_panel: bool) -> list[dict]:
    """Each case with, per involved agency, its audit (None before the request) and whether this person may open
    it: their own agency's audit, or, from a seat on the open panel (`on_panel`), a submitted one."""
    led = policy.led_organisation_ids(user)
    rows = []
    for case in cases_of(activity=activity):
        audits = {a.organisation_id: a for a in case.audits.all()}
        agencies = []
        for agency in sorted(case.agencies.all(), key=lambda a: a.name):
            found = audits.get(agency.pk)
            readable = found is not None and (agency.pk in led or (on_panel and found.status == S.SUBMITTED))
            agencies.append({"agency": agency, "audit": found, "readable": readable})
        rows.append({"case": case, "agencies": agencies})
    return rows


def panel_of(*, activity: Activity) -> QuerySet[PanelMember]:
    return activity.panel.select_related("user").order_by("role", "user__full_name")


def notes_of(*, activity: Activity) -> QuerySet[PanelNote]:
    return activity.panel_notes.select_related("author", "case").order_by(
        "kind", "author__full_name", "created_at"
    )


def agencies_without_a_lead(*, activity: Activity) -> list[Organisation]:
    """Involved agencies whose audits no one can write: no one holds their safeguarding lead role."""
    involved = Case.agencies.through.objects.filter(case__activity=activity).values("organisation_id")
    return list(
        Organisation.objects.filter(pk__in=involved)
        .exclude(
            pk__in=OrganisationMembership.objects.filter(
                role=OrganisationMembership.Role.LEAD, user__is_active=True
            ).values("organisation_id")
        )
        .order_by("name")
    )


def readable_audits(*, user, partnership: Partnership) -> QuerySet[CaseAudit]:
    """The audits this person may read: their own agencies' in any state, and the submitted audits of the
    open activities whose panel they sit on."""
    led = policy.led_organisation_ids(user)
    panel = Exists(PanelMember.objects.filter(activity=OuterRef("case__activity"), user=user))
    return (
        CaseAudit.objects.filter(case__activity__partnership=partnership)
        .filter(
            Q(organisation_id__in=led)
            | (Q(status=S.SUBMITTED) & panel & ~Q(case__activity__status__in=policy.PANEL_ENDED_STATES))
        )
        .select_related("case__activity__partnership", "organisation", "template", "submitted_by")
    )


def case_audit_for(*, user, partnership: Partnership, audit_id) -> CaseAudit | None:
    return readable_audits(user=user, partnership=partnership).filter(pk=audit_id).first()


def our_audits(*, user, partnership: Partnership) -> QuerySet[CaseAudit]:
    """The audits asked of the organisations this person leads, in this partnership."""
    return (
        CaseAudit.objects.filter(
            case__activity__partnership=partnership, organisation_id__in=policy.led_organisation_ids(user)
        )
        .select_related("case__activity", "organisation")
        .order_by("status", "due_on", "case__reference")
    )


def audit_answers(*, case_audit: CaseAudit) -> list[dict]:
    """The audit as its sections, each standard with its questions and answers: four queries."""
    template = case_audit.template
    answers = {a.question_id: a for a in case_audit.answers.all()}
    standards = list(
        template.standards.select_related("section").prefetch_related("questions").order_by("order")
    )
    sections: list[dict] = []
    for standard in standards:
        if not sections or sections[-1]["section"].pk != standard.section_id:
            sections.append({"section": standard.section, "standards": []})
        rows = []
        for question in standard.questions.all():
            if question.kind == Question.Kind.EVIDENCE:
                continue
            answer = answers.get(question.pk)
            rows.append(
                {"question": question, "answer": answer, **answer_shown(question, answer, template.scale)}
            )
        answered = sum(1 for row in rows if row["shown"])
        left = sum(1 for row in rows if row["question"].required and not row["shown"])
        state = "complete" if not left else ("in_progress" if answered else "not_started")
        sections[-1]["standards"].append({"standard": standard, "rows": rows, "state": state})
    return sections


def answer_shown(question: Question, answer, scale: dict) -> dict:
    """An answer as words ("Good", "Yes", the text) and, for a grade, its tag colour."""
    if answer is None or not answering.is_answered(answer):
        return {"shown": "", "colour": ""}
    if answer.not_applicable:
        return {"shown": "Not applicable", "colour": "grey"}
    kind = question.kind
    if kind == Question.Kind.RATING:
        level = next((lv for lv in scale.get("levels", []) if lv["value"] == answer.choice), None)
        return {
            "shown": level["label"] if level else answer.choice,
            "colour": level["colour"] if level else "",
        }
    if kind in FIXED_CHOICES:
        return {"shown": dict(FIXED_CHOICES[kind]).get(answer.choice, answer.choice), "colour": ""}
    labels = {c["value"]: c["label"] for c in question.choices}
    if kind == Question.Kind.SINGLE_CHOICE:
        return {"shown": labels.get(answer.choice, answer.choice), "colour": ""}
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return {"shown": "; ".join(labels.get(v, v) for v in answer.choices), "colour": ""}
    if kind == Question.Kind.NUMBER:
        return {"shown": f"{answer.number:g}", "colour": ""}
    if kind == Question.Kind.DATE:
        return {"shown": f"{answer.date:%-d %B %Y}", "colour": ""}
    return {"shown": answer.text, "colour": ""}
