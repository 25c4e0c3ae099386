"""Self-assessment cycles: set up, opened to the audience, tracked, extended and closed; bad input refused."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from sightline.assessments import cycles
from sightline.assessments.models import Cycle, Submission
from sightline.assessments.services import template_load
from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.notifications.models import Notice
from sightline.partnerships.models import Organisation

from .. import factories
from .test_library import GOOD


@pytest.fixture
def template(db):
    return template_load(by=None, content=GOOD, filename="tiny.yaml").template


@pytest.fixture
def police(world):
    return factories.organisation(world.partnership, "Test Constabulary", type=Organisation.Type.POLICE)


def form_data(template, **overrides):
    return {
        "template": template.pk,
        "title": "Section 11 2026",
        "audience_types": ["nhs_trust", "police"],
        "reports_to_board": "on",
        "opens_on": "2026-09-07",
        "closes_on": "2026-11-30",
        "reminder_days": "10, 5, 1",
        "sign_off_by": "Chief executive",
        **overrides,
    }


def url(name, world, **kwargs):
    return reverse(name, kwargs={"slug": world.partnership.slug, **kwargs})


def make_cycle(world, template, **overrides):
    values = {
        "title": "Section 11 2026",
        "opens_on": date(2026, 9, 7),
        "closes_on": date(2026, 11, 30),
        "audience_types": ["nhs_trust", "police"],
        **overrides,
    }
    return cycles.cycle_create(
        by=world.users["business_team"], partnership=world.partnership, template=template, **values
    )


def test_business_team_sets_up_a_draft_in_the_browser(world, client_for, template):
    client = client_for(world.users["business_team"])
    response = client.post(url("cycle_create", world), form_data(template))
    cycle = Cycle.objects.get()
    assert response.status_code == 302 and cycle.status == Cycle.Status.DRAFT
    assert cycle.progress_due_on == date(2027, 5, 30) and cycle.reminder_days == [10, 5, 1]
    assert cycle.sign_off_by == ["Chief executive"] and not cycle.submissions.exists()
    assert AuditEvent.objects.filter(verb="cycle.created", target_id=str(cycle.pk)).exists()


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"closes_on": "2026-09-01"}, "The closing date must be after the opening date"),
        ({"reports_to_board": ""}, "Choose at least one board"),
        ({"audience_types": ["school"]}, "This template is not written for: School"),
        ({"reminder_days": "ten"}, "Enter reminder days as whole numbers"),
        ({"reminder_days": "90"}, "between 1 and 60 working days"),
        ({"title": "", "opens_on": "31/02/2026"}, "Enter a title for the cycle"),
        ({"progress_due_on": "2026-10-01"}, "The progress round must fall after the closing date"),
    ],
)
def test_bad_set_up_is_refused_and_changes_nothing(world, client_for, template, overrides, message):
    response = client_for(world.users["business_team"]).post(
        url("cycle_create", world), form_data(template, **overrides)
    )
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200 and "There is a problem" in page and message in page
    assert not Cycle.objects.exists()


def test_opening_creates_a_return_for_each_organisation_and_tells_the_leads(
    world, template, police, run_on_commit
):
    cycle = make_cycle(world, template)
    without_lead = cycles.cycle_open(by=world.users["business_team"], cycle=cycle)
    cycle.refresh_from_db()
    organisations = set(cycle.submissions.values_list("organisation__name", flat=True))
    # Agency A is an NHS trust; Agency B (youth justice) is not in the audience; the other area's trust is not ours.
    assert organisations == {"Agency A NHS Trust", "Test Constabulary"}
    assert [org.name for org in without_lead] == ["Test Constabulary"]
    lead = world.users["agency_a_lead"]
    assert Notice.objects.filter(user=lead, title__contains="Section 11 2026").exists()
    assert [message.to for message in mail.outbox] == [[lead.email]]
    assert cycle.status == Cycle.Status.OPEN and cycle.opened_at


def test_closed_organisations_are_left_out(world, template):
    from sightline.partnerships import services

    services.organisation_update(
        by=None, partnership=world.partnership, organisation=world.agency_a, status="closed"
    )
    cycle = make_cycle(world, template)
    cycles.cycle_open(by=world.users["business_team"], cycle=cycle)
    assert not cycle.submissions.exists()


def test_transitions_out_of_order_are_refused(world, template):
    cycle = make_cycle(world, template)
    with pytest.raises(TransitionError, match="A cycle that is draft cannot become closed"):
        cycles.cycle_close(by=world.users["business_team"], cycle=cycle)
    cycles.cycle_open(by=world.users["business_team"], cycle=cycle)
    with pytest.raises(TransitionError, match="cannot become open"):
        cycles.cycle_open(by=world.users["business_team"], cycle=cycle)
    cycles.cycle_close(by=world.users["business_team"], cycle=cycle)
    assert Cycle.objects.get().status == Cycle.Status.CLOSED


def test_only_the_business_team_moves_a_cycle(world, template):
    cycle = make_cycle(world, template)
    with pytest.raises(TransitionError, match="business team"):
        cycles.cycle_open(by=world.users["partner_la"], cycle=cycle)
    assert Cycle.objects.get().status == Cycle.Status.DRAFT


def test_open_and_close_in_the_browser(world, client_for, template):
    cycle = make_cycle(world, template)
    client = client_for(world.users["business_team"])
    client.post(url("cycle_open", world, cycle_id=cycle.pk))
    page = client.get(url("cycle_detail", world, cycle_id=cycle.pk)).content.decode()
    assert "Agency A NHS Trust" in page and "Close the cycle" in page
    client.post(url("cycle_close", world, cycle_id=cycle.pk))
    assert Cycle.objects.get().status == Cycle.Status.CLOSED
    # A partner sees the tracking but cannot open or close.
    partner = client_for(world.users["partner_la"])
    assert partner.get(url("cycle_detail", world, cycle_id=cycle.pk)).status_code == 200
    assert partner.post(url("cycle_close", world, cycle_id=cycle.pk)).status_code == 404


def test_extension_needs_a_reason_and_a_later_date(world, client_for, template):
    cycle = make_cycle(world, template)
    cycles.cycle_open(by=world.users["business_team"], cycle=cycle)
    submission = cycle.submissions.get()
    client = client_for(world.users["business_team"])
    extend = url("submission_extend", world, cycle_id=cycle.pk, submission_id=submission.pk)
    empty = client.post(extend, {"due_on": "2026-12-10", "reason": ""})
    assert "Enter the reason for the extension" in empty.content.decode()
    early = client.post(extend, {"due_on": "2026-11-01", "reason": "Staff absence"})
    assert "must end after the cycle" in early.content.decode()
    client.post(extend, {"due_on": "2026-12-10", "reason": "Staff absence"})
    submission.refresh_from_db()
    assert submission.due_on == date(2026, 12, 10) and submission.extension_reason == "Staff absence"


def test_tracking_filters_by_state_type_and_overdue(world, client_for, template, police):
    cycle = make_cycle(
        world,
        template,
        closes_on=date.today() - timedelta(days=1),
        opens_on=date.today() - timedelta(days=30),
    )
    cycles.cycle_open(by=world.users["business_team"], cycle=cycle)
    Submission.objects.filter(organisation=police).update(status=Submission.Status.SUBMITTED)
    client = client_for(world.users["business_team"])
    detail = url("cycle_detail", world, cycle_id=cycle.pk)

    def names(query):
        return [row.organisation.name for row in client.get(detail + query).context["page"].object_list]

    assert names("?status=overdue") == ["Agency A NHS Trust"]
    assert names("?status=submitted") == ["Test Constabulary"]
    assert names("?type=police") == ["Test Constabulary"]


def test_agency_lead_sees_what_is_due(world, client_for, template):
    cycle = make_cycle(world, template)
    cycles.cycle_open(by=world.users["business_team"], cycle=cycle)
    home = client_for(world.users["agency_a_lead"]).get(reverse("home")).content.decode()
    assert "Section 11 2026 for Agency A NHS Trust" in home
    assert (
        "Section 11 2026 for"
        not in client_for(world.users["agency_b_lead"]).get(reverse("home")).content.decode()
    )


def test_cycle_of_another_partnership_is_404(world, client_for, template):
    cycle = make_cycle(world, template)
    other = client_for(world.users["other_business_team"])
    assert (
        other.get(reverse("cycle_detail", kwargs={"slug": "other", "cycle_id": cycle.pk})).status_code == 404
    )
    assert other.get(url("cycle_detail", world, cycle_id=cycle.pk)).status_code == 404


def test_named_organisations_take_part_whatever_their_type(
    world, client_for, template, police, run_on_commit
):
    police.ods_code = "QX1"
    police.save()
    extra = factories.organisation(world.partnership, "Second Constabulary", type=Organisation.Type.POLICE)
    client = client_for(world.users["business_team"])
    names = "  test constabulary \n\nqx1\n"
    response = client.post(
        url("cycle_create", world),
        form_data(template, audience_types=["nhs_trust"], audience_organisations=names),
    )
    cycle = Cycle.objects.get()
    assert response.status_code == 302
    assert list(cycle.audience_organisations.all()) == [police]
    page = client.get(url("cycle_detail", world, cycle_id=cycle.pk)).content.decode()
    assert (
        "these named organisations: Test Constabulary" in page and "2 organisations in the register" in page
    )
    cycles.cycle_open(by=world.users["business_team"], cycle=cycle)
    taking_part = set(cycle.submissions.values_list("organisation__name", flat=True))
    assert taking_part == {"Agency A NHS Trust", "Test Constabulary"} and extra.name not in taking_part


@pytest.mark.parametrize(
    "types,names,message",
    [
        ([], "", "Choose at least one type of organisation, or name the organisations"),
        (
            ["nhs_trust"],
            "Test Constabulary\nNowhere Trust",
            "Line 2: no organisation in the register has that name or number",
        ),
        (
            ["nhs_trust"],
            "Other Area Trust",
            "Line 1: no organisation in the register has that name or number",
        ),
        (["nhs_trust"], "Agency B Youth Justice", "This template is not written for"),
    ],
)
def test_bad_named_organisations_are_refused(world, client_for, template, police, types, names, message):
    response = client_for(world.users["business_team"]).post(
        url("cycle_create", world), form_data(template, audience_types=types, audience_organisations=names)
    )
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200 and "There is a problem" in page and message in page
    assert not Cycle.objects.exists()


def test_an_organisation_outside_the_register_cannot_be_named(world, template):
    with pytest.raises(TransitionError, match="not in this partnership's register"):
        make_cycle(world, template, audience_types=[], audience_organisations=[world.other_agency])
    assert not Cycle.objects.exists()
