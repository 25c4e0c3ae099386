"""Every list, dashboard and report page, found from the URL patterns and the access policy rather than listed,
answers within one shared query bound in a small partnership and in one nearly twice its size.

The two partnerships are the synthetic `tiny` scale's (sightline/synthetic): the same shape of data (cycles with
returns in every state, action plans, assurance activities with cases, reviews, the ledger) for 40 organisations
and for 25. Each page is requested in both as the first role, in ROLE_ORDER, that the policy lets see it. A page
whose queries grow with its rows (an N+1) asks for more in the larger partnership and fails here; the hand-written
budgets (tests/test_query_budgets.py and beside each app's pages) grow one page's data much further. A new page is
checked without a new line; one that needs more than BOUND says so in BOUNDS with the reason."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from sightline.core.access import PUBLIC, SIGNED_IN, declared_rule, is_third_party
from sightline.synthetic.generate import generate

from .query_budget import queries_for
from .test_access_matrix import POST_ONLY
from .test_url_access import walk

BOUND = 30
# Pages that may ask for more than BOUND, with why. None today.
BOUNDS: dict[str, int] = {}
ROLE_ORDER = (
    "business_team",
    "lead",
    "iso",
    "learning_chair",
    "partner_la",
    "partner_icb",
    "partner_police",
    "learning_member",
    "board_member",
)
# Whose home page it is: every role's home is a dashboard of its own.
HOME_ROLES = ("business_team", "lead", "iso", "learning_chair", "partner_police", "board_member")


ENTRIES = {entry.name: entry for _, entry in walk() if entry.name}


def page_names() -> list[str]:
    """Our pages that take nothing but the partnership (or nothing at all) and answer GET."""
    return sorted(
        name
        for name, entry in ENTRIES.items()
        if not is_third_party(entry.callback)
        and set(entry.inherited_converters) <= {"slug"}
        and name not in POST_ONLY
        and declared_rule(entry.callback) not in (PUBLIC, None)
    )


@pytest.fixture(scope="module")
def registers(django_db_setup, django_db_blocker):
    """The tiny scale's two partnerships, made once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        outcome = generate(scale="tiny", seed=11)
        small, large = sorted(outcome.registers, key=lambda register: len(register.organisations))
        yield small, large
        transaction.set_rollback(True)


def person(register, role: str):
    if role == "lead":  # the council's lead: the organisation with the most of the partnership's work
        return register.leads[register.statutory["la"].pk]
    return register.first(role)


def first_role_allowed(name: str, register) -> str | None:
    entry = ENTRIES[name]
    rule = declared_rule(entry.callback)
    takes_partnership = "slug" in entry.inherited_converters
    for role in ROLE_ORDER:
        user = person(register, role)
        if rule == SIGNED_IN:
            return role
        if user.has_perm(rule, register.partnership) if takes_partnership else user.has_perm(rule):
            return role
    return None


def address(name: str, register) -> str:
    entry = ENTRIES[name]
    return reverse(
        name, kwargs={"slug": register.partnership.slug} if "slug" in entry.inherited_converters else {}
    )


def _count(register, name: str, role: str) -> int:
    client = Client()
    client.force_login(person(register, role))
    return queries_for(client, address(name, register))


CASES = [(name, None) for name in page_names() if name != "home"] + [("home", role) for role in HOME_ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize("name,role", CASES, ids=[f"{n}-{r}" if r else n for n, r in CASES])
def test_page_asks_no_more_queries_in_a_larger_partnership(registers, name, role):
    small, large = registers
    role = role or first_role_allowed(name, large)
    if role is None:
        pytest.fail(
            f"{name}: no role may see it; give it a role in ROLE_ORDER or leave it out of page_names()"
        )
    bound = BOUNDS.get(name, BOUND)

    in_small, in_large = _count(small, name, role), _count(large, name, role)

    assert in_small <= bound and in_large <= bound, (
        f"{name} as {role}: {in_small} and {in_large} (bound {bound})"
    )
    assert in_large <= in_small, (
        f"{name} as {role}: {in_small} queries for {len(small.organisations)} organisations, {in_large} for "
        f"{len(large.organisations)}: its queries grow with its rows"
    )
