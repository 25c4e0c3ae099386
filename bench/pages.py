"""The pages the benchmark loads, discovered from the URL patterns and the access policy, so a new list or report
page joins without anyone remembering: every pattern of our own whose only argument is the partnership (or that
has none), requested as the first role, in ROLE_ORDER, that the policy lets see it; the home page as every role;
and the composite report and the pages around it, which need a cycle.

Run in the benchmark database's environment: `python bench/pages.py` prints the plan as JSON (the pages and, for
each role used, the accounts to sign in as)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Roles in the order a page is tried: the business team sees most; an organisation's lead sees its own pages.
ROLE_ORDER = [
    "business_team",
    "lead",
    "iso",
    "learning_chair",
    "partner_la",
    "partner_icb",
    "partner_police",
    "learning_member",
    "board_member",
    "school_lead",
]
# Not benchmarked: forms that make something new (pages, but neither lists nor reports), the account's own
# settings and the sign-in machinery.
SKIPPED_ROUTE_ENDINGS = ("new/", "invite/", "import/")
SKIPPED_NAME_PREFIXES = ("account_", "mfa_", "session_", "landing", "healthz", "accessibility", "privacy")
MOST_ACCOUNTS = 20  # one session per account, at most one per virtual user


def walk(patterns, prefix: str = "", converters: dict | None = None):
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        if isinstance(entry, URLResolver):
            inherited = {**(converters or {}), **entry.pattern.converters}
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inherited)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry, {**(converters or {}), **entry.pattern.converters}


def people(partnership) -> dict:
    """role -> the accounts of that role (up to MOST_ACCOUNTS), best first."""
    from sightline.partnerships.models import Organisation, OrganisationMembership, PartnershipMembership

    found: dict = {}
    for membership in (
        PartnershipMembership.objects.filter(partnership=partnership)
        .select_related("user")
        .order_by("user__email")
    ):
        found.setdefault(membership.role, []).append(membership.user)
    leads = OrganisationMembership.objects.filter(
        role=OrganisationMembership.Role.LEAD, organisation__affiliations__partnership=partnership
    ).select_related("user", "organisation")
    # The council's lead: the organisation with the most of the partnership's work (actions, case audits).
    council = leads.filter(organisation__statutory_partner=Organisation.StatutoryPartner.LA).first()
    school = leads.filter(organisation__type=Organisation.Type.SCHOOL).order_by("organisation__name").first()
    found["lead"] = [council.user] if council else []
    found["school_lead"] = [school.user] if school else []
    return {role: users[:MOST_ACCOUNTS] for role, users in found.items() if users}


def may_see(user, rule: str, partnership, takes_partnership: bool) -> bool:
    from sightline.core.access import PUBLIC, SIGNED_IN

    if rule in (PUBLIC, SIGNED_IN):
        return True
    return user.has_perm(rule, partnership) if takes_partnership else user.has_perm(rule)


def discovered(partnership, accounts: dict) -> list[dict]:
    from django.urls import get_resolver, reverse

    from sightline.core.access import declared_rule, is_third_party

    pages = []
    for route, entry, converters in walk(get_resolver().url_patterns):
        name = entry.name or ""
        if (
            not name
            or is_third_party(entry.callback)
            or set(converters) - {"slug"}
            or route.endswith(SKIPPED_ROUTE_ENDINGS)
            or name.startswith(SKIPPED_NAME_PREFIXES)
        ):
            continue
        rule = declared_rule(entry.callback) or ""
        takes_partnership = "slug" in converters
        url = reverse(name, kwargs={"slug": partnership.slug} if takes_partnership else {})
        if name == "home":
            pages += [{"page": f"home ({role})", "name": name, "url": url, "role": role} for role in accounts]
            continue
        role = next(
            (
                role
                for role in ROLE_ORDER
                if role in accounts and may_see(accounts[role][0], rule, partnership, takes_partnership)
            ),
            None,
        )
        if role is not None:
            pages.append({"page": name, "name": name, "url": url, "role": role})
    return pages


def around_the_composite(partnership) -> list[dict]:
    """The composite report of the finished cycle with the most counted returns, its tracking page, the progress
    report and its downloads, and the plan its actions went into (the partnership's largest)."""
    from django.db.models import Count, Q
    from django.urls import reverse

    from sightline.assessments.models import Cycle
    from sightline.improvement.models import ActionPlan

    cycle = (
        Cycle.objects.filter(partnership=partnership)
        .exclude(status=Cycle.Status.OPEN)
        .annotate(counted=Count("submissions", filter=Q(submissions__status__in=("submitted", "accepted"))))
        .order_by("-counted", "title")
        .first()
    )
    pages = []
    if cycle is not None:
        kwargs = {"slug": partnership.slug, "cycle_id": cycle.pk}
        for name in (
            "cycle_composite",
            "cycle_detail",
            "progress_report",
            "progress_report_docx",
            "progress_report_xlsx",
        ):
            pages.append(
                {"page": name, "name": name, "url": reverse(name, kwargs=kwargs), "role": "business_team"}
            )
    plan = (
        ActionPlan.objects.filter(partnership=partnership)
        .annotate(n=Count("actions"))
        .order_by("-n", "title")
        .first()
    )
    if plan is not None:
        url = reverse("plan_detail", kwargs={"slug": partnership.slug, "plan_id": plan.pk})
        pages.append(
            {"page": "plan_detail (largest plan)", "name": "plan_detail", "url": url, "role": "business_team"}
        )
    return pages, (cycle.pk if cycle else None)


def plan() -> dict:
    from sightline.partnerships.models import Partnership

    partnership = Partnership.objects.order_by("slug").first()
    if partnership is None:
        raise SystemExit("No partnership in this database: generate the synthetic data first")
    accounts = people(partnership)
    pages = discovered(partnership, accounts)
    extra, cycle_id = around_the_composite(partnership)
    pages += extra
    used = {page["role"] for page in pages}
    return {
        "partnership": partnership.slug,
        "composite_cycle": str(cycle_id) if cycle_id else None,
        "pages": pages,
        "accounts": {
            role: [user.email for user in users] for role, users in accounts.items() if role in used
        },
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    print(json.dumps(plan(), indent=2))
