"""Response headers on every kind of page (QUALITY.md I1, P1, F1, L2): public pages, the sign-in redirect met by
anyone not signed in, every signed-in page and download, the error pages, and allauth's pages.

Pages come from the URL patterns and the access matrix (`tests/test_access_matrix.py`), so a new page is checked
here as soon as it joins the matrix; a new GET page parked among the matrix's POST-only names fails
`test_every_get_page_outside_the_matrix_is_checked_here` until it is added to DOWNLOADS below."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from sightline.core.access import PUBLIC, declared_rule, is_third_party

from ..test_access_matrix import MATRIX, POST_ONLY, open_cycle, someone_allowed
from ..test_url_access import PUBLIC_URL_NAMES, own_patterns, sample_kwargs, walk
from .headers import (
    check_common,
    check_download,
    check_page_policy,
    check_signed_in,
    is_attachment,
)

OWN = own_patterns()
ALLAUTH = [(route, entry) for route, entry in walk() if is_third_party(entry.callback)]


def allauth_url(entry) -> str | None:
    try:
        return reverse(entry.name)
    except NoReverseMatch:  # patterns that need a key from an email (password reset, email confirmation)
        return None


def assert_ok(problems: list[str]):
    assert problems == [], "\n".join(problems)


# Public pages: anyone, headers as everywhere; an unknown invitation token answers the 404 page.
@pytest.mark.parametrize(
    "name", sorted(PUBLIC_URL_NAMES), ids=lambda name: f"public-{name}"
)  # fmt: skip
def test_public_pages(client, db, name):
    [entry] = [entry for _, entry in OWN if entry.name == name]
    assert declared_rule(entry.callback) == PUBLIC
    url = reverse(name, kwargs=sample_kwargs(entry))
    response = client.get(url)
    assert response.status_code in (200, 404)
    problems = check_common(response, url)
    if response["Content-Type"].startswith("text/html"):
        problems += check_page_policy(response, url)
    assert_ok(problems)


# Everything else, reached without signing in: the redirect to the sign-in page carries the headers too.
@pytest.mark.parametrize(
    "route,entry",
    [(route, entry) for route, entry in OWN if entry.name not in PUBLIC_URL_NAMES],
    ids=lambda value: f"anonymous-{value}" if isinstance(value, str) else "",
)
def test_redirect_to_sign_in(client, db, route, entry):
    url = reverse(entry.name, kwargs=sample_kwargs(entry))
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert_ok(check_common(response, url))


@pytest.mark.parametrize("route,entry", ALLAUTH, ids=lambda v: f"allauth-{v}" if isinstance(v, str) else "")
def test_allauth_pages_anonymous_and_signed_in(world, client_for, route, entry):
    url = allauth_url(entry)
    if url is None:
        pytest.skip("needs a key sent by email")
    anonymous = client_for(None).get(url)
    assert_ok(check_common(anonymous, f"anonymous {url}"))
    if anonymous.status_code == 200 and anonymous["Content-Type"].startswith("text/html"):
        assert_ok(check_page_policy(anonymous, url))
    signed_in = client_for(world.users["business_team"]).get(url)
    problems = check_common(signed_in, f"signed-in {url}") + check_signed_in(signed_in, f"signed-in {url}")
    assert_ok(problems)


# Every signed-in page in the access matrix, as a person who may see it: HTML pages and downloads alike.
@pytest.mark.parametrize("name", sorted(MATRIX), ids=lambda name: f"signed-in-{name}")
def test_signed_in_pages(world, client_for, name):
    _, client, url = someone_allowed(world, client_for, name)
    response = client.get(url)
    assert response.status_code == 200, url
    problems = check_common(response, url) + check_signed_in(response, url)
    if is_attachment(response):
        problems += check_download(response, url)
    else:
        assert response["Content-Type"].startswith("text/html"), url
        problems += check_page_policy(response, url)
    assert_ok(problems)


def evidence_download_url(world, client_for) -> str:
    from sightline.assessments.models import EvidenceFile

    from ..assessments.evidence_samples import PDF
    from ..assessments.test_evidence import WITH_EVIDENCE, upload
    from ..assessments.test_returns import open_return

    submission = open_return(world, WITH_EVIDENCE)
    question = submission.cycle.template.questions.get(kind="evidence")
    upload(client_for(world.users["agency_a_lead"]), world, submission, question, "policy.pdf", PDF)
    evidence = EvidenceFile.objects.get()
    return reverse(
        "return_evidence_download",
        kwargs={"slug": world.partnership.slug, "submission_id": submission.pk, "evidence_id": evidence.pk},
    )


def composite_job_urls(world) -> tuple[str, str]:
    from sightline.assessments.models import ExportJob

    cycle = open_cycle(world)
    job = ExportJob.objects.create(
        partnership=world.partnership,
        cycle=cycle,
        kind="composite_csv",
        status=ExportJob.Status.DONE,
        progress=100,
        filename="matrix-cycle-answers.csv",
        finished_at=timezone.now(),
    )
    job.file.save("export", ContentFile(b"\xef\xbb\xbfOrganisation,Answer\r\nA,yes\r\n"))
    kwargs = {"slug": world.partnership.slug, "cycle_id": cycle.pk, "job_id": job.pk}
    return reverse("composite_job", kwargs=kwargs), reverse("composite_download", kwargs=kwargs)


def import_preview_url(world, client) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("organisation_import", kwargs={"slug": world.partnership.slug}),
        {"format": "csv", "file": SimpleUploadedFile("register.csv", b"name,type\r\nA School,school\r\n")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url


# GET pages that need a stored file or upload, so they sit among the matrix's POST-only names: built here.
DOWNLOADS = {
    "return_evidence_download",
    "composite_download",
    "composite_job",
    "organisation_import_preview",
    "account_email_managed",
}


@pytest.mark.usefixtures("run_on_commit")
def test_file_downloads(world, client_for):
    job_page, composite_download = composite_job_urls(world)
    downloads = {
        "evidence": evidence_download_url(world, client_for),
        "composite export": composite_download,
        "register export": reverse("organisation_export", kwargs={"slug": world.partnership.slug}),
    }
    business = client_for(world.users["business_team"])
    problems = []
    for label, url in downloads.items():
        response = business.get(url)
        assert response.status_code == 200, (label, url)
        problems += (
            check_common(response, label) + check_signed_in(response, label) + check_download(response, label)
        )
    evidence = business.get(downloads["evidence"])
    # An uploaded file is served with a policy of its own: nothing loads, and it runs sandboxed if opened.
    assert "default-src 'none'" in evidence["Content-Security-Policy"]
    assert "sandbox" in evidence["Content-Security-Policy"]
    for url in (job_page, import_preview_url(world, business), reverse("account_email_managed")):
        page = business.get(url)
        assert page.status_code in (200, 302), url
        problems += check_common(page, url) + check_signed_in(page, url)
        if page.status_code == 200:
            problems += check_page_policy(page, url)
    assert_ok(problems)


def test_every_get_page_outside_the_matrix_is_checked_here(world, client_for):
    """A name in the matrix's POST_ONLY set that answers a GET with anything but 405 is a page: it must be
    built and checked in test_file_downloads."""
    business = client_for(world.users["business_team"])
    unchecked = []
    for _, entry in OWN:
        if entry.name not in POST_ONLY or entry.name in DOWNLOADS:
            continue
        kwargs = {**sample_kwargs(entry)}
        if "slug" in kwargs:
            kwargs["slug"] = world.partnership.slug
        if business.get(reverse(entry.name, kwargs=kwargs)).status_code != 405:
            unchecked.append(entry.name)
    assert unchecked == [], f"GET pages with no header check: {unchecked}"


# Error pages: generic, with the same headers, and never cached for a signed-in person.
@pytest.mark.parametrize("who", ["anonymous", "business_team"])
def test_not_found_pages(world, client_for, who):
    client = client_for(None if who == "anonymous" else world.users[who])
    for url in ("/no-such-page/", reverse("organisation_list", kwargs={"slug": "other"})):
        response = client.get(url)
        assert response.status_code == 404 if who != "anonymous" or url == "/no-such-page/" else 302
        problems = check_common(response, url)
        if response.status_code == 404:
            page = response.content.decode()
            assert "Page not found" in page and "Traceback" not in page and "urlpatterns" not in page
            problems += check_page_policy(response, url)
        if who != "anonymous":
            problems += check_signed_in(response, url)
        assert_ok(problems)


def test_server_error_page(world, client_for, monkeypatch):
    class Broken:
        def cursor(self):
            raise RuntimeError("secret detail that must not reach the page")

    monkeypatch.setattr("sightline.core.views.connection", Broken())
    for signed_in, client in ((False, Client()), (True, client_for(world.users["business_team"]))):
        client.raise_request_exception = False
        response = client.get("/healthz")
        assert response.status_code == 500
        page = response.content.decode()
        assert "secret detail" not in page and "Traceback" not in page
        problems = check_common(response, "500") + check_page_policy(response, "500")
        if signed_in:
            problems += check_signed_in(response, "500 signed in")
        assert_ok(problems)


def test_the_checks_can_fail():
    """The helpers name what is missing: a bare response fails every check."""
    from django.http import HttpResponse

    bare = HttpResponse("x")
    assert len(check_common(bare, "bare")) >= 5
    assert check_signed_in(bare, "bare") and check_download(bare, "bare")
    bare["Content-Security-Policy"] = (
        "default-src 'self' https://cdn.example; script-src 'self' 'unsafe-inline'"
    )
    problems = check_common(bare, "bare") + check_page_policy(bare, "bare")
    assert any("https://cdn.example" in p for p in problems) and any("'unsafe-inline'" in p for p in problems)
    bare["Cache-Control"] = "public, max-age=600"
    assert check_signed_in(bare, "bare")
