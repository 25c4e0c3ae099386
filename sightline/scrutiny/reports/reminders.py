"""Reminders to answer the recommendations of issued ISO reports: for each response still awaited whose date is
within REMIND_DAYS_BEFORE days, or has passed, those who answer for the organisation (its safeguarding leads and,
for a statutory partner, the delegated partner) are reminded, at most once a day.

Each response is claimed for the day (`reminded_on`) by a conditional update before anyone is told, so a second
run that day, or one running at the same moment, finds nothing to claim and sends nothing. A person who answers
for several such responses in a partnership gets one reminder listing them all."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from sightline.audit import services as audit

from ..models import IsoReport, RecommendationResponse
from .notices import answerers, reminder_notify

REMIND_DAYS_BEFORE = 7


def responses_due(*, today: date):
    """Awaited responses of issued reports due within the week or overdue, not yet reminded about today."""
    return (
        RecommendationResponse.objects.filter(
            recommendation__report__status=IsoReport.Status.ISSUED,
            answer=RecommendationResponse.Answer.AWAITED,
            recommendation__respond_by__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
        )
        .exclude(reminded_on=today)
        .select_related("organisation", "recommendation__report__partnership")
        .order_by("recommendation__respond_by", "recommendation__number")
    )


@transaction.atomic
def reminders_send(*, today: date) -> dict:
    """The periodic job: claim the day's responses, then tell each person once. Returns counts."""
    claimed = [
        response
        for response in responses_due(today=today)
        if RecommendationResponse.objects.filter(pk=response.pk)
        .exclude(reminded_on=today)
        .update(reminded_on=today)
    ]
    by_partnership: dict = defaultdict(list)
    for response in claimed:
        by_partnership[response.recommendation.report.partnership].append(response)
    people_told = 0
    for partnership, responses in by_partnership.items():
        people = answerers(
            partnership_id=partnership.pk,
            organisations={r.organisation_id: r.organisation for r in responses}.values(),
        )
        theirs: dict = defaultdict(list)
        for response in responses:
            for person in people.get(response.organisation_id, []):
                theirs[person].append(response)
        for person, listed in theirs.items():
            reminder_notify(person=person, partnership=partnership, responses=listed, today=today)
            audit.record(
                verb="recommendation_reminders.sent",
                target=person,
                partnership=partnership,
                changes={"on": today.isoformat(), "responses": len(listed)},
            )
            people_told += 1
    return {"responses": len(claimed), "people": people_told}
