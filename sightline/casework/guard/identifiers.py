"""Identifiers and contact details as people write them: NHS and National Insurance numbers, postcodes, street
addresses, email addresses and UK telephone numbers. Each function reads text already normalised by `scan` (one
kind of space, one kind of dash, no invisible characters) and yields (kind, start, end) in that text."""

from __future__ import annotations

import re
from collections.abc import Iterator

NHS_NUMBER = "nhs_number"
NI_NUMBER = "ni_number"
POSTCODE = "postcode"
ADDRESS = "address"
EMAIL = "email"
PHONE = "phone"

Span = tuple[str, int, int]

# NHS numbers ---------------------------------------------------------------------------------------------------
# Runs of digit groups joined by a few spaces, dots or hyphens: "943 476 5919", "943-476-5919", "943 4765 919". Ten
# digits in a row of whole groups are checked with the modulus 11 test, so a phone number or a date beside them
# does not hide them and most other ten-digit runs are let through.
DIGIT_RUN = re.compile(r"(?<!\d)\d+(?:[ .-]{1,3}\d+)*(?!\d)")
DIGITS = re.compile(r"\d+")


def nhs_number_is_valid(digits: str) -> bool:
    """The modulus 11 check: weights 10 down to 2 on the first nine digits; 11 minus the remainder is the
    check digit (11 means 0; 10 means the number is not valid)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def nhs_numbers(text: str) -> Iterator[Span]:
    for run in DIGIT_RUN.finditer(text):
        groups = list(DIGITS.finditer(run.group()))
        for first in range(len(groups)):
            digits = ""
            for last in range(first, len(groups)):
                digits += groups[last].group()
                if len(digits) >= 10:
                    break
            if len(digits) == 10 and nhs_number_is_valid(digits):
                yield NHS_NUMBER, run.start() + groups[first].start(), run.start() + groups[last].end()
                break


# National Insurance numbers ------------------------------------------------------------------------------------
# Two prefix letters (neither D, F, I, Q, U or V; the second not O; never BG, GB, KN, NK, NT, TN or ZZ), six
# digits and a suffix A to D, spaced in pairs or not: "AB 12 34 56 C".
NI = re.compile(
    r"(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"(?:[ .-]?\d\d){3}[ .-]?[A-D](?![A-Za-z0-9])",
    re.IGNORECASE,
)


def ni_numbers(text: str) -> Iterator[Span]:
    for match in NI.finditer(text):
        yield NI_NUMBER, match.start(), match.end()


# Postcodes -----------------------------------------------------------------------------------------------------
INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
POSTCODE_PATTERN = re.compile(rf"\b(?P<outward>{OUTWARD})[ ]?(?P<inward>{INWARD})\b", re.IGNORECASE)


def is_ordinal(word: str) -> bool:
    """ "2nd", "3rd", "14th" in lower case: after a code-like word ("the S47 2nd visit") it is prose, not the inward
    half of a postcode. (A postcode written in lower case whose inward half reads as an ordinal slips through.)"""
    suffix = {"1": "st", "2": "nd", "3": "rd"}.get(word[:1], "th")
    return word[1:] == suffix


def postcodes(text: str) -> Iterator[Span]:
    for match in POSTCODE_PATTERN.finditer(text):
        if not is_ordinal(match.group("inward")):
            yield POSTCODE, match.start(), match.end()


# Street addresses ----------------------------------------------------------------------------------------------
STREET = (
    r"(?i:road|rd|street|st|lane|ln|avenue|ave|close|drive|way|crescent|cres|court|place|gardens|gdns|grove"
    r"|terrace|walk|row|hill|view|square|sq|mews|parade|rise|vale|green|park|croft|meadows?|boulevard|wharf)"
)
PROPER = r"(?:St\.?|[A-Z][a-z]+(?:['’]s)?(?:-[A-Z][a-z]+)?)"
# "12 Acacia Road", "14a High Street", "Flat 3, 4 Mill Lane", "no. 5 Church St"
NUMBERED = re.compile(
    rf"(?:\b(?:Flat|Apartment|Apt|Unit|Room)\s+\d+[A-Za-z]?,?\s+)?\b\d{{1,4}}[A-Za-z]?,?\s+"
    rf"(?P<name>(?:{PROPER}\s+){{1,3}}){STREET}\b"
)
FLAT = re.compile(r"\b(?:Flat|Apartment|Apt)\s+\d+[A-Za-z]?\b")
# "moved to Mill Lane", "lives on Acacia Road"
LIVES_ON = re.compile(
    rf"\b(?i:lives?|living|lived|moved|moving|resides?|residing|staying|stays|stayed|address(?:\s+is|\s+was)?)"
    rf"\s+(?:(?i:at|on|in|to|into)\s+)?(?:{PROPER}\s+){{1,3}}{STREET}\b"
)
# Courts are places people go to, not where they live ("the 2 Family Court hearings").
COURTS = {"Family", "Crown", "Magistrates", "Magistrates'", "Youth", "County", "High", "Supreme", "Coroner's"}


def addresses(text: str) -> Iterator[Span]:
    for match in NUMBERED.finditer(text):
        words = match.group("name").split()
        if match.group().lower().endswith("court") and words[-1] in COURTS:
            continue
        yield ADDRESS, match.start(), match.end()
    for pattern in (FLAT, LIVES_ON):
        for match in pattern.finditer(text):
            yield ADDRESS, match.start(), match.end()


# Email and telephone -------------------------------------------------------------------------------------------
EMAIL_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
PHONE_NUMBER = re.compile(r"(?<![\w+])(?:\+44[ ]?(?:\(0\)[ ]?)?|0)[1-9](?:[ -]?\d){8,9}(?![\d])")


def emails(text: str) -> Iterator[Span]:
    for match in EMAIL_ADDRESS.finditer(text):
        yield EMAIL, match.start(), match.end()


def phones(text: str) -> Iterator[Span]:
    for match in PHONE_NUMBER.finditer(text):
        yield PHONE, match.start(), match.end()
