"""Deny by default (QUALITY.md Z1): every URL pattern declares an access rule known to the policy, and
nothing but the public pages answers a visitor who is not signed in."""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sightline.core.access import PUBLIC, declared_rule, is_third_party, rule_is_known

# calendar_feed: a person's calendar feed, answering only a live secret token (tests/assurance/test_feed.py).
PUBLIC_URL_NAMES = {"landing", "healthz", "accessibility", "privacy", "invitation_accept", "calendar_feed"}


def walk(patterns=None, prefix="", converters=None):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inherited = {**(converters or {}), **entry.pattern.converters}
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inherited)
        elif isinstance(entry, URLPattern):
            entry.inherited_converters = {**(converters or {}), **entry.pattern.converters}
            yield prefix + str(entry.pattern), entry


def own_patterns():
    return [(route, entry) for route, entry in walk() if not is_third_party(entry.callback)]


def sample_kwargs(entry) -> dict:
    kwargs = {}
    for name, converter in entry.inherited_converters.items():
        kind = type(converter).__name__
        kwargs[name] = {"UUIDConverter": uuid.uuid4(), "SlugConverter": "test", "IntConverter": 1}.get(
            kind, "sample"
        )
    return kwargs


def test_every_url_declares_a_known_access_rule():
    missing = [
        route for route, entry in own_patterns() if not rule_is_known(declared_rule(entry.callback) or "")
    ]
    assert missing == [], f"URL patterns without a known access rule: {missing}"


def test_only_allauth_views_are_exempt():
    exempt = {
        entry.callback.__module__.split(".")[0] for _, entry in walk() if is_third_party(entry.callback)
    }
    assert exempt <= {"allauth"}


def test_public_pages_are_exactly_the_expected_ones():
    public = {entry.name for _, entry in own_patterns() if declared_rule(entry.callback) == PUBLIC}
    assert public == PUBLIC_URL_NAMES


@pytest.mark.django_db
@pytest.mark.parametrize("route,entry", own_patterns(), ids=[route for route, _ in own_patterns()])
def test_anonymous_visitor_meets_sign_in_or_public_page(client, route, entry):
    url = reverse(entry.name, kwargs=sample_kwargs(entry))
    response = client.get(url)
    if entry.name in PUBLIC_URL_NAMES:
        assert response.status_code in (200, 404)  # an unknown invitation token answers 404
    else:
        assert response.status_code == 302 and response.url.startswith(reverse("account_login")), url


@pytest.mark.django_db
def test_view_without_declared_rule_is_refused(rf, settings):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404, HttpResponse

    from sightline.core.access import AccessPolicyMiddleware

    def undeclared(request):
        return HttpResponse("should never be seen")

    request = rf.get("/x")
    request.user = AnonymousUser()
    with pytest.raises(Http404):
        AccessPolicyMiddleware(lambda r: None).process_view(request, undeclared, (), {})
