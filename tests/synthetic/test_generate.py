"""The synthetic data generator (sightline/synthetic): the same seed gives the same data, the data looks like a
working partnership's (not all green, some late, some never started), the audit trail it leaves is intact, and it
refuses a database that is not a fresh, dedicated one."""

from collections import Counter

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from sightline.assessments.models import Answer, Cycle, Question, SharedReturn, Submission, Template
from sightline.assurance.models import Activity
from sightline.audit.verification import verify_chain
from sightline.casework.models import CaseAudit
from sightline.improvement.models import Action, Escalation
from sightline.partnerships.models import PartnershipMembership
from sightline.synthetic.generate import generate
from sightline.synthetic.register import PASSWORD

from .. import factories

pytestmark = pytest.mark.django_db


def _generate_and_forget(seed: int):
    """Generate, read what was made, and roll it back: the audit trail refuses DELETE, so a second run needs
    the first undone by its transaction."""
    with transaction.atomic():
        outcome = generate(scale="tiny", seed=seed)
        transaction.set_rollback(True)
    return outcome


def test_the_same_seed_gives_the_same_data_and_another_seed_different_data():
    first, second = _generate_and_forget(7), _generate_and_forget(7)
    assert first.counts == second.counts
    assert first.fingerprint == second.fingerprint
    assert first.counts["Answers"] > 1000 and first.counts["Actions"] > 100
    assert _generate_and_forget(8).fingerprint != first.fingerprint


def test_the_data_looks_like_a_working_partnership_and_its_audit_trail_is_intact():
    outcome = generate(scale="tiny", seed=5)
    _returns_are_spread_like_a_real_cycle()
    _actions_activities_and_people_are_spread_too(outcome)
    report = verify_chain()
    assert report.ok, report.reason
    assert report.checked == outcome.counts["Audit events"]


def _returns_are_spread_like_a_real_cycle():
    today = timezone.localdate()
    statuses = Counter(Submission.objects.values_list("status", flat=True))
    total = sum(statuses.values())
    counted = statuses["submitted"] + statuses["accepted"]
    assert 0.5 < counted / total < 0.9
    assert statuses["not_started"] and statuses["in_progress"] and statuses["returned"]
    current = Submission.objects.filter(cycle__status=Cycle.Status.OPEN)
    assert current.filter(status="not_started").exists()
    late = [s for s in Submission.objects.exclude(submitted_at=None) if s.submitted_at.date() > s.due_on]
    assert 0 < len(late) < counted / 2
    assert current.filter(due_on__lt=today, status__in=("not_started", "in_progress")).exists()  # overdue now
    rated = top = 0
    for template in Template.objects.filter(cycles__isnull=False).distinct():
        answers = Answer.objects.filter(question__template=template, question__kind=Question.Kind.RATING)
        rated += answers.exclude(choice="").count()
        top += answers.filter(choice=template.levels[0]["value"]).count()
        assert answers.values("choice").distinct().count() >= 3, template.key
    assert 0.25 < top / rated < 0.65  # not all green
    assert set(Cycle.objects.values_list("status", flat=True)) == {"open", "progress_round"}
    assert SharedReturn.objects.exists()  # the shared police force and ICB answer once for both partnerships


def _actions_activities_and_people_are_spread_too(outcome):
    today = timezone.localdate()
    statuses = Counter(Action.objects.values_list("status", flat=True))
    assert len(statuses) >= 5 and statuses["open"] + statuses["in_progress"] < sum(statuses.values())
    overdue = Action.objects.filter(status__in=("open", "in_progress"), due_on__lt=today).count()
    assert 0 < overdue < sum(statuses.values()) / 4
    assert Escalation.objects.exists()
    assert len(set(Activity.objects.values_list("kind", flat=True))) >= 5
    assert len(set(Activity.objects.values_list("status", flat=True))) >= 4
    assert set(CaseAudit.objects.values_list("status", flat=True)) >= {"submitted"}
    for role in PartnershipMembership.Role.values:
        people = PartnershipMembership.objects.filter(role=role).select_related("user")
        assert people.exists(), role
        assert all(p.user.email.endswith(".synthetic.test") for p in people)
        assert all(p.user.check_password(PASSWORD) for p in people[:1])
    needing = PartnershipMembership.objects.filter(role__in=("business_team", "iso", "partner_la"))
    assert all(Authenticator.objects.filter(user_id=m.user_id).exists() for m in needing)
    assert outcome.registers[0].leads  # organisation leads, for the benchmark to sign in as


def test_refuses_a_database_that_is_not_dedicated_or_not_empty():
    with pytest.raises(CommandError, match="does not look like a throwaway one"):
        call_command("generate_synthetic", "--scale", "tiny")
    factories.partnership("real")
    with pytest.raises(CommandError, match="already holds partnerships"):
        call_command("generate_synthetic", "--scale", "tiny", "--yes-this-is-a-synthetic-database")
