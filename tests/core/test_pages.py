import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse


def test_health_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"


def test_health_answers_503_when_the_database_does_not(client, db, monkeypatch):
    class Down:
        def cursor(self):
            raise DatabaseError("down")

    monkeypatch.setattr("sightline.core.views.connection", Down())
    assert client.get("/healthz").status_code == 503


def test_landing_page_is_public_and_home_is_not(client, db):
    assert client.get("/").status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_signed_in_pages_are_not_cached(world, client_for):
    response = client_for(world.users["business_team"]).get(reverse("home"))
    assert response["Cache-Control"] == "no-store"


def test_security_headers(client, db):
    response = client.get("/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_header_shows_the_partnership_name(world, client_for):
    page = client_for(world.users["agency_a_lead"]).get(reverse("partnership_home", kwargs={"slug": "test"}))
    assert "Test Safeguarding Children Partnership" in page.content.decode()


def test_business_team_home_lists_organisations_without_a_lead(world, client_for):
    page = client_for(world.users["business_team"]).get(reverse("home")).content.decode()
    assert "have no safeguarding lead account" not in page  # both agencies have leads
    from sightline.partnerships.models import OrganisationMembership

    OrganisationMembership.objects.filter(organisation=world.agency_b).delete()
    page = client_for(world.users["business_team"]).get(reverse("home")).content.decode()
    assert "1 open organisations have no safeguarding lead account" in page


def test_operator_sees_no_partnership_data(world, client_for):
    operator = client_for(world.users["operator"])
    assert operator.get(reverse("organisation_list", kwargs={"slug": "test"})).status_code == 404
    assert operator.get(reverse("audit_trail", kwargs={"slug": "test"})).status_code == 404


class TestDemo:
    def test_demo_refuses_to_load_outside_demo_mode(self, db, settings):
        settings.DEMO_MODE = False
        with pytest.raises(Exception, match="demo mode"):
            call_command("load_demo")

    def test_demo_loads_twice_without_duplicates(self, db, settings):
        from sightline.accounts.models import User
        from sightline.partnerships.models import Organisation, OrganisationMembership, PartnershipMembership

        settings.DEMO_MODE = True
        call_command("load_demo")
        counts = [
            m.objects.count() for m in (Organisation, User, PartnershipMembership, OrganisationMembership)
        ]
        call_command("load_demo")
        assert [
            m.objects.count() for m in (Organisation, User, PartnershipMembership, OrganisationMembership)
        ] == counts
        assert (
            Organisation.objects.filter(type__in=["school", "college", "alternative_provision"]).count() >= 40
        )
        assert Organisation.objects.filter(type__in=["early_years_group", "childminder"]).count() >= 30
        assert User.objects.filter(email="school.dsl@demo.sightline.test").exists()


def test_settings_refuse_demo_without_debug():
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()",
        ],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "false", "SIGHTLINE_DEMO": "true", "SECRET_KEY": "x" * 60},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "SIGHTLINE_DEMO needs DEBUG=true" in result.stderr


def test_settings_refuse_production_without_secret_key():
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()",
        ],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "false"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr


def test_deploy_checks_pass_on_production_settings(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            "PATH": "/usr/bin:/bin",
            # Not the developer's database, which may hold the demo (refused in production: test_production.py).
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
            "DEBUG": "false",
            "SECRET_KEY": "k" * 20 + "-production-like-secret-" + "v" * 30,
            "ALLOWED_HOSTS": "sightline.example.org",
            "SITE_URL": "https://sightline.example.org",
            "DEFAULT_FROM_EMAIL": "sightline@example.org",
            "AUDIT_CHECKPOINT_KEY": "a-production-like-audit-checkpoint-key-0123456789",
            "AUDIT_CHECKPOINT_EMAIL": "audit@example.org",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_checks_warn_about_demo_addresses(settings):
    from sightline.core.checks import production_addresses

    settings.SITE_URL, settings.DEFAULT_FROM_EMAIL = (
        "http://127.0.0.1:8000",
        "Sightline <x@sightline.invalid>",
    )
    assert {w.id for w in production_addresses(None)} == {"sightline.W001", "sightline.W002"}
