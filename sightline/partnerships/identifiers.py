"""The national identifiers of an organisation, checked by their published formats, so that a register never
holds a formula, a typing slip or someone's free text where an identifier belongs. Each check returns the value
tidied (upper case, single spaces) or raises ValueError with a message saying what to enter."""

from __future__ import annotations

import re

# Ofsted: a number of six or seven digits, with the two-letter prefix of a register (EY, SC…) where it has one.
OFSTED_URN = re.compile(r"(?:[A-Z]{2})?\d{6,7}")
# NHS Organisation Data Service: three to six letters and digits (RJL, 15E, Y02345), with an optional site suffix.
ODS_CODE = re.compile(r"[A-Z0-9]{3,6}(?:[A-Z0-9]{2,4})?")
# A UK postcode: outward code (area, district) and inward code (sector, unit), or the one special case GIR 0AA.
POSTCODE = re.compile(r"(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) \d[A-Z]{2}")


def _tidy(value: str) -> str:
    return " ".join((value or "").upper().split())


def ukprn(value: str) -> str:
    value = _tidy(value)
    if value and not (len(value) == 8 and value.isascii() and value.isdigit() and value[0] == "1"):
        raise ValueError("Enter the UKPRN as 8 digits starting with 1, like 10012345")
    return value


def ofsted_urn(value: str) -> str:
    value = _tidy(value).replace(" ", "")
    if value and not OFSTED_URN.fullmatch(value):
        raise ValueError(
            "Enter the Ofsted URN as 6 or 7 digits, with its letters if it has them, like EY123456"
        )
    return value


def ods_code(value: str) -> str:
    value = _tidy(value).replace(" ", "")
    if value and not ODS_CODE.fullmatch(value):
        raise ValueError("Enter the ODS code as 3 to 10 letters and numbers, like RJL or 15E")
    return value


def postcode(value: str) -> str:
    value = _tidy(value)
    if value and " " not in value and len(value) >= 5:
        value = f"{value[:-3]} {value[-3:]}"  # "DN311HU" is written "DN31 1HU"
    if value and not POSTCODE.fullmatch(value):
        raise ValueError("Enter a full UK postcode, like DN31 1HU")
    return value
