"""The drill's partnership, made with the app's own services in the drill runner's process: organisations each
with a lead, and a Section 11 cycle open to all of them, so every lead has a return to save drafts in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from .harness import PASSWORD

ORGANISATIONS = 220


@dataclass
class World:
    slug: str
    leads: list[tuple[str, str]]  # (email, the path of the standard page of that lead's return)
    text_key: str  # the text question every drill save writes to


def build() -> World:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from sightline.assessments import cycles
    from sightline.assessments.models import Question, Template
    from sightline.partnerships import services
    from sightline.partnerships.models import Organisation, OrganisationMembership

    partnership = services.partnership_create(
        by=None, name="Drill Safeguarding Children Partnership", slug="drill", area="Drill", la_code="990"
    )
    organisations = [
        services.organisation_create(
            by=None, partnership=partnership, name=f"Drill Agency {n:03d}", type=Organisation.Type.NHS_TRUST
        )
        for n in range(ORGANISATIONS)
    ]
    password = make_password(PASSWORD)  # hashed once: the drill is about saving drafts, not hashing passwords
    users = get_user_model().objects.bulk_create(
        get_user_model()(
            email=f"lead{n:03d}@drill.sightline.test", full_name=f"Drill Lead {n:03d}", password=password
        )
        for n in range(ORGANISATIONS)
    )
    OrganisationMembership.objects.bulk_create(
        OrganisationMembership(user=user, organisation=organisation, role=OrganisationMembership.Role.LEAD)
        for user, organisation in zip(users, organisations, strict=True)
    )
    template = Template.objects.filter(key="section11-joint").order_by("-version").first()
    today = timezone.localdate()
    cycle = cycles.cycle_create(
        by=None,
        partnership=partnership,
        template=template,
        title="Drill Section 11 cycle",
        opens_on=today - timedelta(days=30),
        closes_on=today + timedelta(days=1),
        audience_types=[Organisation.Type.NHS_TRUST],
    )
    cycles.cycle_open(by=None, cycle=cycle)
    question = (
        Question.objects.filter(standard__template=template, kind=Question.Kind.TEXT)
        .select_related("standard")
        .order_by("standard__section__order", "standard__order", "order")
        .first()
    )
    returns = {s.organisation_id: s.pk for s in cycle.submissions.all()}
    leads = [
        (
            user.email,
            f"/p/{partnership.slug}/returns/{returns[organisation.pk]}/standards/{question.standard_id}/",
        )
        for user, organisation in zip(users, organisations, strict=True)
    ]
    return World(slug=partnership.slug, leads=leads, text_key=question.key)
