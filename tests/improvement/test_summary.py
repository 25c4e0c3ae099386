"""The board summary for a period: plans opened and closed, actions completed on time, overdue by owner
organisation, escalations and notable learning; on screen and as a Word document."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from sightline.audit.models import AuditEvent
from sightline.improvement import plans
from sightline.improvement.escalation import action_escalate, escalation_resolve
from sightline.improvement.models import Action, ActionPlan, Escalation
from sightline.improvement.summary import board_summary, last_quarter

from .builders import fresh, in_state, make_action, make_plan, set_due, today

S = Action.Status


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


@pytest.mark.parametrize(
    "on,expected",
    [
        (date(2027, 2, 10), (date(2026, 10, 1), date(2026, 12, 31))),
        (date(2027, 4, 1), (date(2027, 1, 1), date(2027, 3, 31))),
        (date(2027, 9, 30), (date(2027, 4, 1), date(2027, 6, 30))),
    ],
)
def test_the_default_period_is_the_last_complete_quarter(on, expected):
    assert last_quarter(on) == expected


@pytest.fixture
def period(world):
    """Q3 2026 with: a plan opened in it and one before; a plan closed in it with learning; three actions
    verified in it (two proposed in time); one verified after it; agency B's action overdue at its end; an
    escalation raised and resolved in it."""
    start, end = date(2026, 7, 1), date(2026, 9, 30)
    chair = world.users["learning_chair"]
    opened = make_plan(world, title="Opened in the quarter")
    earlier = make_plan(world, title="Opened before")
    ActionPlan.objects.filter(pk=opened.pk).update(created_at=at(date(2026, 8, 3)))
    ActionPlan.objects.filter(pk=earlier.pk).update(created_at=at(date(2026, 3, 3)))
    done = [in_state(world, make_action(world, earlier, what=f"Done {n}"), S.VERIFIED) for n in range(4)]
    for action, proposed, due, verified in [
        (done[0], date(2026, 7, 10), date(2026, 7, 31), date(2026, 7, 20)),
        (done[1], date(2026, 8, 1), date(2026, 8, 1), date(2026, 8, 20)),
        (done[2], date(2026, 9, 5), date(2026, 8, 31), date(2026, 9, 20)),
        (done[3], date(2026, 9, 5), date(2026, 9, 30), date(2026, 10, 2)),
    ]:
        Action.objects.filter(pk=action.pk).update(proposed_on=proposed, due_on=due, verified_at=at(verified))
    overdue = make_action(world, opened, organisation=world.agency_b, what="Overdue at the end")
    Action.objects.filter(pk=overdue.pk).update(created_at=at(date(2026, 8, 3)), due_on=date(2026, 9, 1))
    not_yet_due = make_action(world, opened, organisation=world.agency_b, what="Due after the end")
    Action.objects.filter(pk=not_yet_due.pk).update(created_at=at(date(2026, 8, 3)), due_on=date(2026, 10, 9))
    escalation = action_escalate(by=chair, action=fresh(overdue), reason="Partner not engaging")
    escalation_resolve(by=chair, escalation=escalation, resolution="Partner to attend the board")
    Escalation.objects.filter(pk=escalation.pk).update(
        raised_at=at(date(2026, 9, 10)), resolved_at=at(date(2026, 9, 20))
    )
    closing = make_plan(world, title="Closed in the quarter")
    plans.plan_close(by=chair, plan=closing, closing_note="Named nurses now join strategy meetings")
    ActionPlan.objects.filter(pk=closing.pk).update(
        created_at=at(date(2026, 1, 5)), closed_at=at(date(2026, 9, 15))
    )
    return start, end


def test_the_summary_counts_the_period(world, period):
    start, end = period
    summary = board_summary(partnership=world.partnership, start=start, end=end)
    assert [plan.title for plan in summary.plans_opened] == ["Opened in the quarter"]
    assert [plan.title for plan in summary.plans_closed] == ["Closed in the quarter"]
    assert (summary.completed, summary.completed_on_time, summary.on_time_percent) == (3, 2, 67)
    assert summary.overdue_by_organisation == [("Agency B Youth Justice", 1)]
    assert [e.note for e in summary.escalations] == ["Partner not engaging"]
    assert (summary.escalations_resolved, summary.escalations_open_now) == (1, 0)
    assert [plan.closing_note for plan in summary.learning] == ["Named nurses now join strategy meetings"]


def test_an_action_finished_by_the_end_of_the_period_is_not_counted_overdue(world, period):
    start, end = period
    Action.objects.filter(what="Overdue at the end").update(
        status=S.CANCELLED, ended_at=at(date(2026, 9, 29))
    )
    assert board_summary(partnership=world.partnership, start=start, end=end).overdue_by_organisation == []


def test_an_empty_period_says_so(world, client_for):
    response = client_for(world.users["board_member"]).get(
        reverse("board_summary", kwargs={"slug": "test"}) + "?start=2020-01-01&end=2020-03-31"
    )
    page = response.content.decode()
    assert "From 1 January 2020 to 31 March 2020" in page
    assert "No action was completed" in page and "No plan closed with learning recorded" in page


def test_the_page_defaults_to_the_last_quarter_and_refuses_a_backwards_period(world, client_for):
    client = client_for(world.users["partner_la"])
    url = reverse("board_summary", kwargs={"slug": "test"})
    start, end = last_quarter(today())
    assert f"From {start:%-d %B %Y} to {end:%-d %B %Y}" in client.get(url).content.decode()
    backwards = client.get(url + "?start=2026-09-30&end=2026-07-01").content.decode()
    assert "The end of the period must be on or after its start" in backwards
    assert f"From {start:%-d %B %Y}" in backwards


def test_the_period_fields_show_the_default_period(world, client_for):
    """A date input shows only an ISO date: the period must be there to change, not empty fields."""
    start, end = last_quarter(today())
    page = client_for(world.users["board_member"]).get(reverse("board_summary", kwargs={"slug": "test"}))
    text = page.content.decode()
    assert f'name="start" value="{start.isoformat()}"' in text
    assert f'name="end" value="{end.isoformat()}"' in text


def test_the_page_and_the_word_document_carry_the_same_figures(world, client_for, period):
    client = client_for(world.users["board_member"])
    query = "?start=2026-07-01&end=2026-09-30"
    page = client.get(reverse("board_summary", kwargs={"slug": "test"}) + query).content.decode()
    assert "67% (2 of 3)" in page and "Agency B Youth Justice" in page
    response = client.get(reverse("board_summary_docx", kwargs={"slug": "test"}) + query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Named nurses now join strategy meetings" in text
    assert "2 (67%)" in cells and "Agency B Youth Justice" in cells and "Partner to attend the board" in cells
    event = AuditEvent.objects.get(verb="export.downloaded")
    assert event.changes["export"] == "board_summary_docx" and event.actor == world.users["board_member"]


def test_overdue_counts_use_the_period_end_or_today_whichever_is_first(world):
    plan = make_plan(world)
    set_due(make_action(world, plan), today() - timedelta(days=3))
    future = board_summary(partnership=world.partnership, start=today(), end=today() + timedelta(days=90))
    assert future.as_at == today() and future.overdue_total == 1
