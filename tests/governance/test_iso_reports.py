"""ISO reports on the board's agenda (sightline/governance/iso_reports.py): the business team puts an issued report
on a scheduled board meeting for its author to present; the meeting notes it and its page links to the report."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.governance import decisions, iso_reports, meetings
from sightline.governance.models import AgendaItem
from sightline.notifications.models import Notice
from sightline.partnerships.models import Group

from ..scrutiny.report_builders import draft, issued


def meeting_of(world, kind=Group.Kind.BOARD, days=14):
    return meetings.meeting_schedule(
        by=None,
        partnership=world.partnership,
        group=world.partnership.groups.get(kind=kind),
        held_on=timezone.localdate() + timedelta(days=days),
    )


def refused(call, message):
    before = (AgendaItem.objects.count(), AuditEvent.objects.count())
    with pytest.raises(TransitionError, match=message):
        call()
    assert (AgendaItem.objects.count(), AuditEvent.objects.count()) == before


def test_the_business_team_puts_an_issued_report_before_the_board_for_its_author(world, client_for):
    report = issued(world)
    board = meeting_of(world)
    assert list(iso_reports.board_meetings_open(report=report)) == [board]
    item = iso_reports.iso_report_place_on_agenda(
        by=world.users["business_team"], report=report, meeting=board
    )
    assert (item.kind, item.iso_report, item.added_by) == ("iso_report", report, world.users["business_team"])
    assert str(world.users["iso"]) in item.detail
    assert Notice.objects.filter(user=world.users["iso"], title__contains=board.title).exists()
    assert list(iso_reports.board_meetings_open(report=report)) == []
    page = client_for(world.users["board_member"]).get(
        reverse("meeting_detail", kwargs={"slug": world.partnership.slug, "meeting_id": board.pk})
    )
    assert reverse("iso_report_detail", kwargs={"slug": world.partnership.slug, "report_id": report.pk}) in (
        page.content.decode()
    )
    decisions.decision_record(
        by=world.users["business_team"], meeting=board, item_id=item.pk, kind="note", text="Report noted"
    )


def test_refusals(world):
    report = issued(world)
    board = meeting_of(world)
    learning = meeting_of(world, Group.Kind.LEARNING)
    unissued = draft(world)
    business = world.users["business_team"]
    refused(
        lambda: iso_reports.iso_report_place_on_agenda(by=world.users["iso"], report=report, meeting=board),
        "Only the partnership's business team",
    )
    refused(
        lambda: iso_reports.iso_report_place_on_agenda(by=business, report=unissued, meeting=board),
        "Only an issued report",
    )
    refused(
        lambda: iso_reports.iso_report_place_on_agenda(by=business, report=report, meeting=learning),
        "Choose a meeting of the partnership's board",
    )
    iso_reports.iso_report_place_on_agenda(by=business, report=report, meeting=board)
    refused(
        lambda: iso_reports.iso_report_place_on_agenda(by=business, report=report, meeting=board),
        "already on that meeting's agenda",
    )
