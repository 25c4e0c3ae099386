"""Where each partnership's reports were presented: the usual bodies, and each report the register can name (the
issued composites of past cycles, and any issued ISO reports, yearly reports and approved briefings there are by
then) presented to one or two bodies, through the register's services, with a question or two raised; the latest
report is also planned for a body in the coming weeks, so the register has presentations of every state."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sightline.governance.models import ReportingBody
from sightline.governance.presentations import questions, services
from sightline.governance.presentations.selectors import REPORT_KINDS, reports_offered

from .register import Register
from .text import sentence

OUTCOMES = [
    "Received and noted; the body asked for an update in six months.",
    "The body endorsed the report's recommendations.",
    "Noted, with thanks to the partners; members asked about the voice of the child.",
]
QUESTIONS = [
    "How do we know practice has changed for children, not only the procedures?",
    "Which agencies have not yet answered the recommendations?",
    "What is the partnership doing about the schools that did not return their self-assessment?",
    "How are families' views gathered and used?",
]


def presentations_make(register: Register, rng: random.Random, today: date) -> int:
    by, partnership = register.business, register.partnership
    services.bodies_ensure(partnership=partnership)
    bodies = list(ReportingBody.objects.filter(partnership=partnership, active=True).order_by("name"))
    if not bodies:
        return 0
    reports = [
        (kind, report)
        for kind in REPORT_KINDS
        for report in reports_offered(partnership=partnership, kind=kind)
    ]
    made = 0
    for number, (kind, report) in enumerate(reports):
        for body in rng.sample(bodies, k=min(len(bodies), rng.randint(1, 2))):
            on = today - timedelta(days=rng.randint(10, 120))
            presentation = _plan(by, partnership, body, on, kind, report, rng)
            services.presentation_record(
                by=by,
                presentation=presentation,
                on=on,
                outcome=rng.choice(OUTCOMES),
                minute_reference=f"MIN/{on:%Y}/{number + 1:02d}-{made + 1}",
            )
            for text in rng.sample(QUESTIONS, k=rng.randint(0, 2)):
                questions.question_add(by=by, presentation=presentation, text=text, answer=sentence(rng))
            made += 1
    if reports:
        kind, report = reports[-1]
        _plan(
            by, partnership, rng.choice(bodies), today + timedelta(days=rng.randint(3, 60)), kind, report, rng
        )
        made += 1
    return made


def _plan(by, partnership, body, on, kind, report, rng):
    """Half presented by the business team's own, half by someone named (a chair, a director)."""
    named = rng.random() < 0.5
    return services.presentation_plan(
        by=by,
        partnership=partnership,
        body=body,
        on=on,
        report_kind=kind,
        report=report,
        presenter=None if named else by,
        presenter_name="Independent chair of the partnership" if named else "",
    )
