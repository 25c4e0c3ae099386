"""The free-text guard: finds what looks like identifying details in text written about a child's case.

Pure functions over strings, with no database or framework, so the publishing redaction guard can use them too.
`scan(text)` returns findings, each with its kind and span; it looks for:

- a date of birth ("DOB 03/04/2015", "date of birth: 3 April 2015", "born on 3rd April 2015"), reported as
  a name with a date of birth when a name-like run of capitalised words stands just before it ("Jane Smith,");
- an NHS number: ten digits, written together or spaced 3-3-4, whose check digit passes the modulus 11 test;
- a UK postcode ("DN31 1HU"), in capitals or lower case;
- an email address;
- a UK telephone number (0 or +44 and nine or ten more digits, spaced or not).

It is a warning, not a proof: it errs towards flagging, and the author confirms when a finding is not
identifying. Ordinary practice language ("aged 7", "Year 6", "Section 47", "the child's mother", a meeting's
date) is not flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME_WITH_DOB = "name_with_dob"
DATE_OF_BIRTH = "date_of_birth"
NHS_NUMBER = "nhs_number"
POSTCODE = "postcode"
EMAIL = "email"
PHONE = "phone"

LABELS = {
    NAME_WITH_DOB: "a name with a date of birth",
    DATE_OF_BIRTH: "a date of birth",
    NHS_NUMBER: "an NHS number",
    POSTCODE: "a postcode",
    EMAIL: "an email address",
    PHONE: "a telephone number",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]


# Dates -------------------------------------------------------------------------------------------------------
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
DATE = (
    rf"(?:{DAY}[ ]+(?:of[ ]+)?(?:{MONTHS})\.?,?[ ]+\d{{4}}"  # 3 April 2015, 3rd of April, 2015
    rf"|(?:{MONTHS})\.?[ ]+{DAY},?[ ]+\d{{4}}"  # April 3, 2015
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))"  # 03/04/2015, 3.4.15
)
BIRTH_MARKER = r"(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born(?:\s+on)?|b\.)"
DOB = re.compile(rf"\b{BIRTH_MARKER}\s*[:\-–]?\s*(?:is\s+|was\s+)?(?P<date>{DATE})\b", re.IGNORECASE)

# A name-like run: one to three capitalised words (Jane, Smith-Jones, O'Neill, McDonald), ending just before the
# marker, separated from it by at most a comma, a bracket or a few linking words. A lone capital ("Child A") is not
# a name.
NAME_WORD = r"[A-Z](?:[a-z]+|'[A-Z][a-z]+)(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)*"
NAME_BEFORE = re.compile(
    rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}})\s*(?:,|\(|-|–)?\s*(?:(?:who\s+)?(?:was|is)\s+)?$"
)
# Capitalised words that start sentences or name roles and places in practice writing, never a person.
NOT_NAMES = frozenset(
    """
    a an and the this that these those he she they his her their it its we our you your i
    child children baby babies young person people mother father mum dad parent parents carer carers
    sibling siblings brother sister grandparent grandmother grandfather stepfather stepmother partner
    family families boy girl son daughter infant toddler teenager pupil student patient
    school college nursery police social worker workers health visitor midwife gp nurse doctor
    council trust hospital service services team agency agencies partnership board panel
    case record records plan plans assessment audit review meeting conference strategy
    section year years child's children's mother's father's
    note noted notes was is were are had has have who which when where while after before during
    on in at by for from of to with without within also then there here however although
    """.split()  # noqa: SIM905 - a list of words reads best as words
)

# Identifiers -------------------------------------------------------------------------------------------------
NHS = re.compile(r"(?<![\d-])(\d{3})( ?)(\d{3})\2(\d{4})(?![\d-])")
EMAIL_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
POSTCODE_PATTERN = re.compile(rf"\b(?P<outward>{OUTWARD})[ ]?(?P<inward>{INWARD})\b", re.IGNORECASE)
PHONE_NUMBER = re.compile(r"(?<![\w+])(?:\+44[ ]?(?:\(0\)[ ]?)?|0)[1-9](?:[ -]?\d){8,9}(?![\d])")


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


def _name_before(text: str, start: int) -> int | None:
    """Where a name-like run of words standing just before `start` begins, if there is one. Leading words that
    start sentences ("The", "Mother") are dropped; a run that still holds such a word is not a name."""
    window_start = max(0, start - 60)
    match = NAME_BEFORE.search(text, window_start, start)
    if match is None:
        return None
    words = list(re.finditer(NAME_WORD, match.group("name")))
    while words and words[0].group().lower() in NOT_NAMES:
        words.pop(0)
    if not words or any(word.group().lower() in NOT_NAMES for word in words):
        return None
    return match.start("name") + words[0].start()


def _dates_of_birth(text: str) -> list[Finding]:
    found = []
    for match in DOB.finditer(text):
        name_start = _name_before(text, match.start())
        if name_start is not None:
            found.append(Finding(NAME_WITH_DOB, name_start, match.end(), text[name_start : match.end()]))
        else:
            found.append(Finding(DATE_OF_BIRTH, match.start(), match.end(), match.group()))
    return found


def _nhs_numbers(text: str) -> list[Finding]:
    return [
        Finding(NHS_NUMBER, m.start(), m.end(), m.group())
        for m in NHS.finditer(text)
        if nhs_number_is_valid(m.group(1) + m.group(3) + m.group(4))
    ]


def is_ordinal(word: str) -> bool:
    """ "2nd", "3rd", "14th" in lower case: after a code-like word ("the S47 2nd visit") it is prose, not the inward
    half of a postcode. (A postcode written in lower case whose inward half reads as an ordinal slips through.)"""
    suffix = {"1": "st", "2": "nd", "3": "rd"}.get(word[:1], "th")
    return word[1:] == suffix


def _postcodes(text: str) -> list[Finding]:
    found = []
    for match in POSTCODE_PATTERN.finditer(text):
        if is_ordinal(match.group("inward")):
            continue
        found.append(Finding(POSTCODE, match.start(), match.end(), match.group()))
    return found


def _emails(text: str) -> list[Finding]:
    return [Finding(EMAIL, m.start(), m.end(), m.group()) for m in EMAIL_ADDRESS.finditer(text)]


def _phones(text: str) -> list[Finding]:
    return [Finding(PHONE, m.start(), m.end(), m.group()) for m in PHONE_NUMBER.finditer(text)]


def scan(text: str) -> list[Finding]:
    """Every finding in `text`, in order of where it starts."""
    if not text:
        return []
    findings = [
        *_dates_of_birth(text),
        *_nhs_numbers(text),
        *_postcodes(text),
        *_emails(text),
        *_phones(text),
    ]
    return sorted(findings, key=lambda finding: (finding.start, finding.kind))


def kinds(findings: list[Finding]) -> list[str]:
    """The kinds found, each once, in a fixed order: safe to record, as it holds none of the text."""
    present = {finding.kind for finding in findings}
    return [kind for kind in LABELS if kind in present]
