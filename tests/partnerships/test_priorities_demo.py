"""The demo partnership has three priorities for last year and this, records tagged with each, and one with little
or no progress this year, so the browser crawl (tests/e2e/test_axe.py) reaches the priorities' pages; loading it
again adds nothing."""

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sightline.core.models import DemoPartnership
from sightline.governance.priorities import priority_progress, reporting_year
from sightline.partnerships.demo.priorities import demo_priorities_load, demo_priority_tags_load
from sightline.partnerships.models_priorities import Priority


def test_the_demo_shows_progress_on_two_priorities_and_little_on_the_third(db, settings, client_for):
    from sightline.accounts.models import User

    settings.DEMO_MODE = True
    call_command("load_demo")
    partnership = DemoPartnership.objects.get().partnership
    start, end = reporting_year(timezone.localdate())

    rows = {
        row.priority.title: row for row in priority_progress(partnership=partnership, start=start, end=end)
    }

    assert sorted(rows) == ["Child exploitation", "Neglect", "The voice of the child"]
    # Agreed for last reporting year and this one.
    assert {(row.priority.starts_on, row.priority.ends_on) for row in rows.values()} == {
        (start.replace(year=start.year - 1), end)
    }
    assert not rows["Neglect"].little_or_no_progress and rows["Neglect"].actions_done
    assert rows["Neglect"].briefings and rows["Neglect"].reviews and rows["Neglect"].plans
    assert not rows["Child exploitation"].little_or_no_progress and rows["Child exploitation"].activities_held
    assert rows["The voice of the child"].little_or_no_progress

    demo_priorities_load(partnership)
    demo_priority_tags_load(partnership)
    assert Priority.objects.filter(partnership=partnership).count() == 3

    business = User.objects.get(email="business@demo.sightline.test")
    home = client_for(business).get(reverse("partnership_home", kwargs={"slug": partnership.slug}))
    listing = reverse("priority_list", kwargs={"slug": partnership.slug})
    assert listing in home.content.decode()
    page = client_for(business).get(listing).content.decode()
    assert "Little or no progress" in page and "Evidence of progress" in page
