"""How well the free-text guard does on the labelled list in guard_samples.py: caught/tried for each kind of
identifying detail, and the share of legitimate texts it flags, against the aims (every NHS number, NI number,
date of birth and postcode caught; names at least 90%; fewer than 5% of legitimate texts flagged). Run with -s to
see the figures (docs/security.md)."""

from collections import Counter

from sightline.casework import guard

from .guard_samples import DOB, IDENTIFYING, LEGITIMATE, NAME, NHS, NI, POSTCODE

# A date of birth or a name is caught when reported on its own or as a name with a date of birth.
COUNTS_AS = {DOB: {guard.DATE_OF_BIRTH, guard.NAME_WITH_DOB}, NAME: {guard.NAME, guard.NAME_WITH_DOB}}
AIMS = {NHS: 1.0, NI: 1.0, DOB: 1.0, POSTCODE: 1.0, NAME: 0.9}
FALSE_ALARM_AIM = 0.05


def _caught(kind: str, text: str) -> bool:
    return any(finding.kind in COUNTS_AS.get(kind, {kind}) for finding in guard.scan(text))


def test_the_labelled_list_is_big_enough_and_invented():
    assert len(IDENTIFYING) >= 60 and len(LEGITIMATE) >= 60
    assert len(set(LEGITIMATE)) == len(LEGITIMATE)


def test_the_guard_meets_its_aims_on_the_labelled_list():
    tried, caught, missed = Counter(), Counter(), []
    for kind, text in IDENTIFYING:
        tried[kind] += 1
        if _caught(kind, text):
            caught[kind] += 1
        else:
            missed.append((kind, text))
    flagged = [text for text in LEGITIMATE if guard.scan(text)]
    rate = len(flagged) / len(LEGITIMATE)

    print("\nkind: caught/tried")
    for kind in tried:
        print(f"  {kind}: {caught[kind]}/{tried[kind]}")
    print(f"legitimate texts flagged: {len(flagged)}/{len(LEGITIMATE)} ({rate:.1%})")
    for kind, text in missed:
        print(f"  missed {kind}: {text!r}")
    for text in flagged:
        print(f"  flagged: {text!r}")

    for kind, aim in AIMS.items():
        assert caught[kind] / tried[kind] >= aim, (kind, missed)
    assert rate < FALSE_ALARM_AIM, flagged
