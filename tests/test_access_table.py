"""The role table (sightline/policy/table.py, docs/access.md): complete, up to date, and saying what issue 11 asked
of the roles that read too much."""

from pathlib import Path

import pytest
import rules
from django.conf import settings

from sightline.policy import table as policy_table
from sightline.policy.table import ALL, GRANTS, NONE, OWN, RECORDS, ROLES

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "access.md"


_EVALUATED = []


@pytest.fixture
def table(db):
    """The policy's answers depend on its code only: worked out once per run."""
    if not _EVALUATED:
        _EVALUATED.append(policy_table.evaluate())
    return _EVALUATED[0]


def test_every_permission_of_the_policy_is_in_the_table():
    import sightline.policy  # noqa: F401

    annotated = {grant.perm for grant in GRANTS}
    assert set(rules.permissions.permissions) - annotated == set(), "annotate the new permission in GRANTS"
    assert annotated - set(rules.permissions.permissions) == set(), (
        "GRANTS names a permission the policy lacks"
    )


def test_every_grant_names_a_known_record_and_mode():
    records = {key for key, _, _ in RECORDS}
    for grant in GRANTS:
        assert grant.record in records and grant.mode in ("read", "write"), grant


def test_docs_access_md_is_the_table_the_policy_gives(table):
    expected = policy_table.render(table)
    assert DOCUMENT.exists() and DOCUMENT.read_text(encoding="utf-8") == expected, (
        f"docs/access.md is out of date with sightline/policy/: run `{policy_table.COMMAND}` and review the diff"
    )


def test_nobody_outside_the_partnership_reads_or_writes_anything_in_it(table):
    for grant in GRANTS:
        if grant.on == "":
            continue  # installation-level: the template library, the operator's own pages
        for role in ("other_partnership", "no_role", "anonymous", "operator"):
            assert table.value(grant, role) == NONE, (grant.perm, role)


# Issue 11: what the attacker read, written down so a regenerated document cannot quietly give it back.
NOT_RETURNS = (
    "iso_assigned",
    "iso_unassigned",
    "board_member",
    "learning_chair",
    "learning_member",
    "panel_member",
)


@pytest.mark.parametrize("role", NOT_RETURNS)
def test_only_partners_the_business_team_and_the_organisation_read_returns(table, role):
    assert table.summary("returns", role) == "–"
    assert not table.holds("assessments.view_return", role)
    assert not table.holds("assessments.view_returns", role)


@pytest.mark.parametrize("role", ["business_team", "partner_la", "partner_icb", "partner_police"])
def test_the_business_team_and_the_three_partners_read_every_return(table, role):
    assert table.holds("assessments.view_return", role, own=False)


@pytest.mark.parametrize("role", ["agency_lead", "contributor", "signatory"])
def test_an_organisations_people_read_only_its_own_returns(table, role):
    assert table.holds("assessments.view_return", role) and not table.holds(
        "assessments.view_return", role, own=False
    )


@pytest.mark.parametrize("role", ["board_member", "learning_chair", "learning_member", "iso_assigned"])
def test_partnership_level_results_stay_with_the_board_the_learning_group_and_the_iso(table, role):
    for perm in ("assessments.view_cycles", "improvement.view_board_summary", "improvement.view_escalations"):
        assert table.holds(perm, role, own=False), perm


def test_an_iso_reads_only_the_activities_they_are_assigned_to(table):
    assert table.summary("activities", "iso_assigned").startswith("r")
    assert not table.holds("assurance.view_activity", "iso_unassigned")
    assert not table.holds("assurance.view_activity", "iso_assigned", own=False)
    assert not table.holds("scrutiny.view_ledgers", "iso_assigned")


def test_the_cells_are_what_the_legend_says(table):
    for grant in GRANTS:
        for role, _ in ROLES:
            assert table.value(grant, role) in (ALL, OWN, NONE)
