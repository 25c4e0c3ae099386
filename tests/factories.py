"""Test data builders: synthetic people and organisations only."""

import factory
from django.contrib.auth import get_user_model
from django.db.models import F

from sightline.partnerships import services
from sightline.partnerships.models import Organisation, OrganisationMembership, PartnershipMembership

PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


def partnership(slug="test", la_code="999", name=None):
    return services.partnership_create(
        by=None,
        name=name or f"{slug.title()} Safeguarding Children Partnership",
        slug=slug,
        area=f"{slug} area",
        la_code=la_code,
    )


def organisation(partnership, name="Test Agency", type=Organisation.Type.NHS_TRUST, **fields):
    return services.organisation_create(by=None, partnership=partnership, name=name, type=type, **fields)


def with_partnership_role(partnership, role, user=None):
    user = user or UserFactory()
    PartnershipMembership.objects.create(user=user, partnership=partnership, role=role)
    return user


def with_organisation_role(organisation, role=OrganisationMembership.Role.LEAD, user=None, title=""):
    user = user or UserFactory()
    OrganisationMembership.objects.create(user=user, organisation=organisation, role=role, title=title)
    return user


def launched_days_ago(cycle, days: int) -> None:
    """Date a cycle's launch emails `days` back, as if it opened then: tests open a cycle and act on it the same
    day, while each return gets one email a day (sightline.assessments.daily_email)."""
    from datetime import timedelta

    from sightline.assessments.models import ReminderSent

    ReminderSent.objects.filter(submission__cycle=cycle, kind="launch").update(
        sent_on=F("sent_on") - timedelta(days=days)
    )
