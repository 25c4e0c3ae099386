"""A resolved dispute's learning reaches the learning group's next meeting once: at once when a meeting is
scheduled, else through the agenda builder of the next one. The item carries the subject and the learning, not the
parties; the learning group reads it there without reading the dispute."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from sightline.governance import decisions, meetings
from sightline.governance.models import AgendaItem
from sightline.partnerships.models import Group
from sightline.scrutiny.disputes import services as disputes
from sightline.scrutiny.models import Dispute

from .dispute_builders import council, record

LEARNING = "Agree thresholds jointly before either agency changes its own"


def schedule(world, kind=Group.Kind.LEARNING, days=14):
    return meetings.meeting_schedule(
        by=world.users["learning_chair"],
        partnership=world.partnership,
        group=world.partnership.groups.get(kind=kind),
        held_on=timezone.localdate() + timedelta(days=days),
    )


def resolve(world, dispute, learning=LEARNING):
    return disputes.dispute_resolve(
        by=world.users["business_team"],
        dispute=dispute,
        outcome="A joint threshold document",
        learning=learning,
    )


def items(kind=AgendaItem.Kind.DISPUTE_LEARNING):
    return AgendaItem.objects.filter(kind=kind)


def test_learning_goes_onto_the_next_scheduled_meeting_at_once_and_only_once(world):
    later = schedule(world, days=40)
    following = schedule(world, days=10)
    dispute = resolve(world, record(world))
    item = items().get()
    assert item.meeting == following and item.dispute == dispute
    assert item.title == f"Learning from a resolved dispute: {dispute.subject}" and item.detail == LEARNING
    assert Dispute.objects.get(pk=dispute.pk).learning_on_agenda_at is not None
    assert meetings.agenda_build(by=world.users["learning_chair"], meeting=following) == 0
    assert meetings.agenda_build(by=world.users["learning_chair"], meeting=later) == 0
    assert items().count() == 1


def test_without_a_meeting_the_learning_waits_for_the_next_agenda_to_be_built(world):
    dispute = resolve(world, record(world))
    assert not items().exists() and Dispute.objects.get(pk=dispute.pk).learning_on_agenda_at is None
    board = schedule(world, kind=Group.Kind.BOARD, days=5)
    meetings.agenda_build(by=world.users["business_team"], meeting=board)
    assert not items().exists()
    first, second = schedule(world, days=7), schedule(world, days=30)
    assert meetings.agenda_missing(second, today=timezone.localdate()) == []
    assert len(meetings.agenda_missing(first, today=timezone.localdate())) == 1
    assert meetings.agenda_build(by=world.users["learning_chair"], meeting=first) == 1
    assert items().get().meeting == first
    assert Dispute.objects.get(pk=dispute.pk).learning_on_agenda_at is not None
    assert meetings.agenda_build(by=world.users["learning_chair"], meeting=first) == 0
    meetings.meeting_close(by=world.users["learning_chair"], meeting=first, held_on=timezone.localdate())
    assert meetings.agenda_build(by=world.users["learning_chair"], meeting=second) == 0
    assert items().count() == 1


def test_two_disputes_learning_comes_as_two_items(world):
    one = resolve(world, record(world, subject="First"))
    two = resolve(world, record(world, subject="Second"))
    meeting = schedule(world)
    assert meetings.agenda_build(by=world.users["learning_chair"], meeting=meeting) == 2
    assert set(items().values_list("dispute_id", flat=True)) == {one.pk, two.pk}


def test_a_dispute_resolved_without_learning_puts_nothing_on_the_agenda(world):
    meeting = schedule(world)
    resolve(world, record(world), learning="")
    assert meetings.agenda_build(by=world.users["learning_chair"], meeting=meeting) == 0
    assert not items().exists()


def test_the_learning_group_reads_the_item_but_not_the_parties_or_the_dispute(world, client_for):
    meeting = schedule(world)
    dispute = resolve(world, record(world))
    chair = client_for(world.users["learning_chair"])
    page = chair.get(
        reverse("meeting_detail", kwargs={"slug": "test", "meeting_id": meeting.pk})
    ).content.decode()
    assert dispute.subject in page and LEARNING in page
    assert world.agency_a.name not in page and council(world).name not in page
    assert "A joint threshold document" not in page
    detail = reverse("dispute_detail", kwargs={"slug": "test", "dispute_id": dispute.pk})
    assert chair.get(detail).status_code == 404


def test_the_meeting_notes_the_learning(world):
    meeting = schedule(world)
    resolve(world, record(world))
    item = items().get()
    assert decisions.decisions_for(item, by=world.users["learning_chair"]) == [("note", "Note")]
    decisions.decision_record(
        by=world.users["learning_chair"],
        meeting=meeting,
        item_id=item.pk,
        kind="note",
        text="Shared with SPLAD",
    )
    assert item.__class__.objects.get(pk=item.pk).decision.text == "Shared with SPLAD"
