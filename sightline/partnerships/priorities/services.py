"""The partnership's priorities: what the safeguarding partners agreed to improve over a period (neglect, child
exploitation, the voice of the child…), who leads each and how they will know it has improved.

The business team keeps them: adds a priority, changes it (a stale edit is refused with what is saved now), ends
one early, and removes one that nothing is tagged with (one that plans, activities, reviews, briefings or reports
already serve is ended instead, so those records keep it). Plans, assurance activities, reviews and briefings are
tagged with the priorities they serve through their own apps' services, which check the tags with
`priorities_checked` and record the change with `priorities_tag`. Progress on each priority is counted from those
records in sightline/governance/priorities/progress.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from sightline import policy
from sightline.audit import services as audit
from sightline.core.errors import EditConflict, TransitionError

from ..models import Organisation, Partnership
from ..models_priorities import Priority

PRIORITY_FIELDS = ["title", "description", "lead_partner", "measures", "starts_on", "ends_on"]
LEAD_PARTNERS = [value for value, _ in Organisation.StatutoryPartner.choices if value]
TITLE_LIMIT = Priority._meta.get_field("title").max_length


def when(day: date) -> str:
    return f"{day:%-d %B %Y}"


# Reads.


def priorities_of(*, partnership: Partnership) -> QuerySet[Priority]:
    return Priority.objects.filter(partnership=partnership).order_by("-starts_on", "title")


def priority_for(*, partnership: Partnership, priority_id) -> Priority | None:
    return priorities_of(partnership=partnership).filter(pk=priority_id).first()


def priorities_in_force(*, partnership: Partnership, start: date, end: date) -> QuerySet[Priority]:
    """The priorities in force at some time between `start` and `end` (both included)."""
    return priorities_of(partnership=partnership).filter(starts_on__lte=end, ends_on__gte=start)


def priorities_offered(
    *, partnership: Partnership, current: Iterable[Priority] = (), today: date | None = None
) -> QuerySet[Priority]:
    """What a record can be tagged with: the priorities in force today, and any it is already tagged with (so
    saving a record whose priority has since ended does not drop the tag)."""
    today = today or timezone.localdate()
    kept = [p.pk for p in current]
    return (
        Priority.objects.filter(partnership=partnership)
        .filter(Q(starts_on__lte=today, ends_on__gte=today) | Q(pk__in=kept))
        .order_by("title", "-starts_on")
    )


def tag_counts(priority: Priority) -> list[tuple[str, int]]:
    """How many records of each kind are tagged with the priority, for the kinds that have any. Every app's
    many-to-many field to Priority is found from the model, so a new kind of record counts without a change
    here."""
    counts = []
    for relation in Priority._meta.related_objects:
        if not relation.many_to_many:
            continue
        n = getattr(priority, relation.get_accessor_name()).count()
        if n:
            names = relation.related_model._meta
            counts.append((str(names.verbose_name if n == 1 else names.verbose_name_plural), n))
    return counts


# Tags, for the services of the apps whose records serve priorities.


def priorities_checked(
    *,
    partnership: Partnership,
    priorities: Iterable[Priority],
    current: Iterable[Priority] = (),
    today: date | None = None,
) -> list[Priority]:
    """The priorities a record of `partnership` may be tagged with, in title order, or TransitionError naming
    the first that may not: one of another partnership, or one not in force today that the record did not
    already have."""
    today = today or timezone.localdate()
    kept = {p.pk for p in current}
    chosen = {}
    for priority in priorities:
        if priority.partnership_id != partnership.pk:
            raise TransitionError("Choose priorities of this partnership")
        if priority.pk not in kept and not (priority.starts_on <= today <= priority.ends_on):
            raise TransitionError(
                f"{priority.title} is not in force today (it runs from {when(priority.starts_on)} to "
                f"{when(priority.ends_on)}): choose a priority in force"
            )
        chosen[priority.pk] = priority
    return sorted(chosen.values(), key=lambda p: (p.title, p.starts_on))


def priorities_tag(
    record,
    *,
    partnership: Partnership,
    priorities: Iterable[Priority] | None,
    current: Iterable[Priority] = (),
) -> dict:
    """Tag a saved record with `priorities` (checked as above), replacing its tags; `None` leaves them alone.
    Returns the change for the record's audit event ({} when nothing changed). Runs inside the caller's
    transaction."""
    if priorities is None:
        return {}
    current = list(current)
    chosen = priorities_checked(partnership=partnership, priorities=priorities, current=current)
    before = sorted(str(p) for p in current)
    after = [str(p) for p in chosen]
    if {p.pk for p in current} == {p.pk for p in chosen}:
        return {}
    record.priorities.set(chosen)
    return {"priorities": {"before": before, "after": after}}


# Writes.


def _require_business_team(by, partnership: Partnership) -> None:
    if by is not None and not policy.is_business_team(by, partnership):
        raise TransitionError("Only the partnership's business team can keep its priorities")


def _clean(partnership: Partnership, values: dict, *, priority: Priority | None = None) -> dict:
    """Clean and check a priority's values; raise TransitionError naming the first problem."""
    values = {**values}
    for key in ("title", "description", "lead_partner"):
        values[key] = (values.get(key) or "").strip()
    # One measure a line: blank lines and stray spaces are dropped so the list reads cleanly.
    values["measures"] = "\n".join(
        line.strip() for line in (values.get("measures") or "").splitlines() if line.strip()
    )
    if not values["title"]:
        raise TransitionError("Enter the priority, for example Neglect")
    if len(values["title"]) > TITLE_LIMIT:
        raise TransitionError(f"Keep the priority's name under {TITLE_LIMIT} characters")
    if values["lead_partner"] not in LEAD_PARTNERS:
        raise TransitionError("Choose the partner that leads on the priority")
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on is None:
        raise TransitionError("Enter the date the priority runs from")
    if ends_on is None:
        raise TransitionError("Enter the date the priority runs until")
    if ends_on <= starts_on:
        raise TransitionError("The date the priority runs until must be after the date it runs from")
    same = Priority.objects.filter(
        partnership=partnership, title__iexact=values["title"], starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if priority is not None:
        same = same.exclude(pk=priority.pk)
    existing = same.first()
    if existing is not None:
        raise TransitionError(
            f"The partnership already has a priority called {existing.title} from {when(existing.starts_on)} "
            f"to {when(existing.ends_on)}: change that one, or choose dates that do not overlap it"
        )
    return {key: values[key] for key in PRIORITY_FIELDS}


def _locked(priority: Priority) -> Priority:
    return Priority.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=priority.pk)


def _saved_copy(priority: Priority) -> dict:
    return audit.snapshot(priority, [*PRIORITY_FIELDS, "version"])


@transaction.atomic
def priority_create(
    *,
    by,
    partnership: Partnership,
    title: str,
    lead_partner: str,
    starts_on: date | None,
    ends_on: date | None,
    description: str = "",
    measures: str = "",
) -> Priority:
    """Record a priority the partners agreed for a period, with the partner that leads it and the measures they
    chose."""
    _require_business_team(by, partnership)
    values = _clean(
        partnership,
        {
            "title": title,
            "description": description,
            "lead_partner": lead_partner,
            "measures": measures,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    priority = Priority.objects.create(partnership=partnership, created_by=by, **values)
    audit.record(
        actor=by,
        verb="priority.created",
        target=priority,
        partnership=partnership,
        changes=audit.diff({}, audit.snapshot(priority, PRIORITY_FIELDS)),
    )
    return priority


@transaction.atomic
def priority_update(*, by, priority: Priority, expected_version: int | None = None, **fields) -> Priority:
    """Change a priority's wording, lead, measures or period. With `expected_version`, a change made from a copy
    someone has since changed is refused with EditConflict carrying what is saved now."""
    priority = _locked(priority)
    _require_business_team(by, priority.partnership)
    if expected_version is not None and priority.version != expected_version:
        raise EditConflict(_saved_copy(priority))
    before = audit.snapshot(priority, PRIORITY_FIELDS)
    changed = {key: value for key, value in fields.items() if key in PRIORITY_FIELDS}
    values = _clean(priority.partnership, {**before, **changed}, priority=priority)
    changes = audit.diff(before, values)
    if not changes:
        return priority
    for key, value in values.items():
        setattr(priority, key, value)
    priority.version += 1
    priority.updated_at = timezone.now()
    priority.save()
    audit.record(
        actor=by, verb="priority.updated", target=priority, partnership=priority.partnership, changes=changes
    )
    return priority


@transaction.atomic
def priority_end(
    *, by, priority: Priority, ends_on: date | None, expected_version: int | None = None
) -> Priority:
    """End a priority earlier than agreed: from the day after `ends_on` it is no longer offered for tagging and
    no longer counted in later periods, while the records that served it keep their tags."""
    priority = _locked(priority)
    _require_business_team(by, priority.partnership)
    if expected_version is not None and priority.version != expected_version:
        raise TransitionError(
            "Someone changed this priority after you opened it: check its dates below, then end it"
        )
    if ends_on is None:
        raise TransitionError("Enter the last day the priority is in force")
    if ends_on >= priority.ends_on:
        raise TransitionError(
            f"It already runs only until {when(priority.ends_on)}: choose an earlier day to end it, or change "
            "its dates to make it longer"
        )
    if ends_on <= priority.starts_on:
        raise TransitionError(
            f"It runs from {when(priority.starts_on)}: end it after that day, or remove it if nothing serves it"
        )
    before = priority.ends_on
    priority.ends_on = ends_on
    priority.version += 1
    priority.updated_at = timezone.now()
    priority.save(update_fields=["ends_on", "version", "updated_at"])
    audit.record(
        actor=by,
        verb="priority.ended",
        target=priority,
        partnership=priority.partnership,
        changes=audit.diff({"ends_on": before}, {"ends_on": ends_on}),
    )
    return priority


@transaction.atomic
def priority_remove(*, by, priority: Priority) -> None:
    """Remove a priority recorded by mistake. Refused while any record serves it: end it instead."""
    priority = _locked(priority)
    _require_business_team(by, priority.partnership)
    tagged = tag_counts(priority)
    if tagged:
        served = ", ".join(f"{n} {kind}" for kind, n in tagged)
        serves = "serves" if sum(n for _, n in tagged) == 1 else "serve"
        raise TransitionError(
            f"{priority.title} cannot be removed: {served} {serves} it. End it instead, so they keep it."
        )
    audit.record(
        actor=by,
        verb="priority.removed",
        target=priority,
        partnership=priority.partnership,
        changes=audit.diff(audit.snapshot(priority, PRIORITY_FIELDS), {}),
    )
    priority.delete()
