"""The reviews register: working-day deadlines across bank holidays, what the business team may record, and the
register's pages."""

from datetime import date

import pytest
from django.urls import reverse

from sightline.audit.models import AuditEvent
from sightline.core.errors import EditConflict, TransitionError
from sightline.improvement import reviews
from sightline.improvement.models import Review

from .builders import make_plan, make_review


def deadlines(aware: date, notified: date | None = None) -> tuple[date, date]:
    review = Review(became_aware_on=aware, notified_on=notified)
    return review.notification_due_on, review.rapid_review_due_on


@pytest.mark.parametrize(
    "aware,notified,notification_due,rapid_review_due",
    [
        # Christmas 2026: Friday 25 December, and Boxing Day's substitute Monday 28 December; then New Year's Day
        # on Friday 1 January 2027.
        (date(2026, 12, 24), None, date(2027, 1, 5), date(2027, 1, 26)),
        (date(2026, 12, 24), date(2026, 12, 29), date(2027, 1, 5), date(2027, 1, 20)),
        # New Year: aware on Wednesday 30 December 2026.
        (date(2026, 12, 30), None, date(2027, 1, 7), date(2027, 1, 28)),
        # Easter 2027: Good Friday 26 March and Easter Monday 29 March.
        (date(2027, 3, 25), None, date(2027, 4, 5), date(2027, 4, 26)),
        (date(2027, 3, 17), date(2027, 3, 18), date(2027, 3, 24), date(2027, 4, 12)),
        # The late-May bank holiday, Monday 25 May 2026: aware and notified on the Friday before it.
        (date(2026, 5, 22), None, date(2026, 6, 1), date(2026, 6, 22)),
        (date(2026, 5, 22), date(2026, 5, 22), date(2026, 6, 1), date(2026, 6, 15)),
        # A weekend day counts from the next working day: aware on Saturday 30 May 2026.
        (date(2026, 5, 30), None, date(2026, 6, 5), date(2026, 6, 26)),
    ],
)
def test_deadlines_count_working_days_in_england_and_wales(
    aware, notified, notification_due, rapid_review_due
):
    assert deadlines(aware, notified) == (notification_due, rapid_review_due)


def test_late_and_overdue_are_judged_against_the_deadlines():
    review = Review(became_aware_on=date(2026, 5, 22))
    assert not review.notification_late(date(2026, 6, 1))
    assert review.notification_late(date(2026, 6, 2))
    review.notified_on = date(2026, 6, 2)
    assert review.notification_late(date(2026, 6, 2))
    assert review.rapid_review_due_on == date(2026, 6, 23)
    review.rapid_review_on = date(2026, 6, 23)
    assert not review.rapid_review_late(date(2026, 7, 30))


def test_a_case_is_recorded_with_its_audit_event(world):
    iso = world.users["iso"]
    review = make_review(world, summary="Infant injury", chair=iso)
    assert review.chaired_by == str(iso)
    event = AuditEvent.objects.get(verb="review.created", target_id=str(review.pk))
    assert event.changes["reference"] == {"before": None, "after": "RR-2026-01"}


@pytest.mark.parametrize(
    "values,message",
    [
        ({"reference": " "}, "Enter the case reference"),
        ({"became_aware_on": date(2099, 1, 1)}, "cannot be in the future"),
        ({"notified_on": date(2026, 5, 21)}, "cannot come before the local authority became aware"),
        ({"rapid_review_on": date(2026, 6, 1)}, "Enter the notification date first"),
        ({"decided_on": date(2026, 6, 1)}, "Choose the decision, or leave its date empty"),
        ({"decision": "prosecute"}, "Choose the decision from the list"),
        ({"chair": "board_member"}, "Choose one of the partnership's independent scrutiny officers"),
        ({"chair": "iso", "chair_name": "Someone else"}, "not both"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_recorded(world, values, message):
    if "chair" in values:
        values = {**values, "chair": world.users[values["chair"]]}
    with pytest.raises(TransitionError, match=message):
        make_review(world, **values)
    assert not Review.objects.exists()


def test_references_are_unique_in_a_partnership_only(world):
    make_review(world)
    with pytest.raises(TransitionError, match="already holds a case with the reference RR-2026-01"):
        make_review(world, reference="rr-2026-01")
    other = reviews.review_create(
        by=world.users["other_business_team"],
        partnership=world.other_partnership,
        reference="RR-2026-01",
        became_aware_on=date(2026, 5, 22),
    )
    assert other.partnership == world.other_partnership


def test_only_the_business_team_keeps_the_register(world):
    with pytest.raises(TransitionError, match="Only the partnership's business team"):
        reviews.review_create(
            by=world.users["learning_chair"],
            partnership=world.partnership,
            reference="RR-1",
            became_aware_on=date(2026, 5, 22),
        )
    review = make_review(world)
    with pytest.raises(TransitionError, match="Only the partnership's business team"):
        reviews.review_update(by=world.users["iso"], review=review, notified_on=date(2026, 5, 26))
    review.refresh_from_db()
    assert review.notified_on is None


def test_an_update_records_each_change_and_refuses_a_stale_copy(world):
    review = make_review(world)
    team = world.users["business_team"]
    reviews.review_update(
        by=team,
        review=review,
        expected_version=1,
        notified_on=date(2026, 5, 26),
        partnership=world.other_partnership,
    )
    review.refresh_from_db()
    assert (review.notified_on, review.version, review.partnership) == (
        date(2026, 5, 26),
        2,
        world.partnership,
    )
    event = AuditEvent.objects.get(verb="review.updated")
    assert set(event.changes) == {"notified_on"}
    with pytest.raises(EditConflict):
        reviews.review_update(by=team, review=review, expected_version=1, decision="lcspr")
    review.refresh_from_db()
    assert review.decision == ""


def test_the_register_shows_deadlines_and_the_resulting_plan(world, client_for):
    review = make_review(world, notified_on=date(2026, 5, 22))
    plan = make_plan(world, title="Review RR-2026-01 plan", source_kind="review", source_review=review)
    page = client_for(world.users["board_member"]).get(reverse("review_list", kwargs={"slug": "test"}))
    text = page.content.decode()
    assert "RR-2026-01" in text and "1 Jun 2026" in text and "15 Jun 2026" in text
    assert plan.title in text
    assert "Record a serious incident" not in text
    detail = client_for(world.users["business_team"]).get(
        reverse("review_detail", kwargs={"slug": "test", "review_id": review.pk})
    )
    assert reverse("plan_detail", kwargs={"slug": "test", "plan_id": plan.pk}) in detail.content.decode()
    assert f"?review={review.pk}" in detail.content.decode()


def test_recording_a_case_through_the_form(world, client_for):
    client = client_for(world.users["business_team"])
    url = reverse("review_create", kwargs={"slug": "test"})
    bad = client.post(
        url, {"reference": "RR-9", "became_aware_on": "2026-05-22", "notified_on": "2026-05-20"}
    )
    assert bad.status_code == 200
    assert "cannot come before the local authority became aware" in bad.content.decode()
    assert "<title>Error:" in bad.content.decode()
    assert not Review.objects.exists()
    good = client.post(
        url, {"reference": "RR-9", "became_aware_on": "2026-05-22", "chair": world.users["iso"].pk}
    )
    review = Review.objects.get()
    assert good.status_code == 302 and good.url.endswith(f"/reviews/{review.pk}/")
    assert review.chair == world.users["iso"]


def test_the_edit_form_shows_the_dates_recorded(world, client_for):
    """A date input shows only an ISO date: anything else leaves it empty, and saving would lose the date."""
    review = make_review(world)
    url = reverse("review_edit", kwargs={"slug": "test", "review_id": review.pk})
    page = client_for(world.users["business_team"]).get(url).content.decode()
    assert 'name="became_aware_on" value="2026-05-22"' in page


def test_editing_through_the_form_keeps_what_was_there(world, client_for):
    review = make_review(world, summary="Kept")
    url = reverse("review_edit", kwargs={"slug": "test", "review_id": review.pk})
    client = client_for(world.users["business_team"])
    form = client.get(url).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data |= {
        "became_aware_on": "2026-05-22",
        "rapid_review_on": "",
        "notified_on": "2026-05-26",
        "version": 1,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.summary, review.notified_on) == ("Kept", date(2026, 5, 26))
