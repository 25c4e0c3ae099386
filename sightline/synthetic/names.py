"""Invented names for organisations, by type: built from place names and common words, unique within a
partnership's register (the order returns are filled in follows the names, so a repeated name would make the
data depend on the database's tie-breaking)."""

from __future__ import annotations

import random
from itertools import product

from .text import FIRST_NAMES, LAST_NAMES, PLACES

FEATURES = [
    "Park",
    "Hill",
    "Vale",
    "Green",
    "Meadow",
    "Brook",
    "Oak",
    "Mill",
    "Church",
    "Castle",
    "Bridge",
    "Field",
]
LITTLE = [
    "Acorns", "Bluebells", "Buttercups", "Ducklings", "Fledglings", "Foxes", "Hedgehogs", "Owls", "Rainbows",
    "Robins", "Squirrels", "Sunflowers", "Tadpoles", "Treetops", "Willows", "Wrens",
]  # fmt: skip
VOLUNTARY = [
    "Youth Trust", "Family Support", "Women's Aid", "Community Church", "Sports Club", "Scouts District",
    "Food Bank", "Carers' Network", "Young People's Project", "Housing Association",
]  # fmt: skip

# Per type: (pattern, the words for {a}, the words for {b}).
PATTERNS = {
    "school": [
        ("{a} {b} Primary School", PLACES, FEATURES),
        ("{a} {b} Infant School", PLACES, FEATURES),
        ("{a} {b} Junior School", PLACES, FEATURES),
        ("{a} {b} Church of England Primary School", PLACES, FEATURES),
        ("{a} {b} Academy", PLACES, FEATURES),
        ("{a} {b} High School", PLACES, FEATURES),
    ],
    "academy_trust": [("{a} {b} Learning Trust", PLACES, FEATURES)],
    "college": [("{a} {b} College", PLACES, FEATURES), ("{a} Sixth Form College", PLACES, [""])],
    "alternative_provision": [("{a} {b} Learning Centre", PLACES, FEATURES)],
    "early_years_group": [
        ("{a} {b} Day Nursery", PLACES, FEATURES),
        ("Little {b} Pre-school, {a}", PLACES, LITTLE),
    ],
    "childminder": [
        ("Childminder: {b} ({a})", PLACES, [f"{f[0]}. {s}" for f, s in product(FIRST_NAMES, LAST_NAMES)])
    ],
    "voluntary": [("{a} {b}", PLACES, VOLUNTARY)],
    "other_health": [
        ("{a} {b} Medical Practice", PLACES, FEATURES),
        ("{a} {b} Dental Care", PLACES, FEATURES),
    ],
    "other": [
        ("{a} Fire and Rescue Service {b}", PLACES, ["Station"]),
        ("{a} {b} Housing Partnership", PLACES, FEATURES),
        ("{a} {b} Leisure Trust", PLACES, FEATURES),
        ("{a} {b} Children's Centre", PLACES, FEATURES),
    ],
    "nhs_trust": [
        ("{a} Hospitals NHS Foundation Trust{b}", PLACES, [""]),
        ("{a} Community Health NHS Trust{b}", PLACES, [""]),
        ("{a} Mental Health NHS Trust{b}", PLACES, [""]),
        ("{a} Ambulance Service NHS Trust{b}", PLACES, [""]),
    ],
    "probation": [("{a} Probation Delivery Unit{b}", PLACES, [""])],
    "youth_justice": [("{a} Youth Justice Service{b}", PLACES, [""])],
    "local_authority": [("{a} District Council{b}", PLACES, [""])],
}


def organisation_names(rng: random.Random, kind: str, n: int) -> list[str]:
    """`n` different names for organisations of this type, in a seeded order."""
    candidates = sorted(
        {
            pattern.format(a=a, b=b).strip()
            for pattern, first, second in PATTERNS[kind]
            for a, b in product(first, second)
        }
    )
    rng.shuffle(candidates)
    names = candidates[:n]
    repeat = 2
    while len(names) < n:  # more organisations of a type than names: number the second round
        names += [f"{name} {repeat}" for name in candidates[: n - len(names)]]
        repeat += 1
    return names
