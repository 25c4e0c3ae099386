"""Pseudonymous case references, such as LOS-2026-7KQ3: a prefix for the kind of activity, the year, and four
random characters. Nothing in a reference comes from the child or the case, so it can be written in an email or
a panel pack; references are unique per partnership."""

from __future__ import annotations

import secrets

from django.utils import timezone

# No vowels (no words by chance) and none of 0/O, 1/I/L, 5/S, 8/B that are misread when spoken or handwritten.
ALPHABET = "234679CDFGHJKMNPQRTVWXYZ"
LENGTH = 4
LINE_OF_SIGHT_KINDS = {"practice_learning", "case_specific"}


def prefix_for(kind: str) -> str:
    return "LOS" if kind in LINE_OF_SIGHT_KINDS else "CASE"


def reference_candidate(kind: str, year: int | None = None) -> str:
    year = year or timezone.localdate().year
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{prefix_for(kind)}-{year}-{code}"
