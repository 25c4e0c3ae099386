"""Who reads a dispute: only its parties (the leads and contributors of a party organisation, and the delegated
partner for a party that is a statutory partner), the business team and the ISO asked to assist. Other ISOs, the
board, the learning group, other agencies and another partnership get 404, and the list shows each reader only
the disputes they read."""

import pytest
from django.urls import reverse

from sightline.partnerships.models import Organisation, PartnershipMembership
from sightline.scrutiny.disputes import services as disputes
from sightline.scrutiny.disputes.selectors import disputes_visible_to

from .. import factories
from .dispute_builders import assisting_iso, record

Role = PartnershipMembership.Role
READERS = {"business_team", "agency_a_lead", "agency_a_contributor", "partner_la", "assisting_iso"}
MOVERS = {"business_team", "agency_a_lead", "partner_la"}


@pytest.fixture
def people(world):
    """The world's people, with the two other partners, a learning group member, a signatory of agency A, and
    the ISO asked to assist."""
    users = dict(world.users)
    for key, role in (
        ("partner_icb", Role.PARTNER_ICB),
        ("partner_police", Role.PARTNER_POLICE),
        ("learning_member", Role.LEARNING_MEMBER),
    ):
        users[key] = factories.with_partnership_role(world.partnership, role)
    users["agency_a_signatory"] = factories.with_organisation_role(world.agency_a, "signatory")
    users["assisting_iso"] = assisting_iso(world)
    return users


@pytest.fixture
def dispute(world, people):
    return disputes.dispute_iso_ask(
        by=world.users["business_team"], dispute=record(world), iso=people["assisting_iso"]
    )


@pytest.mark.parametrize(
    "who",
    sorted(
        {
            "business_team",
            "agency_a_lead",
            "agency_a_contributor",
            "partner_la",
            "assisting_iso",
            "iso",
            "board_member",
            "learning_chair",
            "learning_member",
            "agency_b_lead",
            "agency_a_signatory",
            "partner_icb",
            "partner_police",
            "other_business_team",
            "nobody",
            "operator",
        }
    ),
)
def test_only_the_parties_the_business_team_and_the_assisting_iso_read_it(
    world, people, dispute, client_for, who
):
    client = client_for(people[who])
    detail = client.get(reverse("dispute_detail", kwargs={"slug": "test", "dispute_id": dispute.pk}))
    assert detail.status_code == (200 if who in READERS else 404)
    note = client.get(reverse("dispute_note", kwargs={"slug": "test", "dispute_id": dispute.pk}))
    assert note.status_code == (200 if who in MOVERS | {"assisting_iso"} else 404)
    for name in ("dispute_escalate", "dispute_ask_iso", "dispute_resolve"):
        move = client.get(reverse(name, kwargs={"slug": "test", "dispute_id": dispute.pk}))
        assert move.status_code == (200 if who in MOVERS else 404), name
    assert (dispute in disputes_visible_to(user=people[who], partnership=world.partnership)) == (
        who in READERS
    )
    assert people[who].has_perm("scrutiny.view_dispute", dispute) == (who in READERS)


def test_the_list_shows_each_reader_only_their_own(world, people, dispute, client_for):
    police = factories.organisation(
        world.partnership, "Test Police", type=Organisation.Type.POLICE, statutory_partner="police"
    )
    other = record(
        world, parties=[world.agency_b, police], subject="Information sharing at strategy meetings"
    )
    rows = {
        who: client_for(people[who])
        .get(reverse("dispute_list", kwargs={"slug": "test"}) + "?status=all")
        .content.decode()
        for who in ("business_team", "agency_a_lead", "partner_la", "partner_police", "agency_b_lead", "iso")
    }
    assert dispute.subject in rows["business_team"] and other.subject in rows["business_team"]
    for who in ("agency_a_lead", "partner_la"):
        assert dispute.subject in rows[who] and other.subject not in rows[who]
    for who in ("partner_police", "agency_b_lead"):
        assert other.subject in rows[who] and dispute.subject not in rows[who]
    assert dispute.subject not in rows["iso"] and other.subject not in rows["iso"]


@pytest.mark.parametrize("who", ["board_member", "learning_chair", "learning_member", "agency_a_signatory"])
def test_those_who_could_be_no_party_do_not_reach_the_list(people, client_for, who):
    assert client_for(people[who]).get(reverse("dispute_list", kwargs={"slug": "test"})).status_code == 404


def test_an_iso_no_longer_asked_reads_it_no_more(world, people, dispute, client_for):
    second = factories.with_partnership_role(world.partnership, Role.ISO)
    disputes.dispute_iso_ask(by=world.users["business_team"], dispute=dispute, iso=second)
    url = reverse("dispute_detail", kwargs={"slug": "test", "dispute_id": dispute.pk})
    assert client_for(second).get(url).status_code == 200
    assert client_for(people["assisting_iso"]).get(url).status_code == 404


def test_a_dispute_is_not_found_through_another_partnership(world, people, dispute, client_for):
    url = reverse("dispute_detail", kwargs={"slug": "other", "dispute_id": dispute.pk})
    assert client_for(world.users["other_business_team"]).get(url).status_code == 404
    assert client_for(world.users["business_team"]).get(url).status_code == 404


def test_a_partner_who_records_a_dispute_they_are_no_party_to_is_told_they_will_not_see_it(
    world, people, client_for
):
    stage = disputes.dispute_stages_ensure(partnership=world.partnership)[0]
    response = client_for(people["partner_icb"]).post(
        reverse("dispute_create", kwargs={"slug": "test"}),
        {
            "between": "agencies",
            "subject": "Missing from education notifications",
            "description": "The two agencies disagree about who tells whom.",
            "party_1": world.agency_a.pk,
            "party_2": world.agency_b.pk,
            "stage": stage.pk,
        },
        follow=True,
    )
    assert "as you are not a party, you will not see it in your list" in response.content.decode()
