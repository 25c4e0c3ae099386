"""The one sign-off mechanism: rules (all, quorum), the outcome derived from decisions, a decline needs a reason,
only the parties named decide, once, while the request waits; every request and decision in the audit trail;
reminders to those who have not answered, at most one email a day per person."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sightline.assurance import endorsements, reminders
from sightline.assurance.endorsements import Party, endorsement_decide, endorsement_request, outcome_of
from sightline.assurance.models_endorsements import EndorsementParty, EndorsementReminder, EndorsementRequest
from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError

from .builders import make_activity, partners

E, D, P = "endorsed", "declined", "pending"
SignsFor = EndorsementParty.SignsFor


@pytest.mark.parametrize(
    "rule,quorum,decisions,outcome",
    [
        ("all", None, [E, E, E], "agreed"),
        ("all", None, [E, E, P], "pending"),
        ("all", None, [E, D, P], "declined"),
        ("all", None, [P, P, P], "pending"),
        ("quorum", 2, [E, E, P], "agreed"),
        ("quorum", 2, [E, D, P], "pending"),
        ("quorum", 2, [E, D, D], "declined"),
        ("quorum", 2, [D, D, P], "declined"),
        ("quorum", 1, [D, D, E], "agreed"),
        ("quorum", 3, [E, E, P], "pending"),
    ],
)
def test_the_outcome_follows_from_the_decisions_under_the_rule(rule, quorum, decisions, outcome):
    assert outcome_of(rule, quorum, decisions) == outcome


def ask(world, *, rule="all", quorum=None, by=None, subject="overview", requester_endorses=False):
    people = partners(world)
    activity = make_activity(world, "agency")  # an agency event asks for no sign-off when it starts
    return endorsement_request(
        by=by or world.users["business_team"],
        activity=activity,
        subject=subject,
        text="Overview: synthetic. Recommendations: 1. Synthetic.",
        parties=[
            Party(people["la"], SignsFor.PARTNER_LA),
            Party(people["icb"], SignsFor.PARTNER_ICB),
            Party(people["police"], SignsFor.PARTNER_POLICE),
        ],
        rule=rule,
        quorum=quorum,
        requester_endorses=requester_endorses,
    )


def test_every_party_must_endorse_under_the_all_rule(world):
    people = partners(world)
    request = ask(world)
    endorsement_decide(by=people["la"], request=request, decision=E, comment="Clear")
    request = endorsement_decide(by=people["icb"], request=request, decision=E)
    assert request.outcome == "pending" and request.decided_at is None
    request = endorsement_decide(by=people["police"], request=request, decision=E)
    assert request.outcome == "agreed" and request.decided_at is not None


def test_a_quorum_is_agreed_by_enough_and_then_closed_to_the_rest(world):
    people = partners(world)
    request = ask(world, rule="quorum", quorum=2)
    endorsement_decide(by=people["la"], request=request, decision=D, comment="Not yet")
    endorsement_decide(by=people["icb"], request=request, decision=E)
    request = endorsement_decide(by=people["police"], request=request, decision=E)
    assert request.outcome == "agreed"


def test_a_quorum_out_of_reach_is_declined(world):
    people = partners(world)
    request = ask(world, rule="quorum", quorum=2)
    endorsement_decide(by=people["la"], request=request, decision=D, comment="No")
    request = endorsement_decide(by=people["icb"], request=request, decision=D, comment="No")
    assert request.outcome == "declined"
    with pytest.raises(TransitionError, match="no longer waiting for decisions: it is declined"):
        endorsement_decide(by=people["police"], request=request, decision=E)


def test_one_decline_decides_an_all_request(world):
    people = partners(world)
    request = endorsement_decide(by=people["icb"], request=ask(world), decision=D, comment="Too narrow")
    assert request.outcome == "declined"


def test_declining_needs_a_reason(world):
    people = partners(world)
    request = ask(world)
    with pytest.raises(TransitionError, match="Give your reason for declining"):
        endorsement_decide(by=people["la"], request=request, decision=D, comment="   ")
    assert request.parties.get(user=people["la"]).decision == "pending"


def test_only_the_parties_named_decide(world):
    request = ask(world)
    for outsider in ("business_team", "iso", "board_member", "other_business_team"):
        with pytest.raises(TransitionError, match="not addressed to you"):
            endorsement_decide(by=world.users[outsider], request=request, decision=E)
    assert not request.parties.exclude(decision="pending").exists()


def test_a_party_decides_once(world):
    people = partners(world)
    request = ask(world)
    endorsement_decide(by=people["la"], request=request, decision=E)
    with pytest.raises(TransitionError, match="You have already endorsed this"):
        endorsement_decide(by=people["la"], request=request, decision=D, comment="Changed my mind")


def test_a_decision_must_be_endorse_or_decline(world):
    with pytest.raises(TransitionError, match="Choose whether you endorse it or decline it"):
        endorsement_decide(by=partners(world)["la"], request=ask(world), decision="abstain")


@pytest.mark.parametrize("quorum", [0, 4, None])
def test_a_quorum_must_be_reachable(world, quorum):
    with pytest.raises(TransitionError, match="The quorum must be between 1 and 3"):
        ask(world, rule="quorum", quorum=quorum)


def test_a_party_is_named_once(world):
    people = partners(world)
    with pytest.raises(TransitionError, match="Name each party once"):
        endorsement_request(
            by=None,
            activity=make_activity(world),
            subject="overview",
            text="x",
            parties=[Party(people["la"], SignsFor.PARTNER_LA), Party(people["la"], SignsFor.BOARD)],
        )


def test_every_request_and_decision_is_in_the_audit_trail(world):
    people = partners(world)
    request = ask(world)
    endorsement_decide(by=people["la"], request=request, decision=E, comment="Good")
    endorsement_decide(by=people["icb"], request=request, decision=D, comment="Needs the voice of the child")
    events = list(AuditEvent.objects.filter(target_id=str(request.pk)).order_by("seq"))
    assert [e.verb for e in events] == [
        "endorsement.requested",
        "endorsement.endorsed",
        "endorsement.declined",
        "endorsement.declined",
    ]
    assert events[1].actor == people["la"] and events[1].changes["comment"] == "Good"
    assert events[2].actor == people["icb"] and events[2].changes["signs_for"] == "partner_icb"
    assert events[3].changes["outcome"] == {"before": "pending", "after": "declined"}


def test_the_parties_are_told_and_the_requester_hears_the_outcome(world, run_on_commit):
    people = partners(world)
    mail.outbox.clear()
    request = ask(world)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people.values())
    mail.outbox.clear()
    for person in people.values():
        endorsement_decide(by=person, request=request, decision=E)
    assert [m.to[0] for m in mail.outbox] == [world.users["business_team"].email]
    assert "was agreed" in mail.outbox[0].subject


def test_asking_again_replaces_a_waiting_request_but_never_an_agreed_one(world):
    people = partners(world)
    first = ask(world)
    second = endorsement_request(
        by=None,
        activity=first.activity,
        subject="overview",
        text="Revised",
        parties=endorsements.three_partners(world.partnership),
    )
    first.refresh_from_db()
    assert first.outcome == "superseded" and second.version == 2
    with pytest.raises(TransitionError, match="no longer waiting"):
        endorsement_decide(by=people["la"], request=first, decision=E)
    for person in people.values():
        endorsement_decide(by=person, request=second, decision=E)
    with pytest.raises(TransitionError, match="already been agreed"):
        endorsement_request(
            by=None,
            activity=first.activity,
            subject="overview",
            text="Again",
            parties=[Party(people["la"], "partner_la")],
        )


def test_three_partners_needs_each_role_held(world):
    with pytest.raises(TransitionError, match="integrated care board.*police"):
        endorsements.three_partners(world.partnership)


def test_an_owner_hears_every_change_of_outcome(world, monkeypatch):
    heard = []
    monkeypatch.setattr(
        endorsements, "_listeners", [lambda request, before: heard.append((before, request.outcome))]
    )
    people = partners(world)
    request = ask(world)
    endorsement_decide(by=people["la"], request=request, decision=E)
    endorsement_decide(by=people["icb"], request=request, decision=D, comment="No")
    assert heard == [("pending", "declined")]


# Reminders


def _asked_days_ago(request, days):
    EndorsementRequest.objects.filter(pk=request.pk).update(
        requested_at=timezone.now() - timedelta(days=days)
    )


def test_reminders_go_to_those_who_have_not_answered_once_a_day_however_many_requests(world, run_on_commit):
    people = partners(world)
    first, second = ask(world), ask(world)
    endorsement_decide(by=people["la"], request=first, decision=E)
    for request in (first, second):
        _asked_days_ago(request, 3)
    today = timezone.localdate()
    mail.outbox.clear()

    counts = reminders.reminders_send(today=today)

    assert counts == {"sent": 3, "held": 0}
    by_person = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 3 and set(by_person) == {p.email for p in people.values()}
    assert "1 sign-off is waiting" in by_person[people["la"].email].subject
    assert "2 sign-offs are waiting" in by_person[people["icb"].email].subject
    assert EndorsementReminder.objects.filter(sent_on=today).count() == 3
    assert AuditEvent.objects.filter(verb="endorsement.reminded").count() == 3

    mail.outbox.clear()
    assert reminders.reminders_send(today=today) == {"sent": 0, "held": 0}
    assert mail.outbox == []


def test_no_reminder_before_two_days_nor_again_within_three(world, run_on_commit):
    request = ask(world)
    today = timezone.localdate()
    _asked_days_ago(request, 1)
    assert reminders.reminders_send(today=today)["sent"] == 0
    _asked_days_ago(request, 2)
    assert reminders.reminders_send(today=today)["sent"] == 3
    assert reminders.reminders_send(today=today + timedelta(days=2))["sent"] == 0
    assert reminders.reminders_send(today=today + timedelta(days=3))["sent"] == 3


def test_a_person_already_emailed_today_is_held_to_the_next_day(world, run_on_commit):
    people = partners(world)
    request = ask(world)
    _asked_days_ago(request, 5)
    EndorsementReminder.objects.create(user=people["la"], sent_on=timezone.localdate())
    assert reminders.reminders_send(today=timezone.localdate()) == {"sent": 2, "held": 1}


def test_no_reminders_once_the_request_is_decided(world, run_on_commit):
    people = partners(world)
    request = ask(world)
    endorsement_decide(by=people["la"], request=request, decision=D, comment="No")
    _asked_days_ago(request, 5)
    assert reminders.reminders_send(today=timezone.localdate())["sent"] == 0


def test_the_scheduler_runs_the_reminders_hourly():
    from sightline.notifications.scheduler import JOBS

    job = next(job for job in JOBS if job.task_path == "sightline.assurance.tasks.send_endorsement_reminders")
    assert job.every == timedelta(hours=1)
