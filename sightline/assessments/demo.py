"""Demo self-assessments for the demo partnership, each made through the services so it carries its history:
last year's Section 11 round, finished (the hospital trust's return accepted, the composite issued, progress on
its actions collected six months on, the cycle archived); and this year's three rounds part-way: the hospital
trust's Section 11 return being written from last year's answers, the school's audit waiting for the chair of
governors to sign it off, and the nursery's audit submitted for the business team to review. Every word is
invented. Idempotent: a cycle that is already there is left alone. Dates are relative to today."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from sightline.partnerships.models import Organisation, Partnership

from . import cycles, progress, submissions
from .models import ActionArising, Cycle, Question, Submission, Template

EMAIL_DOMAIN = "demo.sightline.test"
LAST_YEAR = "Section 11 self-assessment: last year's round"
SECTION11 = "Section 11 self-assessment: this year's round"
SCHOOLS = "Schools safeguarding audit: this year's round"
EARLY_YEARS = "Early years safeguarding audit: this year's round"
HOSPITAL = "Demo Hospitals NHS Foundation Trust"
COMMUNITY = "Demo Community Health NHS Trust"
NURSERY = "Acorn Day Nursery"
SCHOOL_OFFICES = ["Designated safeguarding lead", "Chair of governors"]
TEXT = "Reported to the trust board every quarter, with the audit results and what changed because of them."
ACTIONS = [
    ("Train every ward manager in safeguarding supervision", "Head of safeguarding", 120),
    ("Add the child's voice to the discharge checklist", "Named nurse", 200),
]


def _person(local: str):
    return get_user_model().objects.filter(email=f"{local}@{EMAIL_DOMAIN}").first()


def _organisation(partnership: Partnership, name: str) -> Organisation:
    return Organisation.objects.get(name=name, affiliations__partnership=partnership)


def _template(key: str) -> Template | None:
    return Template.objects.filter(key=key).order_by("-version").first()


def demo_assessments_load(partnership: Partnership) -> None:
    business = _person("business")
    leads = {local: _person(local) for local in ("agency.lead", "school.dsl", "earlyyears.lead")}
    if business is None or None in leads.values():
        return  # the demo accounts are not loaded yet
    builders = {
        LAST_YEAR: _last_year,
        SECTION11: _section11,
        SCHOOLS: _schools,
        EARLY_YEARS: _early_years,
    }
    for title, build in builders.items():
        if not Cycle.objects.filter(partnership=partnership, title=title).exists():
            build(partnership, business, leads)


def _launch(partnership, business, *, key, title, opened, closes, named, sign_off_by=None) -> Cycle | None:
    template = _template(key)
    if template is None:
        return None  # the template library is not loaded (manage.py load_templates)
    today = timezone.localdate()
    cycle = cycles.cycle_create(
        by=business,
        partnership=partnership,
        template=template,
        title=title,
        opens_on=today - timedelta(days=opened),
        closes_on=today + timedelta(days=closes),
        audience_types=[],
        audience_organisations=[_organisation(partnership, name) for name in named],
        sign_off_by=sign_off_by,
    )
    cycles.cycle_open(by=business, cycle=cycle)
    return cycle


def _return(cycle: Cycle, name: str) -> Submission:
    return cycle.submissions.select_related("cycle__template", "organisation").get(organisation__name=name)


def _value(question: Question, scale: dict, number: int):
    """A plausible answer: ratings spread over the upper half of the scale, the first choice, plain words."""
    kind = question.kind
    if kind == Question.Kind.RATING:
        levels = scale["levels"]
        return levels[number % max(1, len(levels) // 2)]["value"]
    if kind in (Question.Kind.YES_NO, Question.Kind.YES_NO_PARTLY):
        return "yes"
    if kind == Question.Kind.SINGLE_CHOICE:
        return question.choices[0]["value"]
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return [question.choices[0]["value"]]
    if kind == Question.Kind.NUMBER:
        return question.minimum if question.minimum is not None else Decimal(4)
    if kind == Question.Kind.DATE:
        return timezone.localdate() - timedelta(days=60)
    if kind == Question.Kind.TEXT:
        return TEXT
    return None  # evidence is uploaded, never typed


def _answer(submission: Submission, by, *, standards: int | None = None) -> None:
    """Answer every question of the first `standards` standards (all of them when None), one save each, as the
    lead would on each standard's page."""
    scale = submission.cycle.template.scale
    chosen = submission.cycle.template.standards.prefetch_related("questions").order_by(
        "section__order", "order"
    )
    for number, standard in enumerate(chosen[:standards] if standards is not None else chosen):
        values = {
            question.key: value
            for question in standard.questions.all()
            if (value := _value(question, scale, number)) is not None
        }
        submissions.standard_save(by=by, submission=submission, standard=standard, values=values, versions={})


def _complete(submission: Submission, lead, *, office: str, role: str, submit: bool) -> None:
    _answer(submission, lead)
    submissions.submission_ready_for_sign_off(by=lead, submission=submission)
    submissions.submission_sign_off(
        by=lead, submission=submission, office=office, name=lead.full_name, role=role
    )
    if submit:
        submissions.submission_submit(by=lead, submission=submission)


def _last_year(partnership, business, leads) -> None:
    lead = leads["agency.lead"]
    cycle = _launch(
        partnership,
        business,
        key="section11-joint",
        title=LAST_YEAR,
        opened=400,
        closes=-310,
        named=[HOSPITAL, COMMUNITY],
    )
    if cycle is None:
        return
    hospital = _return(cycle, HOSPITAL)
    _answer(hospital, lead)
    first_standard = cycle.template.standards.order_by("section__order", "order").first()
    for what, who, due_in in ACTIONS:
        submissions.action_add(
            by=lead,
            submission=hospital,
            standard=first_standard,
            what=what,
            lead=who,
            due_on=timezone.localdate() + timedelta(days=due_in),
        )
    submissions.submission_ready_for_sign_off(by=lead, submission=hospital)
    submissions.submission_sign_off(
        by=lead, submission=hospital, office="Safeguarding lead", name=lead.full_name, role="Named nurse"
    )
    submissions.submission_submit(by=lead, submission=hospital)
    submissions.submission_accept(by=business, submission=hospital)
    cycles.cycle_close(by=business, cycle=cycle)
    progress.cycle_issue_composite(by=business, cycle=cycle)
    progress.cycle_open_progress_round(by=business, cycle=cycle)
    done, started = hospital.actions.order_by("due_on")
    progress.action_progress_update(
        by=lead,
        action=done,
        progress=ActionArising.Progress.COMPLETE,
        rag=ActionArising.Rag.GREEN,
        commentary="Every ward manager has had the training; supervision records show it in use.",
    )
    progress.action_progress_update(
        by=lead,
        action=started,
        progress=ActionArising.Progress.IN_PROGRESS,
        rag=ActionArising.Rag.AMBER,
        commentary="The checklist is agreed; two wards still use the old one.",
    )
    progress.cycle_archive(by=business, cycle=cycle)


def _section11(partnership, business, leads) -> None:
    cycle = _launch(
        partnership,
        business,
        key="section11-joint",
        title=SECTION11,
        opened=30,
        closes=60,
        named=[HOSPITAL, COMMUNITY],
    )
    if cycle is not None:
        _answer(_return(cycle, HOSPITAL), leads["agency.lead"], standards=2)


def _schools(partnership, business, leads) -> None:
    dsl = leads["school.dsl"]
    school = dsl.organisation_roles.select_related("organisation").first().organisation
    cycle = _launch(
        partnership,
        business,
        key="schools-kcsie",
        title=SCHOOLS,
        opened=30,
        closes=60,
        named=[school.name],
        sign_off_by=SCHOOL_OFFICES,
    )
    if cycle is not None:
        _complete(
            _return(cycle, school.name),
            dsl,
            office=SCHOOL_OFFICES[0],
            role="Designated safeguarding lead",
            submit=False,
        )


def _early_years(partnership, business, leads) -> None:
    cycle = _launch(
        partnership,
        business,
        key="early-years-eyfs",
        title=EARLY_YEARS,
        opened=45,
        closes=45,
        named=[NURSERY],
    )
    if cycle is not None:
        _complete(
            _return(cycle, NURSERY),
            leads["earlyyears.lead"],
            office="Safeguarding lead",
            role="Nursery manager",
            submit=True,
        )
