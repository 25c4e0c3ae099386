"""Each person's calendar feed: not under a partnership, as it gathers every partnership the person belongs to."""

from django.urls import path

from .views import calendar

urlpatterns = [
    path("feed/", calendar.calendar_feed_manage, name="calendar_feed_manage"),
    path("<str:token>/feed.ics", calendar.calendar_feed, name="calendar_feed"),
]
