"""The return, tracking, composite and progress pages make as many queries with 1,000 returns as with 10
(issue 3, "Done when"). Returns are added with bulk inserts so the test stays quick."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from sightline.assessments.models import ActionArising, Answer, Question, Submission
from sightline.partnerships.models import Affiliation, Organisation

from ..query_budget import assert_flat
from ..test_access_matrix import open_cycle

ANSWERS = {
    Question.Kind.YES_NO_PARTLY: {"choice": "yes"},
    Question.Kind.TEXT: {"text": "We have a named lead who reports to the board each quarter."},
    Question.Kind.MULTIPLE_CHOICE: {"choices": ["policy"]},
}
RATINGS = ("green", "amber", "red")


def add_returns(cycle, *, count: int, start: int) -> None:
    """`count` more organisations in the cycle's partnership, each with a submitted, answered return and an
    action arising."""
    questions = list(Question.objects.filter(template=cycle.template).select_related("standard"))
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(id=uuid.uuid4(), name=f"Scale Trust {n:04d}", type=Organisation.Type.NHS_TRUST)
            for n in range(start, start + count)
        ]
    )
    Affiliation.objects.bulk_create(
        [Affiliation(partnership=cycle.partnership, organisation=org) for org in organisations]
    )
    returns = Submission.objects.bulk_create(
        [
            Submission(
                id=uuid.uuid4(),
                cycle=cycle,
                organisation=org,
                due_on=cycle.closes_on,
                status=Submission.Status.SUBMITTED,
            )
            for org in organisations
        ]
    )
    answers, actions = [], []
    for n, submission in enumerate(returns):
        for question in questions:
            if question.kind == Question.Kind.RATING:
                rating = RATINGS[n % 3]
                fields = {"choice": rating, "score": 3 - RATINGS.index(rating)}
            else:
                fields = ANSWERS.get(question.kind)
            if fields:
                answers.append(Answer(submission=submission, question=question, **fields))
        actions.append(
            ActionArising(
                submission=submission,
                standard=questions[0].standard,
                what="Refresh the training plan",
                lead="Named lead",
                due_on=date(2027, 3, 1),
            )
        )
    Answer.objects.bulk_create(answers, batch_size=2000)
    ActionArising.objects.bulk_create(actions, batch_size=2000)


PAGES = [
    ("agency_a_lead", "return_overview", 22),
    ("agency_a_lead", "return_standard", 20),
    ("business_team", "cycle_detail", 15),
    ("business_team", "cycle_composite", 30),
    ("business_team", "progress_report", 18),
]


@pytest.mark.parametrize("role,name,bound", PAGES, ids=[f"{p[1]}-{p[0]}" for p in PAGES])
def test_page_queries_are_the_same_at_10_and_1000_returns(world, client_for, role, name, bound):
    cycle = open_cycle(world)
    own = cycle.submissions.get(organisation=world.agency_a)
    add_returns(cycle, count=9, start=0)
    assert cycle.submissions.count() == 10
    kwargs = {"slug": world.partnership.slug}
    if name.startswith("return_"):
        kwargs["submission_id"] = own.pk
        if name == "return_standard":
            kwargs["standard_id"] = cycle.template.standards.first().pk
    else:
        kwargs["cycle_id"] = cycle.pk

    def grow():
        add_returns(cycle, count=990, start=9)

    assert_flat(client_for(world.users[role]), reverse(name, kwargs=kwargs), grow, bound=bound)
    assert cycle.submissions.count() == 1000
