"""List and dashboard pages use the same number of queries at small and large data sizes."""

import pytest
from django.urls import reverse

from sightline.audit.services import record
from sightline.partnerships.models import Organisation, OrganisationMembership

from . import factories
from .query_budget import assert_flat


def grow_register(world, n=60):
    def grow():
        for i in range(n):
            org = factories.organisation(
                world.partnership, f"Grown School {i:03d}", type=Organisation.Type.SCHOOL
            )
            factories.with_organisation_role(org, OrganisationMembership.Role.LEAD)
            record(verb="test.event", target=org, partnership=world.partnership)

    return grow


PAGES = [
    ("business_team", "organisation_list", {"slug": "test"}, 16),
    ("business_team", "person_list", {"slug": "test"}, 16),
    ("business_team", "audit_trail", {"slug": "test"}, 16),
    ("business_team", "partnership_home", {"slug": "test"}, 16),
    ("business_team", "home", {}, 16),
    ("agency_a_lead", "home", {}, 18),  # with its panel of actions (tests/core/test_home.py)
    ("partner_la", "group_list", {"slug": "test"}, 16),
    ("business_team", "cycle_list", {"slug": "test"}, 16),
    ("agency_a_lead", "briefing_list", {"slug": "test"}, 16),
    ("agency_a_lead", "organisation_detail", {"slug": "test", "organisation_id": "agency_a"}, 20),
]


@pytest.mark.parametrize("role,name,kwargs,bound", PAGES, ids=[f"{p[1]}-{p[0]}" for p in PAGES])
def test_page_queries_do_not_grow_with_data(world, client_for, role, name, kwargs, bound):
    kwargs = {key: world.agency_a.pk if value == "agency_a" else value for key, value in kwargs.items()}
    assert_flat(
        client_for(world.users[role]), reverse(name, kwargs=kwargs), grow_register(world), bound=bound
    )


def test_cycle_tracking_queries_do_not_grow_with_returns(world, client_for):
    from sightline.assessments.models import Submission

    from .test_access_matrix import open_cycle

    cycle = open_cycle(world)

    def grow():
        for i in range(60):
            org = factories.organisation(
                world.partnership, f"Trust {i:03d}", type=Organisation.Type.NHS_TRUST
            )
            Submission.objects.create(cycle=cycle, organisation=org, due_on=cycle.closes_on)

    url = reverse("cycle_detail", kwargs={"slug": "test", "cycle_id": cycle.pk})
    assert_flat(client_for(world.users["business_team"]), url, grow, bound=16)


def test_case_list_and_audit_list_queries_do_not_grow_with_cases(world, client_for):
    from .casework.builders import event_with_audits, make_case, request_audits

    activity, _, _, _ = event_with_audits(world)

    def grow():
        for i in range(30):
            agency = factories.organisation(world.partnership, f"Grown Trust {i:03d}")
            factories.with_organisation_role(agency, OrganisationMembership.Role.LEAD)
            make_case(world, activity, world.agency_a, world.agency_b, agency)
        request_audits(world, activity)

    page = reverse("activity_casework", kwargs={"slug": "test", "activity_id": activity.pk})
    assert_flat(client_for(world.users["business_team"]), page, grow, bound=22)
    ours = reverse("our_case_audits", kwargs={"slug": "test"})
    assert_flat(client_for(world.users["agency_a_lead"]), ours, lambda: make_case(world, activity), bound=16)


def test_ledger_and_pool_queries_do_not_grow_with_entries_and_officers(world, client_for):
    from datetime import date, timedelta

    from sightline.scrutiny.years import this_year

    from .casework.builders import make_activity
    from .scrutiny.builders import book

    first_day = date(this_year(), 4, 1)
    book(world, first_day, 1)

    def grow():
        activity = make_activity(world)
        for i in range(40):
            book(
                world,
                first_day + timedelta(days=i),
                0.5,
                0.5,
                activity=activity if i % 2 else None,
                confirm=True,
            )
            factories.with_partnership_role(world.partnership, "iso")

    client = client_for(world.users["business_team"])
    ledger = reverse("iso_ledger", kwargs={"slug": "test", "iso_id": world.users["iso"].pk})
    assert_flat(client, ledger, grow, bound=18)
    assert_flat(client, reverse("iso_pool", kwargs={"slug": "test"}), grow, bound=16)
    assert_flat(client_for(world.users["iso"]), reverse("my_days"), grow, bound=16)
