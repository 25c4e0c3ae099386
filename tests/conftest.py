from dataclasses import dataclass

import pytest
from django.test import Client

from sightline.partnerships.models import Organisation, OrganisationMembership, PartnershipMembership

from . import factories

Role = PartnershipMembership.Role


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SIGHTLINE_MFA_REQUIRED = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@dataclass
class World:
    """Two partnerships, two agencies in the first, one in the second, and a person for every role."""

    partnership: object
    other_partnership: object
    agency_a: Organisation
    agency_b: Organisation
    other_agency: Organisation
    users: dict


@pytest.fixture
def world(db) -> World:
    p = factories.partnership("test")
    q = factories.partnership("other", la_code="888")
    agency_a = factories.organisation(p, "Agency A NHS Trust")
    agency_b = factories.organisation(p, "Agency B Youth Justice", type=Organisation.Type.YOUTH_JUSTICE)
    other_agency = factories.organisation(q, "Other Area Trust")
    users = {
        "business_team": factories.with_partnership_role(p, Role.BUSINESS_TEAM),
        "other_business_team": factories.with_partnership_role(q, Role.BUSINESS_TEAM),
        "partner_la": factories.with_partnership_role(p, Role.PARTNER_LA),
        "iso": factories.with_partnership_role(p, Role.ISO),
        "board_member": factories.with_partnership_role(p, Role.BOARD_MEMBER),
        "learning_chair": factories.with_partnership_role(p, Role.LEARNING_CHAIR),
        "agency_a_lead": factories.with_organisation_role(agency_a, OrganisationMembership.Role.LEAD),
        "agency_b_lead": factories.with_organisation_role(agency_b, OrganisationMembership.Role.LEAD),
        "agency_a_contributor": factories.with_organisation_role(
            agency_a, OrganisationMembership.Role.CONTRIBUTOR
        ),
        "nobody": factories.UserFactory(),
        "operator": factories.UserFactory(is_superuser=True, is_staff=True),
    }
    return World(p, q, agency_a, agency_b, other_agency, users)


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def run_on_commit(monkeypatch):
    """Tests run in a transaction that never commits: run on-commit side effects (emails, tasks) at once."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())
