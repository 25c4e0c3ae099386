"""How much of everything each named scale builds.

- `partnership`: one partnership of 250 organisations, three yearly cycles of each self-assessment template.
- `county`: one partnership of 1,500 organisations (600 schools and colleges, 750 early-years settings, 150
  agencies), three yearly cycles of each template, about 10,000 actions, 30 assurance activities.
- `national`: 150 partnerships of mixed sizes (about 100 to 1,600 organisations), one year's cycles each; each
  police force and integrated care board serves three neighbouring partnerships, as many do.
- `tiny`: two small partnerships sharing their police force and ICB, for the tests.

The partnership and county scales have the same shape, so the benchmark's county/partnership ratios measure
growth with size alone."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .text import PLACES

# Roles across a partnership, in the order accounts are numbered and printed.
STAFF_ROLES = (
    "business_team",
    "partner_la",
    "partner_icb",
    "partner_police",
    "iso",
    "learning_chair",
    "learning_member",
    "board_member",
)
# The kinds of assurance activity, by how often a partnership runs each.
ACTIVITY_MIX = {
    "practice_learning": 9,
    "case_specific": 6,
    "thematic": 5,
    "partnership_audit": 4,
    "agency": 2,
    "call_in": 2,
    "peer_review": 2,
}
# How a register divides each sector by organisation type. Each partnership also has its three statutory partners
# (a local authority, an ICB and a police force), counted among its agencies.
SCHOOL_TYPES = {"school": 86, "academy_trust": 6, "college": 5, "alternative_provision": 3}
EARLY_YEARS_TYPES = {"early_years_group": 60, "childminder": 40}
AGENCY_TYPES = {
    "voluntary": 40,
    "other_health": 20,
    "other": 16,
    "nhs_trust": 10,
    "probation": 4,
    "youth_justice": 4,
    "local_authority": 2,  # district councils; the statutory partners are made apart from this mix
}


@dataclass(frozen=True)
class PartnershipPlan:
    number: int
    name: str
    slug: str
    area: str
    la_code: str
    schools: int  # schools, academy trusts, colleges and alternative provision
    early_years: int  # group settings and childminders
    agencies: int  # every other agency, the three statutory partners included
    # The partnership whose police force and ICB this one shares (they are in its register too), or None.
    shares_with: int | None = None

    @property
    def organisations(self) -> int:
        return self.schools + self.early_years + self.agencies

    @property
    def email_domain(self) -> str:
        return f"{self.slug}.synthetic.test"


@dataclass(frozen=True)
class Scale:
    name: str
    years: int  # yearly cycles of each template, this year's and the ones before
    activities: int  # assurance activities per partnership of `reference_size` organisations
    reviews_per_year: int  # cases in the reviews register, per partnership of `reference_size`
    staff: dict = field(default_factory=dict)  # accounts per partnership role
    reference_size: int = 1500

    def per_partnership(self, amount: int, plan: PartnershipPlan, least: int = 1) -> int:
        """An amount given for a partnership of `reference_size`, for one of this plan's size."""
        return max(least, round(amount * plan.organisations / self.reference_size))


COUNTY_STAFF = {
    "business_team": 8,
    "partner_la": 2,
    "partner_icb": 2,
    "partner_police": 2,
    "iso": 3,
    "learning_chair": 1,
    "learning_member": 10,
    "board_member": 12,
}
SMALL_STAFF = {
    "business_team": 4,
    "partner_la": 2,
    "partner_icb": 2,
    "partner_police": 2,
    "iso": 2,
    "learning_chair": 1,
    "learning_member": 6,
    "board_member": 8,
}
TINY_STAFF = dict.fromkeys(STAFF_ROLES, 1) | {"business_team": 2, "learning_member": 2, "board_member": 2}

SCALES = {
    "tiny": Scale("tiny", years=2, activities=8, reviews_per_year=2, staff=TINY_STAFF, reference_size=40),
    "partnership": Scale(
        "partnership", years=3, activities=12, reviews_per_year=3, staff=SMALL_STAFF, reference_size=250
    ),
    "county": Scale("county", years=3, activities=30, reviews_per_year=8, staff=COUNTY_STAFF),
    "national": Scale("national", years=1, activities=20, reviews_per_year=6, staff=SMALL_STAFF),
}
PUBLIC_SCALES = ("partnership", "county", "national")


def _one(number: int, schools: int, early_years: int, agencies: int, **extra) -> PartnershipPlan:
    place = PLACES[(number - 1) % len(PLACES)]
    suffix = "" if number <= len(PLACES) else f" {(number - 1) // len(PLACES) + 1}"
    return PartnershipPlan(
        number=number,
        name=f"{place}{suffix} Safeguarding Children Partnership",
        slug=f"synthetic-{number:03d}",
        area=f"{place}{suffix}",
        la_code=f"{900 + number % 100:03d}",
        schools=schools,
        early_years=early_years,
        agencies=agencies,
        **extra,
    )


def partnership_plans(scale: Scale, rng: random.Random) -> list[PartnershipPlan]:
    if scale.name == "tiny":
        return [_one(1, 12, 18, 10), _one(2, 8, 10, 6, shares_with=1)]
    if scale.name == "partnership":
        return [_one(1, 100, 125, 25)]
    if scale.name == "county":
        return [_one(1, 600, 750, 150)]
    plans = []
    for number in range(1, 151):
        # Mixed sizes, most of them small: a long tail up to a county's size.
        size = int(min(1600, max(100, rng.lognormvariate(5.9, 0.6))))
        agencies = max(12, size // 10)
        schools = (size - agencies) * 45 // 100
        lead = number - (number - 1) % 3  # every three neighbours share the first one's police and ICB
        plans.append(
            _one(
                number,
                schools,
                size - agencies - schools,
                agencies,
                shares_with=None if lead == number else lead,
            )
        )
    return plans


def split(total: int, weights: dict) -> dict:
    """`total` divided by the weights, largest remainders first, so the parts always add up to it."""
    whole = sum(weights.values())
    parts = {kind: total * weight // whole for kind, weight in weights.items()}
    order = sorted(weights, key=lambda kind: (-(total * weights[kind] % whole), kind))
    for kind in order[: total - sum(parts.values())]:
        parts[kind] += 1
    return parts
