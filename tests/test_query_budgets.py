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
    ("agency_a_lead", "home", {}, 16),
    ("partner_la", "group_list", {"slug": "test"}, 16),
]


@pytest.mark.parametrize("role,name,kwargs,bound", PAGES, ids=[f"{p[1]}-{p[0]}" for p in PAGES])
def test_page_queries_do_not_grow_with_data(world, client_for, role, name, kwargs, bound):
    assert_flat(
        client_for(world.users[role]), reverse(name, kwargs=kwargs), grow_register(world), bound=bound
    )
