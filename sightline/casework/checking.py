"""Applying the free-text guard (guard.py) to what people save: findings stop the save until the author has
checked the text and confirmed that it identifies no one."""

from __future__ import annotations

from sightline.core.errors import TransitionError

from . import guard


class IdentifyingDetails(TransitionError):
    """Free text that looks as if it identifies a child or family, saved only once the author has checked it.
    `findings` pairs where each was found (a label) with the guard's finding."""

    def __init__(self, findings: list[tuple[str, guard.Finding]]):
        what = sorted({finding.label for _, finding in findings})
        super().__init__(
            "What you wrote may identify someone ("
            + ", ".join(what)
            + "). Take it out, or tick to confirm that "
            "it contains no identifying details."
        )
        self.findings = findings


def guard_texts(texts: dict[str, str], *, checked: bool) -> list[str]:
    """Raise IdentifyingDetails for texts with findings, unless the author has checked them. Returns the kinds
    found (safe to record: they hold none of the text)."""
    findings = [(where, finding) for where, text in texts.items() for finding in guard.scan(text or "")]
    if findings and not checked:
        raise IdentifyingDetails(findings)
    return guard.kinds([finding for _, finding in findings])
