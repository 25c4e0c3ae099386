"""Redirects only to this site's paths (issue 11, part 6): every redirect to a place the request names (`next`,
the Referer) lands on a safe default when that place is another site or not a path."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from sightline.core.redirects import is_site_path, referer_path, site_path_or

from ..factories import PASSWORD, UserFactory

HOSTILE = [
    "//evil.example",
    "https://evil.example",
    "http://evil.example/p/test/",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "///evil.example",
    "/\t/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_other_sites_and_schemes_are_not_site_paths(url):
    assert not is_site_path(url)
    assert site_path_or(url, "/home/") == "/home/"


@pytest.mark.parametrize("url", ["/", "/home/", "/p/test/returns/?page=2#evidence", "/p/%2F/"])
def test_paths_on_this_site_are_kept(url):
    assert is_site_path(url) and site_path_or(url, "home") == url


def test_the_default_may_be_a_url_name(db):
    assert site_path_or(None, "home") == reverse("home")


@pytest.mark.parametrize(
    "referer,expected",
    [
        ("http://testserver/p/test/plans/?page=2", "/p/test/plans/?page=2"),
        ("http://evil.example/p/test/plans/", None),
        ("https://testserver/p/test/plans/", "/p/test/plans/"),
        ("http://testserver.evil.example/p/test/plans/", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_referer_counts_only_when_it_is_this_site(referer, expected):
    request = RequestFactory().post("/x", HTTP_REFERER=referer)
    assert referer_path(request) == expected


@pytest.fixture(autouse=True)
def _sign_in_rate_limit_left_as_found():
    """Many sign-ins from one address here: allauth's per-address limit must not spill into other tests."""
    yield
    cache.clear()


@pytest.fixture
def signed_in(db):
    client = Client()
    client.force_login(UserFactory())
    return client


@pytest.mark.parametrize("url", HOSTILE + [""])
def test_extending_the_session_goes_home_instead_of_off_site(signed_in, url):
    response = signed_in.post(reverse("session_extend"), {"next": url})
    assert response.status_code == 302 and response.url == reverse("home")


def test_extending_the_session_returns_to_the_page_it_names(signed_in):
    response = signed_in.post(reverse("session_extend"), {"next": "/notices/?page=2"})
    assert response.url == "/notices/?page=2"


@pytest.mark.parametrize("url", HOSTILE)
def test_sign_in_goes_home_instead_of_off_site(db, url):
    person = UserFactory()
    response = Client().post(
        reverse("account_login") + "?next=x", {"login": person.email, "password": PASSWORD, "next": url}
    )
    assert response.status_code == 302 and response.url == reverse("home")


def test_sign_in_returns_to_the_page_it_was_sent_from(db):
    person = UserFactory()
    response = Client().post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD, "next": "/notices/"}
    )
    assert response.url == "/notices/"


@pytest.mark.parametrize("url", HOSTILE)
def test_sign_out_goes_to_the_landing_page_instead_of_off_site(signed_in, url):
    response = signed_in.post(reverse("account_logout"), {"next": url})
    assert response.status_code == 302 and response.url == reverse("landing")
