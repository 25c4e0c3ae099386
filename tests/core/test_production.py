"""Production is production (issue 11, part 5): with DEBUG off, Sightline refuses to start on a database that holds
the demo, `check --deploy` fails with sightline.E001, and the published demo password opens nothing."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from sightline.audit.models import AuditEvent
from sightline.core.checks import DEMO_DATA_IN_PRODUCTION, no_demo_data_in_production
from sightline.core.models import DemoAccount, DemoPartnership
from sightline.partnerships.demo.data import DEMO_PASSWORD

from .. import factories

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"
PRODUCTION = {
    "PATH": "/usr/bin:/bin",
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-like-secret-" + "v" * 30,
    "ALLOWED_HOSTS": "sightline.example.org",
    "SITE_URL": "https://sightline.example.org",
    "DEFAULT_FROM_EMAIL": "sightline@example.org",
    "AUDIT_CHECKPOINT_KEY": "a-production-like-audit-checkpoint-key-0123456789",
    "AUDIT_CHECKPOINT_EMAIL": "audit@example.org",
}
MARK_DEMO = """
import django, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.contrib.auth import get_user_model
from sightline.core.models import DemoAccount, DemoPartnership
from sightline.partnerships.models import Partnership
if sys.argv[1] == "partnership":
    partnership = Partnership.objects.create(name="Demo Safeguarding Children Partnership", slug="demo", la_code="999")
    DemoPartnership.objects.create(partnership=partnership)
else:
    DemoPartnership.objects.all().delete()
    user = get_user_model().objects.create_user("someone@demo.sightline.test", full_name="Demo Person")
    DemoAccount.objects.create(user=user)
"""


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - this project's Python with fixed arguments
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def production_database(tmp_path_factory):
    """A migrated SQLite database of its own, and the production environment pointed at it."""
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('production') / 'db.sqlite3'}"}
    migrated = run(env, "manage.py", "migrate", "--no-input", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    return env


def test_a_fresh_production_database_starts(production_database):
    assert (
        run(production_database, "manage.py", "check", "--deploy", "--fail-level", "WARNING").returncode == 0
    )
    started = run(production_database, "-c", "import config.wsgi")
    assert started.returncode == 0, started.stderr


@pytest.mark.parametrize("demo", ["partnership", "account"])
def test_production_refuses_to_start_on_demo_data(production_database, demo):
    assert run(production_database, "-c", MARK_DEMO, demo).returncode == 0

    deploy = run(production_database, "manage.py", "check", "--deploy")
    assert deploy.returncode != 0 and DEMO_DATA_IN_PRODUCTION in deploy.stderr, deploy.stderr
    # Not only the deploy checks: every management command that runs the checks (the worker and the scheduler
    # among them) refuses.
    plain = run(production_database, "manage.py", "check")
    assert plain.returncode != 0 and DEMO_DATA_IN_PRODUCTION in plain.stderr
    # The web server's start: importing the WSGI application fails with the same named error.
    started = run(production_database, "-c", "import config.wsgi")
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr and DEMO_DATA_IN_PRODUCTION in started.stderr
    # The demo itself still runs: DEBUG on (as make run) is not production.
    demo_mode = {**production_database, "DEBUG": "true", "SIGHTLINE_DEMO": "true"}
    assert run(demo_mode, "-c", "import config.wsgi").returncode == 0


def test_check_names_what_the_demo_left(db, settings):
    settings.DEBUG = False
    assert no_demo_data_in_production(None) == []
    partnership = factories.partnership("demo")
    DemoPartnership.objects.create(partnership=partnership)
    DemoAccount.objects.create(user=factories.UserFactory())
    [error] = no_demo_data_in_production(None)
    assert error.id == DEMO_DATA_IN_PRODUCTION and error.is_serious()
    assert partnership.name in error.msg and "1 demo account" in error.msg
    settings.DEBUG = True
    assert no_demo_data_in_production(None) == []


def test_a_real_partnership_named_like_the_demo_is_not_demo_data(db, settings):
    settings.DEBUG = False
    factories.partnership("demo", name="Demo Safeguarding Children Partnership")
    factories.UserFactory(email="someone@demo.sightline.test")
    assert no_demo_data_in_production(None) == []


def test_load_demo_marks_its_partnership_and_every_account_it_makes(db, settings):
    settings.DEMO_MODE = True
    call_command("load_demo")
    demo_users = factories.UserFactory._meta.model.objects.filter(email__endswith="@demo.sightline.test")
    assert DemoPartnership.objects.get().partnership.slug == "demo"
    assert set(DemoAccount.objects.values_list("user", flat=True)) == set(
        demo_users.values_list("pk", flat=True)
    )
    settings.DEBUG, settings.DEMO_MODE = False, False
    assert [error.id for error in no_demo_data_in_production(None)] == [DEMO_DATA_IN_PRODUCTION]


class TestDemoPassword:
    @pytest.fixture
    def demo_person(self, db):
        user = factories.UserFactory(email="business.team@demo.sightline.test")
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user

    def test_refused_outside_demo_mode_even_on_a_kept_demo_database(self, demo_person, settings):
        settings.DEBUG, settings.DEMO_MODE = False, False
        client = Client()
        response = client.post(LOGIN, {"login": demo_person.email, "password": DEMO_PASSWORD})
        assert response.status_code == 200 and "_auth_user_id" not in client.session
        assert AuditEvent.objects.filter(verb="signin.failed", target_label=demo_person.email).exists()

    def test_refused_with_debug_alone(self, demo_person, settings):
        settings.DEBUG, settings.DEMO_MODE = True, False
        client = Client()
        client.post(LOGIN, {"login": demo_person.email, "password": DEMO_PASSWORD})
        assert "_auth_user_id" not in client.session

    def test_signs_in_in_demo_mode(self, demo_person, settings):
        settings.DEBUG, settings.DEMO_MODE = True, True
        client = Client()
        response = client.post(LOGIN, {"login": demo_person.email, "password": DEMO_PASSWORD})
        assert response.status_code == 302 and client.session["_auth_user_id"] == str(demo_person.pk)

    def test_another_password_still_signs_in(self, settings, db):
        settings.DEBUG, settings.DEMO_MODE = False, False
        person = factories.UserFactory()
        client = Client()
        client.post(LOGIN, {"login": person.email, "password": factories.PASSWORD})
        assert client.session["_auth_user_id"] == str(person.pk)

    def test_nobody_may_choose_it_outside_demo_mode(self, settings):
        settings.DEBUG, settings.DEMO_MODE = False, False
        with pytest.raises(ValidationError, match="demo"):
            validate_password(DEMO_PASSWORD)
