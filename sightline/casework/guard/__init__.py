"""The free-text guard: finds what looks like identifying details in text written about a child's case.

Pure functions over strings, with no database or framework, so any app that lets text leave the partnership can
use them. `scan(text)` returns findings, each with its kind and span in the text as written; it looks for:

- a date of birth, by day, month and year or in ISO form, after "DOB", "date of birth" or "born" ("DOB
  2015-04-03", "born on 3rd April 2015", "date of birth was recorded as 03/04/15"), reported as a name with a date
  of birth when a name stands just before it ("Jane Smith, DOB ...");
- an NHS number: ten digits in any spacing or punctuation, whose check digit passes the modulus 11 test;
- a National Insurance number ("AB 12 34 56 C");
- a UK postcode ("DN31 1HU"), in capitals or lower case, and a street address without one ("Flat 3, 4 Mill Lane");
- a personal name in a sentence ("Jake Smith was seen in ED", `names.py`);
- an email address and a UK telephone number.

Before it looks, the text is read as a person sees it: non-breaking and other spaces as spaces, every kind of dash
as a hyphen, and zero-width and other invisible characters dropped, so "943\u200b476\u00a05919" is an NHS number.

It is a warning, not a proof: it errs towards flagging, and the author confirms when a finding is not
identifying. Ordinary practice language ("aged 7", "Year 6", "Section 47", "the child's mother", a meeting's
date, an agency's name) is not flagged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import identifiers, names
from .identifiers import (
    ADDRESS,
    EMAIL,
    NHS_NUMBER,
    NI_NUMBER,
    PHONE,
    POSTCODE,
    is_ordinal,
    nhs_number_is_valid,
)
from .names import NAME, PRACTICE

NAME_WITH_DOB = "name_with_dob"
DATE_OF_BIRTH = "date_of_birth"

LABELS = {
    NAME_WITH_DOB: "a name with a date of birth",
    DATE_OF_BIRTH: "a date of birth",
    NAME: "a name",
    NHS_NUMBER: "an NHS number",
    NI_NUMBER: "a National Insurance number",
    POSTCODE: "a postcode",
    ADDRESS: "a street address",
    EMAIL: "an email address",
    PHONE: "a telephone number",
}

__all__ = [
    "ADDRESS",
    "DATE_OF_BIRTH",
    "EMAIL",
    "LABELS",
    "NAME",
    "NAME_WITH_DOB",
    "NHS_NUMBER",
    "NI_NUMBER",
    "PHONE",
    "POSTCODE",
    "Finding",
    "is_ordinal",
    "kinds",
    "nhs_number_is_valid",
    "scan",
]


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]


# Reading the text as a person sees it ----------------------------------------------------------------------
# Characters that draw nothing but are not in Unicode's "format" category.
INVISIBLE = {"\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u180e", "\u2800", "\u3164", "\uffa0"}
SPACE_LIKE = {"\t": " ", "\n": "\n", "\r": "\n"}


def _normalised(text: str) -> tuple[str, list[int]]:
    """The text with spaces, dashes and quotes made plain and invisible characters dropped, and for each character
    kept, where it stands in the text as written."""
    kept: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if char in SPACE_LIKE:
            char = SPACE_LIKE[char]
        elif category in ("Cf", "Cc", "Cs", "Co") or char in INVISIBLE:
            continue
        elif category in ("Mn", "Me") and not (kept and kept[-1].isalpha()):
            continue  # a combining mark on a digit or a space hides nothing worth keeping
        elif category == "Zs":
            char = " "
        elif category in ("Zl", "Zp"):
            char = "\n"
        elif category == "Pd" or char == "\u2212":
            char = "-"
        elif char in "\u2018\u2019\u02bc":
            char = "'"
        else:
            folded = unicodedata.normalize("NFKC", char)
            char = folded if len(folded) == 1 else char
        kept.append(char)
        where.append(index)
    return "".join(kept), where


# Dates of birth ------------------------------------------------------------------------------------------------
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
DATE = (
    rf"(?:{DAY}[ ]+(?:of[ ]+)?(?:{MONTHS})\.?,?[ ]+\d{{4}}"  # 3 April 2015, 3rd of April, 2015
    rf"|(?:{MONTHS})\.?[ ]+{DAY},?[ ]+\d{{4}}"  # April 3, 2015
    r"|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}"  # 2015-04-03
    r"|\d{1,2}[ ]?[/.-][ ]?\d{1,2}[ ]?[/.-][ ]?(?:\d{4}|\d{2}))"  # 03/04/2015, 3.4.15, 03 - 04 - 2015
)
# After "DOB" (not "born"), a month and year is a date of birth too.
MONTH_YEAR = rf"(?:(?:{MONTHS})\.?,?[ ]+\d{{4}}|\d{{1,2}}/\d{{4}})"
DOB_MARKER = r"(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s?date|b\.)"
BORN = r"(?:born)"
FILLER = r"(?:\s*[:=-]\s*|\s+)(?:(?:is|was|on|the|of|recorded|given|noted|listed|stated|shown|as|confirmed)\s+){0,3}"
DOB = re.compile(
    rf"\b(?:{DOB_MARKER}{FILLER}(?P<date>{DATE}|{MONTH_YEAR})|{BORN}{FILLER}(?P<born>{DATE}))(?!\d)",
    re.IGNORECASE,
)
DOB_AFTER = re.compile(
    rf"\b(?P<date>{DATE})\s*[(\[,]?\s*(?:d\.?o\.?b\.?|date\s+of\s+birth)\b\.?\)?", re.IGNORECASE
)

# A name-like run: one to three capitalised words (Jane, Smith-Jones, O'Neill, McDonald), ending just before the
# marker, separated from it by at most a comma, a bracket or a few linking words. A lone capital ("Child A") is not
# a name.
NAME_WORD = r"[A-Z](?:[a-z]+|'[A-Z][a-z]+)(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)*"
NAME_BEFORE = re.compile(
    rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}})\s*(?:,|\(|-|–)?\s*(?:(?:who\s+)?(?:was|is)\s+)?$"
)


def _not_a_name(word: str) -> bool:
    return word in PRACTICE or word.lower() in names.ordinary()


def _name_before(text: str, start: int) -> int | None:
    """Where a name-like run of words standing just before `start` begins, if there is one. Leading words that
    start sentences ("The", "Mother") are dropped; a run that still holds such a word is not a name."""
    window_start = max(0, start - 60)
    match = NAME_BEFORE.search(text, window_start, start)
    if match is None:
        return None
    words = list(re.finditer(NAME_WORD, match.group("name")))
    while words and _not_a_name(words[0].group()):
        words.pop(0)
    if not words or any(_not_a_name(word.group()) for word in words):
        return None
    return match.start("name") + words[0].start()


def _dates_of_birth(text: str):
    for match in [*DOB.finditer(text), *DOB_AFTER.finditer(text)]:
        name_start = _name_before(text, match.start())
        if name_start is not None:
            yield NAME_WITH_DOB, name_start, match.end()
        else:
            yield DATE_OF_BIRTH, match.start(), match.end()


SEARCHES = (
    _dates_of_birth,
    identifiers.nhs_numbers,
    identifiers.ni_numbers,
    identifiers.postcodes,
    identifiers.addresses,
    identifiers.emails,
    identifiers.phones,
    names.names,
)


def _covers(outer: tuple[str, int, int], inner: tuple[str, int, int]) -> bool:
    """`outer` already reports `inner`: it spans it, and is of the same kind or a name with a date of birth."""
    same = outer[0] == inner[0] or (outer[0] == NAME_WITH_DOB and inner[0] in (NAME, DATE_OF_BIRTH))
    return outer != inner and same and outer[1] <= inner[1] and inner[2] <= outer[2]


def scan(text: str) -> list[Finding]:
    """Every finding in `text`, in order of where it starts. A finding inside a larger one that reports it (a
    flat number inside its address, a name inside a name with a date of birth) is left out."""
    if not text:
        return []
    plain, where = _normalised(text)
    spans = sorted({span for search in SEARCHES for span in search(plain)}, key=lambda s: (s[1], s[0]))
    spans = [span for span in spans if not any(_covers(other, span) for other in spans)]
    findings = []
    for kind, start, end in spans:
        first, last = where[start], where[end - 1] + 1
        findings.append(Finding(kind, first, last, text[first:last]))
    return findings


def kinds(findings: list[Finding]) -> list[str]:
    """The kinds found, each once, in a fixed order: safe to record, as it holds none of the text."""
    present = {finding.kind for finding in findings}
    return [kind for kind in LABELS if kind in present]
