"""The calendar of activities by month, and each person's calendar feed: the page where its owner makes, replaces
or revokes its secret address, and the feed itself, which answers anyone holding a live address and no one else."""

import re
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sightline.core.access import partnership_view, public, signed_in

from .. import feeds, ics, selectors
from ..lifecycle import state_label
from ..models import CalendarFeed

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
ISSUED_TOKEN = "assurance_feed_token"  # noqa: S105 - a session key name, not a secret


def _month(value: str | None) -> date:
    match = MONTH.match(value or "")
    if match and 1 <= int(match.group(2)) <= 12 and 2000 <= int(match.group(1)) <= 2100:
        return date(int(match.group(1)), int(match.group(2)), 1)
    today = timezone.localdate()
    return date(today.year, today.month, 1)


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@partnership_view("assurance.view_activities")
@require_GET
def activity_calendar(request):
    first = _month(request.GET.get("month"))
    days = selectors.calendar_month(
        user=request.user, partnership=request.partnership, year=first.year, month=first.month
    )
    for _, activities in days:
        for activity in activities:
            activity.status_label = state_label(activity.kind, activity.status)
    return TemplateResponse(
        request,
        "assurance/calendar/month.html",
        {
            "month": first,
            "days": days,
            "previous": _shift(first, -1),
            "next": _shift(first, 1),
        },
    )


@signed_in
@require_http_methods(["GET", "POST"])
def calendar_feed_manage(request):
    """Your calendar feed: its secret address is shown once, when it is made."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue":
            request.session[ISSUED_TOKEN] = feeds.calendar_feed_issue(by=request.user)
            messages.success(
                request, "Your new calendar address is below. Any earlier address no longer works."
            )
        elif action == "revoke" and feeds.calendar_feed_revoke(by=request.user):
            messages.success(request, "Your calendar address no longer works.")
        return redirect("calendar_feed_manage")
    token = request.session.pop(ISSUED_TOKEN, None)
    feed_url = ""
    if token:
        feed_url = settings.SITE_URL.rstrip("/") + reverse("calendar_feed", kwargs={"token": token})
    return TemplateResponse(
        request,
        "assurance/calendar/feed.html",
        {"feed": CalendarFeed.objects.filter(user=request.user).first(), "feed_url": feed_url},
    )


@public
@require_GET
def calendar_feed(request, token):
    """The feed of a live address: every activity with fixed dates its owner may see. Anything else is 404."""
    owner = feeds.calendar_feed_owner(token=token)
    if owner is None:
        raise Http404
    base = settings.SITE_URL.rstrip("/")
    events = [
        ics.activity_event(
            activity,
            url=base
            + reverse(
                "activity_detail", kwargs={"slug": activity.partnership.slug, "activity_id": activity.pk}
            ),
            programme=activity.programme.all(),
        )
        for activity in selectors.feed_activities(user=owner)
    ]
    text = ics.calendar(events, name=f"Sightline: {owner}")
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
