"""QUALITY.md security rows, or parts of rows, that had no test of their own before the security suite. Each test
names its row; docs/security.md maps every row to its tests."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sightline.accounts.middleware import MFA_SETUP_URL_NAMES
from sightline.audit.models import AuditEvent
from sightline.partnerships.models import Organisation, PartnershipMembership

from .. import factories
from ..factories import PASSWORD
from ..test_access_matrix import MATRIX, kwargs_for, someone_allowed
from ..test_url_access import own_patterns

ROOT = Path(__file__).resolve().parents[2]
Role = PartnershipMembership.Role


# A1: a second factor before any non-public page, for every role that needs one; not for the others.

MFA_ROLES = [Role.BUSINESS_TEAM, Role.PARTNER_LA, Role.PARTNER_ICB, Role.PARTNER_POLICE, Role.ISO]
NO_MFA_ROLES = [Role.BOARD_MEMBER, Role.LEARNING_CHAIR, Role.LEARNING_MEMBER]


@pytest.fixture
def mfa_required(settings):
    settings.SIGHTLINE_MFA_REQUIRED = True


@pytest.mark.usefixtures("mfa_required")
@pytest.mark.parametrize("role", MFA_ROLES + ["operator"])
def test_a1_roles_that_need_a_second_factor_meet_the_set_up_page_first(world, client_for, role):
    user = (
        world.users["operator"]
        if role == "operator"
        else factories.with_partnership_role(world.partnership, role)
    )
    client = client_for(user)
    for url in (reverse("home"), reverse("partnership_home", kwargs={"slug": world.partnership.slug})):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("mfa_required"), (role, url)


@pytest.mark.usefixtures("mfa_required")
@pytest.mark.parametrize("role", NO_MFA_ROLES)
def test_a1_other_partnership_roles_are_not_forced(world, client_for, role):
    user = factories.with_partnership_role(world.partnership, role)
    assert client_for(user).get(reverse("home")).status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_a1_every_signed_in_page_waits_for_the_second_factor(world, client_for):
    """Every page of the access matrix, asked for by the business team without a second factor, sends them to
    set one up: no page is left out of the requirement."""
    client = client_for(world.users["business_team"])
    reached = []
    for name, spec in MATRIX.items():
        if name in MFA_SETUP_URL_NAMES:
            continue
        response = client.get(reverse(name, kwargs=kwargs_for(world, *spec.parts)))
        if not (response.status_code == 302 and response.url == reverse("mfa_required")):
            reached.append(name)
    assert reached == []


# A2: paste and password managers allowed.


def test_a2_sign_in_form_helps_password_managers_and_blocks_no_paste(db):
    page = Client().get(reverse("account_login")).content.decode()
    password = re.search(r"<input[^>]*type=\"password\"[^>]*>", page).group()
    assert 'autocomplete="current-password"' in password
    assert 'autocomplete="username"' in page
    assert not re.search(r"on(paste|copy|drop)=", page, re.IGNORECASE)


# A3 and S3: a password reset neither signs the person in nor skips the second factor, and ends their other
# sessions. No accounts exist that the project did not create.


def _reset_password(email: str, new_password: str) -> Client:
    client = Client()
    client.post(reverse("account_reset_password"), {"email": email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == 302, done.content.decode()[:3000]
    return client


NEW_PASSWORD = "a fresh passphrase for the reset test"  # noqa: S105


@pytest.mark.usefixtures("mfa_required")
def test_a3_reset_does_not_sign_in_or_bypass_the_second_factor(world):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = world.users["business_team"]
    TOTP.activate(user, generate_totp_secret())
    client = _reset_password(user.email, NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 302  # not signed in by the reset
    response = client.post(reverse("account_login"), {"login": user.email, "password": NEW_PASSWORD})
    assert response.status_code == 302 and "2fa/authenticate" in response.url
    assert client.get(reverse("home")).url.startswith(reverse("account_login"))  # still not in


def test_s3_reset_ends_the_persons_other_sessions(world):
    user = world.users["agency_a_lead"]
    laptop = Client()
    assert (
        laptop.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}).status_code == 302
    )
    assert laptop.get(reverse("home")).status_code == 200
    _reset_password(user.email, NEW_PASSWORD)
    response = laptop.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_a3_no_accounts_exist_that_the_project_did_not_create(db):
    """Migrations create no people: outside the demo there is no default account to guess."""
    from sightline.accounts.models import User

    assert User.objects.count() == 0


def test_a3_a_lockout_is_one_persons_from_one_address_only(world):
    """Ten wrong passwords for one person do not lock anyone else out from the same address."""
    victim, other = world.users["agency_a_lead"], world.users["agency_b_lead"]
    client = Client()
    for _ in range(10):
        client.post(reverse("account_login"), {"login": victim.email, "password": "wrong-password"})
    assert client.post(
        reverse("account_login"), {"login": victim.email, "password": PASSWORD}
    ).status_code in (
        403,
        429,
    )
    assert (
        client.post(reverse("account_login"), {"login": other.email, "password": PASSWORD}).status_code == 302
    )


# Z2: list counts and search leak nothing from another partnership.


def test_z2_register_search_and_counts_leak_nothing(world, client_for):
    factories.organisation(world.other_partnership, "Zebra Hidden Academy")
    client = client_for(world.users["business_team"])
    url = reverse("organisation_list", kwargs={"slug": world.partnership.slug})
    found = client.get(url + "?q=Zebra")
    assert found.status_code == 200 and b"Zebra Hidden Academy" not in found.content
    assert list(found.context["page"].object_list) == []
    everything = client.get(url)
    assert everything.context["page"].paginator.count == 2  # Agency A and Agency B, nothing of the other area


# Z3: extra fields posted to a form change nothing they name.


def test_z3_extra_fields_on_a_new_cycle_change_nothing(world, client_for):
    from sightline.assessments.models import Cycle

    from ..assessments.test_cycles import form_data
    from ..test_access_matrix import library_template

    posted = {
        **form_data(library_template()),
        "partnership": str(world.other_partnership.pk),
        "status": "open",
        "organisation": str(world.other_agency.pk),
        "created_by": str(world.users["other_business_team"].pk),
    }
    response = client_for(world.users["business_team"]).post(
        reverse("cycle_create", kwargs={"slug": world.partnership.slug}), posted
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cycle = Cycle.objects.get()
    assert cycle.partnership == world.partnership and cycle.status == Cycle.Status.DRAFT
    assert not Cycle.objects.filter(partnership=world.other_partnership).exists()


@pytest.mark.usefixtures("run_on_commit")
def test_z3_extra_fields_on_a_return_change_nothing(world, client_for):
    from sightline.assessments.models import Submission

    from ..assessments.test_returns import COMPLETE, open_return, standard_url

    submission = open_return(world)
    posted = {
        **COMPLETE,
        "status": Submission.Status.SUBMITTED,
        "organisation": str(world.agency_b.pk),
        "cycle": str(submission.cycle_id),
        "submitted_at": timezone.now().isoformat(),
    }
    client_for(world.users["agency_a_lead"]).post(standard_url(world, submission), posted)
    submission.refresh_from_db()
    assert submission.organisation == world.agency_a
    assert submission.status == Submission.Status.IN_PROGRESS


# I1: no mark_safe on user data, no raw SQL, user data escaped wherever it is shown.

# Every place that marks markup as safe or writes SQL by hand, reviewed: a new one fails this test until it
# is reviewed and added here.
REVIEWED_SAFE_MARKUP = {
    "sightline/assessments/charts.py": 1,  # SVG charts: every interpolated value goes through escape()
}
REVIEWED_RAW_SQL = {
    "sightline/core/views.py": 1,  # /healthz: SELECT 1
    "sightline/assessments/benchmarking.py": 1,  # ANALYZE before a benchmark; no input in the statement
    "sightline/audit/selectors.py": 1,  # the verbs' index skip scan: a constant, the partnership id a parameter
}
SAFE_MARKUP = re.compile(r"\bmark_safe\(|\bSafeString\(|\bSafeText\(")
RAW_SQL = re.compile(r"\.objects\.raw\(|\.extra\(|\bRawSQL\(|\.cursor\(\)")
TEMPLATE_UNSAFE = re.compile(r"\|\s*safe\b|{%\s*autoescape\s+off|\|\s*safeseq\b")


def _count(pattern, folders, suffix) -> dict[str, int]:
    counts = {}
    for folder in folders:
        for path in (ROOT / folder).rglob(f"*{suffix}"):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative:  # schema changes, and the audit trail's triggers
                continue
            found = len(pattern.findall(path.read_text(encoding="utf-8")))
            if found:
                counts[relative] = found
    return counts


def test_i1_safe_markup_and_raw_sql_only_where_reviewed():
    assert _count(SAFE_MARKUP, ["sightline", "config"], ".py") == REVIEWED_SAFE_MARKUP
    raw = _count(RAW_SQL, ["sightline", "config"], ".py")
    assert raw == REVIEWED_RAW_SQL, "raw SQL must be reviewed and listed in REVIEWED_RAW_SQL"
    assert _count(TEMPLATE_UNSAFE, ["templates", "sightline"], ".html") == {}


SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_i1_user_data_is_escaped_on_every_page_that_shows_it(world, client_for):
    Organisation.objects.filter(pk=world.agency_a.pk).update(name=f"Agency A {SCRIPT}")
    world.users["agency_a_lead"].full_name = f"Lead {SCRIPT}"
    world.users["agency_a_lead"].save()
    client = client_for(world.users["business_team"])
    for name, parts, shown in (
        ("organisation_list", (), True),
        ("organisation_detail", ("agency_a",), True),
        ("person_list", (), True),
        ("person_detail", ("person",), True),
        ("home", ("no_slug",), False),
        ("audit_trail", (), False),
    ):
        page = client.get(reverse(name, kwargs=kwargs_for(world, *parts))).content.decode()
        assert "<script>alert(" not in page and "<img src=x" not in page, name
        assert not shown or "&lt;script&gt;alert(" in page, name  # shown, as text


# L1: every export and download is in the audit trail, with who, when (UTC) and from where.


def _as_permitted(world, client_for, name):
    return someone_allowed(world, client_for, name)


def test_l1_every_download_in_the_matrix_is_logged(world, client_for):
    """Every page of the access matrix that answers with a file writes an `*.exported` or `*.downloaded`
    event naming who, when (UTC) and from where; a new export joins this test by joining the matrix."""
    downloads = []
    for name in sorted(MATRIX):
        user, client, url = _as_permitted(world, client_for, name)
        before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        response = client.get(url, REMOTE_ADDR="192.0.2.44")
        if not response.get("Content-Disposition", "").startswith("attachment"):
            continue
        downloads.append(name)
        events = AuditEvent.objects.filter(seq__gt=before, verb__regex=r"\.(exported|downloaded)$")
        assert events.count() == 1, f"{name}: {events.count()} export events"
        event = events.get()
        assert event.actor == user and event.ip == "192.0.2.44", name
        assert abs(event.at - timezone.now()) < timedelta(minutes=1) and event.at.utcoffset() == timedelta(0)
    assert {"organisation_export", "progress_report_docx", "progress_report_xlsx"} <= set(downloads)


def test_l1_sign_in_events_hold_no_password(world):
    user = world.users["agency_a_lead"]
    Client().post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    Client().post(reverse("account_login"), {"login": user.email, "password": "Wrong-but-secret-123"})
    logged = " ".join(str(e.changes) + e.target_label + e.actor_label for e in AuditEvent.objects.all())
    assert PASSWORD not in logged and "Wrong-but-secret-123" not in logged
    assert user.password not in logged  # nor the hash


# L2: DEBUG is off unless asked for.


def test_l2_debug_is_off_unless_set():
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org"},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.stdout.strip() == "False", result.stderr


# P1: objects in URLs are UUIDs; no third-party content on any page.

# Converters other than UUIDs, each reviewed: what it names and why it is not a case reference.
NON_UUID_URL_PARTS = {
    "slug": "the partnership's short name, public (it is in the partnership's own name)",
    "token": "an invitation's random token",
    "standard_id": "a standard of a library template: published content, not case data",
    "year": "a calendar year (an ISO's budget year), not an object",
    "fmt": "the format a yearly report is written in (html, docx or pdf), not an object",
    "key": "a figure's name in the yearly report's catalogue of figures, not an object",
    "stage_id": "one of a partnership's escalation stages for disputes: settings the business team edits, read "
    "through a selector scoped to the partnership; no case or person is named by it",
}


def test_p1_objects_in_urls_are_uuids():
    unreviewed = {}
    for route, entry in own_patterns():
        for name, converter in entry.inherited_converters.items():
            if type(converter).__name__ != "UUIDConverter" and name not in NON_UUID_URL_PARTS:
                unreviewed[route] = name
    assert unreviewed == {}


EXTERNAL = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*\b(?:src|href|data)\s*=\s*[\"']?"
    r"(?:https?:)?//",
    re.IGNORECASE,
)


def test_p1_no_third_party_scripts_styles_fonts_or_images(world, client_for):
    found, pages = {}, 0
    for name in sorted(MATRIX):
        _, client, url = _as_permitted(world, client_for, name)
        response = client.get(url)
        if response["Content-Type"].startswith("text/html"):
            pages += 1
            if EXTERNAL.findall(response.content.decode()):
                found[name] = EXTERNAL.findall(response.content.decode())
    assert found == {} and pages > 20


def test_p1_the_external_content_check_can_fail():
    assert EXTERNAL.findall('<script src="https://cdn.example/x.js"></script><link href="//fonts.example/a">')


def test_p1_public_pages_load_nothing_from_elsewhere(db):
    for url in ("/", reverse("account_login"), reverse("accessibility"), reverse("privacy")):
        assert EXTERNAL.findall(Client().get(url).content.decode()) == [], url
