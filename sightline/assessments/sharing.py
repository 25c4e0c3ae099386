"""Returns shared between partnerships. An organisation in two partnerships whose cycles use the same template
version answers once (issue 3, scope 4): when the second cycle opens, the organisation's return in the first is
counted in the second too (`SharedReturn`), instead of a second return being made.

Everything that reads a cycle's returns asks `of_cycle` for its filter, so shared returns are counted in the
tracking, the composite, the exports and the progress report alike. A cycle usually shares none, and then the
filter is the plain `cycle = …` that the indexes serve."""

from __future__ import annotations

from django.db.models import Q

from sightline.partnerships.models import OrganisationMembership

from .models import Cycle, SharedReturn, Submission

# A return in another partnership's cycle is answered once for both while that cycle is open, or once it has
# been submitted there.
SHAREABLE_CYCLE_STATES = (Cycle.Status.OPEN,)
SHAREABLE_RETURN_STATES = (Submission.Status.SUBMITTED, Submission.Status.ACCEPTED)


def shared_ids(cycle: Cycle) -> list:
    """The ids of the returns this cycle counts from other partnerships' cycles, read once per cycle object."""
    cached = getattr(cycle, "_shared_ids", None)
    if cached is None:
        cached = list(SharedReturn.objects.filter(cycle=cycle).values_list("submission_id", flat=True))
        cycle._shared_ids = cached
    return cached


def of_cycle(cycle: Cycle, path: str = "") -> Q:
    """A filter for the rows of this cycle's returns. `path` leads from the model queried to its return: ""
    for Submission itself, "submission__" for answers and actions."""
    match = Q(**{f"{path}cycle": cycle})
    ids = shared_ids(cycle)
    if ids:
        match |= Q(**{f"{path}pk__in": ids})
    return match


def returns_in(cycle: Cycle):
    return Submission.objects.filter(of_cycle(cycle))


def returns_to_share(*, cycle: Cycle, organisations) -> dict:
    """{organisation id: return} for the organisations of this cycle's audience that already answer this template
    version in another partnership's cycle (an open one, or one where the return is already in), as the same
    real organisation (the same `identity`) led by the same person in both partnerships. A return is never shown
    to another partnership on the strength of an identifier alone: its safeguarding lead must hold that role in
    both registers (ADR 0010)."""
    ours = {org.identity: org for org in organisations}
    if not ours:
        return {}
    found = list(
        Submission.objects.filter(
            organisation__identity__in=list(ours),
            cycle__template_id=cycle.template_id,
        )
        .exclude(cycle__partnership_id=cycle.partnership_id)
        # The same year's exercise: the two windows overlap. A template version may be used several years.
        .filter(cycle__opens_on__lte=cycle.closes_on, cycle__closes_on__gte=cycle.opens_on)
        .filter(Q(cycle__status__in=SHAREABLE_CYCLE_STATES) | Q(status__in=SHAREABLE_RETURN_STATES))
        .select_related("cycle__partnership", "organisation")
        .order_by("cycle__opened_at")
    )
    if not found:
        return {}
    leads: dict = {}
    rows = [org.pk for org in ours.values()] + [submission.organisation_id for submission in found]
    for organisation_id, user_id in OrganisationMembership.objects.filter(
        organisation_id__in=rows, role=OrganisationMembership.Role.LEAD, user__is_active=True
    ).values_list("organisation_id", "user_id"):
        leads.setdefault(organisation_id, set()).add(user_id)
    shared: dict = {}
    for submission in found:
        mine = ours[submission.organisation.identity]
        if leads.get(mine.pk, set()) & leads.get(submission.organisation_id, set()):
            shared.setdefault(mine.pk, submission)
    return shared
