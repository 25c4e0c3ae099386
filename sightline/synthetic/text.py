"""The invented words synthetic records are written in: short sentences from a small fixed vocabulary, so texts
look like answers without being anyone's. Shared by the composite benchmark (sightline/assessments/benchmarking.py)
and the generator."""

from __future__ import annotations

import random
import uuid

SUBJECTS = [
    "Our safeguarding lead",
    "The board",
    "Every team manager",
    "The quality team",
    "Supervision",
    "Our training programme",
    "The annual audit",
    "Front-line staff",
    "The designated officer",
    "Our commissioning team",
]
VERBS = ["reviews", "checks", "reports on", "records", "tests", "discusses", "follows up", "monitors"]
OBJECTS = [
    "referrals to children's social care",
    "the single central record",
    "allegations against staff",
    "training completion every quarter",
    "the voice of the child in case records",
    "multi-agency information sharing",
    "policies against the partnership's procedures",
    "learning from practice reviews",
    "safer recruitment checks",
    "feedback from families and carers",
]
TAILS = [
    "",
    " and reports the findings to the board.",
    ", though evidence of impact is still limited.",
    " with actions tracked to completion.",
    "; a gap was found in the last audit.",
]
ACTIONS = [
    "Refresh safeguarding training for all front-line staff",
    "Audit a sample of case records for the voice of the child",
    "Add safeguarding clauses to every new contract",
    "Report training completion to the board every quarter",
    "Review the allegations management procedure",
    "Set up regular supervision for the safeguarding lead",
]
LEADS = ["Head of safeguarding", "Named nurse", "Director of operations", "Quality lead", "HR manager"]
THEMES = [
    "Neglect of younger children",
    "Exploitation of older children outside the home",
    "Children not brought to health appointments",
    "Domestic abuse and the child's lived experience",
    "Information sharing at the front door",
    "Children missing education",
    "Parental mental health and substance use",
    "Safer sleep and infants under one",
    "Transitions to adult services",
    "Children with disabilities and complex needs",
]
FIRST_NAMES = [
    "Alex",
    "Bea",
    "Cal",
    "Dee",
    "Eli",
    "Fran",
    "Gus",
    "Hana",
    "Ivo",
    "Jas",
    "Kit",
    "Lou",
    "Mo",
    "Nell",
    "Oli",
    "Pip",
    "Quin",
    "Ray",
    "Sol",
    "Tam",
    "Uma",
    "Vic",
    "Wren",
    "Yas",
    "Zed",
]
LAST_NAMES = [
    "Ashdown",
    "Brookfield",
    "Carrow",
    "Dunmere",
    "Elsworth",
    "Fenwick",
    "Greyling",
    "Harrowgate",
    "Ilsey",
    "Juniper",
    "Kestrel",
    "Larkhill",
    "Merriot",
    "Northam",
    "Oakridge",
    "Penhallow",
    "Quarry",
    "Rushmere",
    "Stanway",
    "Thornbury",
    "Underhill",
    "Vale",
    "Westcott",
    "Yarrow",
]
PLACES = [
    "Ashby",
    "Barrowmede",
    "Carnford",
    "Dellwick",
    "Eastholm",
    "Farrowby",
    "Glenmarsh",
    "Hollowell",
    "Ivybridge Vale",
    "Kestonbury",
    "Lowmarsh",
    "Millbrook",
    "Northwold",
    "Oxhill",
    "Pennington Cross",
    "Quayside",
    "Redcliffe Moor",
    "Saltmarsh",
    "Thistledown",
    "Upperford",
    "Wexcombe",
    "Yelverton Down",
]


def sentence(rng: random.Random) -> str:
    tail = rng.choice(TAILS) or "."
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{tail}"


def paragraph(rng: random.Random, sentences: int = 3) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def uid(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from the seeded generator, so bulk-inserted rows get the same keys every run."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
