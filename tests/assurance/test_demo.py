"""The demo's assurance activities: each at the step the demo promises, made through the services, and loaded once
however often the demo is loaded."""

from django.core.management import call_command

from sightline.assurance import demo
from sightline.assurance.models import Activity


def test_the_demo_shows_each_kind_of_activity_part_way_through(db, settings):
    settings.DEMO_MODE = True
    call_command("load_templates", verbosity=0)
    call_command("load_demo")
    by_title = {activity.title: activity for activity in Activity.objects.filter(partnership__slug="demo")}

    thematic = by_title[demo.THEMATIC]
    assert thematic.status == "theme_proposed"
    theme = thematic.endorsement_requests.get()
    assert sorted(theme.parties.values_list("decision", flat=True)) == ["endorsed", "endorsed", "pending"]
    assert theme.parties.get(decision="pending").user.email == "police.partner@demo.sightline.test"

    assert by_title[demo.PRACTICE].status == "held"
    assert by_title[demo.FOR_CASEWORK].status == "cases_identified"
    assert by_title[demo.CASE_SPECIFIC].status == "requested"

    call_in = by_title[demo.CALL_IN]
    assert (
        call_in.status == "questions_sent"
        and call_in.organisation.name == "Demo Hospitals NHS Foundation Trust"
    )
    assert call_in.call_in.questions

    review = by_title[demo.PEER_REVIEW]
    assert review.status == "team_named"
    assert review.endorsement_requests.get(subject="terms_of_reference").outcome == "agreed"

    count = Activity.objects.count()
    call_command("load_demo")
    assert Activity.objects.count() == count
