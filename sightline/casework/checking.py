"""Applying the free-text guard (guard/) to what people save: findings stop the save until the author has checked
the text and confirmed, on the page that warned them, that it identifies no one.

The confirmation is bound to the text that was warned about. The warning carries a token the server signs over a
digest of exactly those texts and of who was warned, valid for a working day; a save counts as confirmed only when
the box is ticked and the token sent back matches the texts sent now. A box ticked before any warning (a
pre-ticked first post), or text changed after the warning, is warned about again.

A warning names the kind of detail and where it is (the field, and the paragraph in a longer text), never the
text itself, so nothing identifying is shown back on screen or kept in a log.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from django import forms
from django.core import signing

from sightline.core.errors import TransitionError

from . import guard

SALT = "sightline.casework.checking.confirmation"
MAX_AGE = 8 * 60 * 60  # long enough to check the text and come back to it, not long enough to keep
CHECKED_FIELD = "identifiers_checked"
TOKEN_FIELD = "identifiers_token"  # noqa: S105 - a form field's name, not a secret
CONFIRM_LABEL = "I have checked: this contains no identifying details"


@dataclass(frozen=True)
class Place:
    """One kind of identifying detail and where it was found, without the text."""

    label: str
    where: str
    paragraph: int | None

    def __str__(self) -> str:
        place = f"in “{self.where}”" if self.where else ""
        if self.paragraph is not None:
            place = f"{place}, paragraph {self.paragraph}" if place else f"in paragraph {self.paragraph}"
        return f"{self.label[:1].upper()}{self.label[1:]}{' ' + place if place else ''}"


def _digest(texts: dict[str, str], by) -> str:
    payload = json.dumps(
        {"by": str(getattr(by, "pk", "") or ""), "texts": sorted((k, v or "") for k, v in texts.items())},
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def confirmation_token(texts: dict[str, str], *, by) -> str:
    """The token a warning about `texts` carries: signed by the server, so it cannot be made up in a browser."""
    return signing.TimestampSigner(salt=SALT).sign(_digest(texts, by))


def confirmation_matches(token: str, texts: dict[str, str], *, by) -> bool:
    """Whether `token` was issued by a warning about exactly `texts`, to `by`, within MAX_AGE."""
    if not token:
        return False
    try:
        digest = signing.TimestampSigner(salt=SALT).unsign(token, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    return hmac.compare_digest(digest, _digest(texts, by))


def _paragraph(text: str, start: int) -> int | None:
    """Which paragraph (non-empty line) of `text` a finding starts in, when the text has more than one."""
    if sum(1 for line in text.splitlines() if line.strip()) < 2:
        return None
    return sum(1 for line in text[:start].split("\n")[:-1] if line.strip()) + 1


class IdentifyingDetails(TransitionError):
    """Free text that looks as if it identifies a child or family, saved only once the author has checked it.
    `places` says what kind of detail was found and where; `token` goes back with the author's confirmation."""

    def __init__(self, places: list[Place], token: str):
        what = sorted({place.label for place in places})
        super().__init__(
            "What you wrote may identify someone ("
            + ", ".join(what)
            + "). Take it out, or tick to confirm that it contains no identifying details."
        )
        self.places = places
        self.token = token

    def data_with(self, data):
        """The posted form data to show the warning with: the texts as sent, the box unticked, this token."""
        data = data.copy()
        data.pop(CHECKED_FIELD, None)
        data[TOKEN_FIELD] = self.token
        return data


def guard_texts(texts: dict[str, str], *, by, confirmation: str = "") -> list[str]:
    """Raise IdentifyingDetails for texts with findings, unless `confirmation` is the token of a warning about
    exactly these texts. `texts` maps what each text is (the label its author saw) to the text. Returns the kinds
    found (safe to record: they hold none of the text)."""
    found: list[guard.Finding] = []
    places: list[Place] = []
    for where, text in texts.items():
        for finding in guard.scan(text or ""):
            found.append(finding)
            place = Place(finding.label, where, _paragraph(text, finding.start))
            if place not in places:
                places.append(place)
    if found and not confirmation_matches(confirmation, texts, by=by):
        raise IdentifyingDetails(places, confirmation_token(texts, by=by))
    return guard.kinds(found)


class ChecksIdentifiers:
    """A form whose text the guard reads. Once a warning has been shown (the posted data carries its token), the
    form offers the box to tick and carries the token back; `identifiers_confirmation` is what the service is
    given: the token when the box is ticked, else nothing."""

    def offer_confirmation(self) -> None:
        if self.data and self.data.get(TOKEN_FIELD):
            self.fields[CHECKED_FIELD] = forms.BooleanField(label=CONFIRM_LABEL, required=False)
            self.fields[TOKEN_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)

    def entered(self) -> dict:
        """What the person entered, without the confirmation: the arguments for the service."""
        return {k: v for k, v in self.cleaned_data.items() if k not in (CHECKED_FIELD, TOKEN_FIELD)}

    @property
    def identifiers_confirmation(self) -> str:
        if not self.cleaned_data.get(CHECKED_FIELD):
            return ""
        return self.cleaned_data.get(TOKEN_FIELD) or ""
