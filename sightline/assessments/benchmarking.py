"""Synthetic data for the composite benchmark (`manage.py bench_composite`, docs/performance.md): one partnership,
a register of organisations of a template's audience types, last year's and this year's cycle of that template,
and every return filled in with bulk inserts. The same seed gives the same data. Only ever for a dedicated,
throwaway benchmark database: nothing here is used by the application."""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from sightline.partnerships.models import Affiliation, Organisation, Partnership, PartnershipMembership
from sightline.partnerships.services import partnership_create

from . import cycles
from .models import ActionArising, Answer, Cycle, Question, Submission, Template

# The share of a register by type: many voluntary and health providers, a few statutory bodies.
TYPE_WEIGHTS = {
    "voluntary": 38,
    "other_health": 18,
    "other": 14,
    "youth_justice": 8,
    "nhs_trust": 6,
    "probation": 5,
    "local_authority": 4,
    "icb": 3,
    "police": 4,
}
# Best level first; None is a rating left unanswered.
RATING_WEIGHTS = {"this": (45, 35, 15, 5), "last": (40, 37, 18, 5)}
# (status, share %) of returns. 10% never started; 85% counted (submitted or accepted); the rest under way.
STATUS_MIX = [
    ("not_started", 10),
    ("accepted", 50),
    ("submitted", 35),
    ("in_progress", 3),
    ("awaiting_sign_off", 1),
    ("returned", 1),
]
DONE = ("submitted", "accepted")
SUBJECTS = [
    "Our safeguarding lead",
    "The board",
    "Every team manager",
    "The quality team",
    "Supervision",
    "Our training programme",
    "The annual audit",
    "Front-line staff",
    "The designated officer",
    "Our commissioning team",
]
VERBS = ["reviews", "checks", "reports on", "records", "tests", "discusses", "follows up", "monitors"]
OBJECTS = [
    "referrals to children's social care",
    "the single central record",
    "allegations against staff",
    "training completion every quarter",
    "the voice of the child in case records",
    "multi-agency information sharing",
    "policies against the partnership's procedures",
    "learning from practice reviews",
    "safer recruitment checks",
    "feedback from families and carers",
]
TAILS = [
    "",
    " and reports the findings to the board.",
    ", though evidence of impact is still limited.",
    " with actions tracked to completion.",
    "; a gap was found in the last audit.",
]
ACTIONS = [
    "Refresh safeguarding training for all front-line staff",
    "Audit a sample of case records for the voice of the child",
    "Add safeguarding clauses to every new contract",
    "Report training completion to the board every quarter",
    "Review the allegations management procedure",
    "Set up regular supervision for the safeguarding lead",
]
LEADS = ["Head of safeguarding", "Named nurse", "Director of operations", "Quality lead", "HR manager"]


def sentence(rng: random.Random) -> str:
    tail = rng.choice(TAILS) or "."
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{tail}"


def uid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@dataclass
class BenchData:
    partnership: object
    user: object
    cycle: Cycle
    previous: Cycle
    timings: dict = field(default_factory=dict)  # phase -> seconds
    counts: dict = field(default_factory=dict)  # table -> rows made


class _Clock:
    def __init__(self, timings: dict):
        self.timings, self.start = timings, time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = now - self.start
        self.start = now


def build(*, template: Template, organisations: int, seed: int) -> BenchData:
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not secrets)
    timings: dict = {}
    clock = _Clock(timings)
    user = get_user_model().objects.create_user("bench-business-team@example.test", full_name="Bench Team")
    partnership = partnership_create(
        by=None, name="Bench Safeguarding Children Partnership", slug="bench", area="Bench", la_code="990"
    )
    PartnershipMembership.objects.create(
        user=user, partnership=partnership, role=PartnershipMembership.Role.BUSINESS_TEAM
    )
    _second_factor(user)
    types = [kind for kind in TYPE_WEIGHTS if kind in template.audience] or list(template.audience)
    weights = [TYPE_WEIGHTS.get(kind, 1) for kind in types]
    orgs = [
        Organisation(
            id=uid(rng),
            name=f"Bench {Organisation.Type(kind).label} {number:04d}",
            type=kind,
            section11_duty=True,
        )
        for number, kind in enumerate(rng.choices(types, weights, k=organisations), start=1)
    ]
    Organisation.objects.bulk_create(orgs, batch_size=1000)
    Affiliation.objects.bulk_create(
        [Affiliation(partnership=partnership, organisation=org) for org in orgs], batch_size=1000
    )
    clock.lap("register: partnership, user, organisations")
    made = {}
    this_year = date.today().year
    for key, year in (("last", this_year - 1), ("this", this_year)):
        cycle = cycles.cycle_create(
            by=user,
            partnership=partnership,
            template=template,
            title=f"{template.title} {year}",
            opens_on=date(year, 1, 6),
            closes_on=date(year, 3, 28),
            audience_types=types,
        )
        cycles.cycle_open(by=user, cycle=cycle)
        made[key] = Cycle.objects.select_related("template", "partnership").get(pk=cycle.pk)
    clock.lap("two cycles created and opened")
    counts: dict = {"organisations": organisations}
    for key in ("last", "this"):
        with transaction.atomic():
            made_here = fill(made[key], rng=rng, ratings=RATING_WEIGHTS[key], finished_actions=key == "last")
        for table, n in made_here.items():
            counts[f"{table} ({key} year)"] = n
        cycles.cycle_close(by=user, cycle=made[key])
        clock.lap(f"{key} year's returns filled in")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    clock.lap("ANALYZE")
    return BenchData(partnership, user, made["this"], made["last"], timings, counts)


EXTRA_KINDS = ["text", "multiple_choice", "yes_no_partly", "text", "yes_no"]


def padded_template(template: Template, questions: int) -> Template:
    """A copy of the template, loaded into this database only, with extra questions (text, checklists, yes/no)
    spread over its standards until it has `questions` in all: the same shape, at a chosen size."""
    import yaml

    from .services import template_load

    path = Path(settings.BASE_DIR) / template.source_file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    standards = [standard for section in data["sections"] for standard in section["standards"]]
    have = sum(len(standard["questions"]) for standard in standards)
    for number in range(max(0, questions - have)):
        standard = standards[number % len(standards)]
        kind = EXTRA_KINDS[number // len(standards) % len(EXTRA_KINDS)]
        extra = {"key": f"{standard['key']}-bench-{number}", "text": f"Extra question {number + 1}?"}
        extra.update(kind=kind, required=False)
        if kind == "multiple_choice":
            extra["choices"] = [{"value": f"item-{i}", "label": f"Item {i}"} for i in range(1, 7)]
        standard["questions"].append(extra)
    data.update(key=f"{data['key']}-bench", title=f"{data['title']} (padded to {questions} questions)")
    content = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return template_load(by=None, content=content, filename=f"{template.source_file} (padded)").template


def existing() -> BenchData:
    """The data an earlier run built in this database, to measure again without building it again."""
    partnership = Partnership.objects.get(slug="bench")
    user = get_user_model().objects.get(email="bench-business-team@example.test")
    this, last = Cycle.objects.filter(partnership=partnership).select_related("template", "partnership")[:2]
    counts: dict = {"organisations": Affiliation.objects.filter(partnership=partnership).count()}
    for key, cycle in (("last", last), ("this", this)):
        counts[f"answers ({key} year)"] = Answer.objects.filter(submission__cycle=cycle).count()
        counts[f"actions ({key} year)"] = ActionArising.objects.filter(submission__cycle=cycle).count()
        counts[f"returns ({key} year)"] = cycle.submissions.count()
        counts[f"counted returns ({key} year)"] = cycle.submissions.filter(status__in=DONE).count()
    return BenchData(partnership, user, this, last, {}, counts)


def _second_factor(user) -> None:
    """A TOTP authenticator row, so the business-team user passes the second-factor check as in production."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "bench-not-a-secret"}
    )


def _statuses(rng: random.Random, n: int) -> list[str]:
    """Exactly the shares of STATUS_MIX (rounded down; the rest accepted), in a shuffled order."""
    statuses = [name for name, share in STATUS_MIX for _ in range(n * share // 100)]
    statuses += ["accepted"] * (n - len(statuses))
    rng.shuffle(statuses)
    return statuses


def _answer(question: Question, rng: random.Random, ratings, levels: list[dict]) -> dict | None:
    """The fields of one answer, or None where it is left blank."""
    kind = question.kind
    if kind == Question.Kind.RATING:
        pool = [*levels[:3], None]
        level = rng.choices(pool, ratings[: len(pool) - 1] + ratings[-1:], k=1)[0]
        return None if level is None else {"choice": str(level["value"]), "score": level.get("score")}
    if kind == Question.Kind.TEXT:
        if not question.required and rng.random() < 0.1:
            return None
        return {"text": " ".join(sentence(rng) for _ in range(rng.choice((1, 1, 2))))}
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return {"choices": [c["value"] for c in question.choices if rng.random() < 0.65]}
    if kind == Question.Kind.YES_NO_PARTLY:
        return {"choice": rng.choices(["yes", "partly", "no"], (60, 30, 10), k=1)[0]}
    if kind == Question.Kind.YES_NO:
        return {"choice": rng.choices(["yes", "no"], (75, 25), k=1)[0]}
    if kind == Question.Kind.SINGLE_CHOICE:
        return {"choice": str(rng.choice(question.choices)["value"])} if question.choices else None
    if kind == Question.Kind.NUMBER:
        return {"number": rng.randint(0, 500)}
    if kind == Question.Kind.DATE:
        return {"date": date.today() - timedelta(days=rng.randint(0, 365))}
    return None  # evidence questions take files, not answers


def fill(cycle: Cycle, *, rng: random.Random, ratings, finished_actions: bool) -> dict:
    """Answer every started return of a cycle and set its status; returns the rows made per table."""
    questions = [
        q
        for q in Question.objects.filter(template_id=cycle.template_id).order_by("order")
        if q.kind != Question.Kind.EVIDENCE
    ]
    by_key = {q.key: q for q in questions}
    standards = list(cycle.template.standards.values_list("pk", flat=True))
    levels = cycle.template.levels
    submissions = list(cycle.submissions.order_by("organisation__name"))
    statuses = _statuses(rng, len(submissions))
    stamp = timezone.make_aware(datetime.combine(cycle.closes_on - timedelta(days=3), datetime.min.time()))
    answers, actions, made = [], [], {"answers": 0, "actions": 0}

    def flush(final: bool = False) -> None:
        if len(answers) >= 10000 or final:
            Answer.objects.bulk_create(answers, batch_size=2000)
            made["answers"] += len(answers)
            answers.clear()

    for submission, status in zip(submissions, statuses, strict=True):
        submission.status = status
        if status == "not_started":
            continue
        share = 1.0 if status in ("accepted", "submitted", "awaiting_sign_off", "returned") else rng.random()
        given: dict = {}
        for question in questions[: max(1, int(len(questions) * share))]:
            condition = question.show_if
            if condition and given.get(condition.get("question")) not in condition.get("in", []):
                continue
            fields = _answer(question, rng, ratings, levels)
            if fields is None:
                continue
            given[question.key] = fields.get("choice")
            answers.append(
                Answer(
                    id=uid(rng),
                    submission=submission,
                    question=by_key[question.key],
                    updated_at=stamp,
                    **fields,
                )
            )
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            progress = rng.choice(list(ActionArising.Progress)) if finished_actions else "not_started"
            actions.append(
                ActionArising(
                    id=uid(rng),
                    submission=submission,
                    standard_id=rng.choice(standards),
                    what=rng.choice(ACTIONS),
                    lead=rng.choice(LEADS),
                    due_on=cycle.closes_on + timedelta(days=rng.randint(30, 300)),
                    progress=progress,
                    rag=rng.choice(list(ActionArising.Rag)) if finished_actions else "",
                )
            )
        if status in DONE:
            submission.submitted_at = stamp
            submission.accepted_at = stamp if status == "accepted" else None
        flush()
    flush(final=True)
    ActionArising.objects.bulk_create(actions, batch_size=2000)
    made["actions"] = len(actions)
    Submission.objects.bulk_update(submissions, ["status", "submitted_at", "accepted_at"], batch_size=500)
    made["returns"] = len(submissions)
    made["counted returns"] = sum(status in DONE for status in statuses)
    return made
