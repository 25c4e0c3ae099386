"""Cookies and transport on production settings (QUALITY.md S4, L2).

The suite itself runs over plain HTTP (`SIGHTLINE_INSECURE_HTTP=true` in pyproject), so these tests read
`config/settings.py` afresh with a production environment (DEBUG off, no insecure-HTTP switch), check what it
decides, then apply those decisions and sign in over HTTPS to read the Set-Cookie headers of real responses."""

from __future__ import annotations

import runpy
from http.cookies import Morsel
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from ..factories import PASSWORD, UserFactory

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "config" / "settings.py"
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SIGHTLINE_DEMO": "false",
    "SECRET_KEY": "production-like-secret-for-the-cookie-test-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "sightline.example.org,testserver",
    "SITE_URL": "https://sightline.example.org",
}
# The settings that decide cookies and transport, copied from the production reading onto the test settings.
TRANSPORT_SETTINGS = (
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_DOMAIN",
    "SESSION_COOKIE_PATH",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_DOMAIN",
    "CSRF_COOKIE_PATH",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "MESSAGE_STORAGE",
)
HTTPS = {"secure": True, "HTTP_X_FORWARDED_PROTO": "https"}  # as the reverse proxy forwards it


@pytest.fixture
def production(monkeypatch) -> dict:
    """config/settings.py as production reads it: a fresh run of the module in a production environment."""
    monkeypatch.delenv("SIGHTLINE_INSECURE_HTTP", raising=False)
    monkeypatch.delenv("SECURE_SSL_REDIRECT", raising=False)
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


@pytest.fixture
def on_production_transport(production, settings):
    from django.conf import global_settings

    for name in TRANSPORT_SETTINGS:
        setattr(settings, name, production.get(name, getattr(global_settings, name)))
    return production


def test_production_settings_decide_secure_prefixed_cookies(production):
    assert production["DEBUG"] is False
    for prefix in ("SESSION", "CSRF"):
        assert production[f"{prefix}_COOKIE_SECURE"] is True
        assert production[f"{prefix}_COOKIE_HTTPONLY"] is True
        assert production[f"{prefix}_COOKIE_SAMESITE"] in ("Lax", "Strict")
        assert production[f"{prefix}_COOKIE_NAME"].startswith("__Host-")
        # __Host- cookies are refused by browsers unless Path=/ and no Domain is given.
        assert production.get(f"{prefix}_COOKIE_DOMAIN") is None
        assert production.get(f"{prefix}_COOKIE_PATH", "/") == "/"
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    # Messages live in the session, not in a cookie of their own that would carry text unencrypted and
    # without the __Host- prefix.
    assert "cookie" not in production.get("MESSAGE_STORAGE", "fallback").lower()
    assert "fallback" not in production.get("MESSAGE_STORAGE", "fallback").lower()


def _flags_problems(name: str, morsel: Morsel) -> list[str]:
    problems = []
    if not name.startswith("__Host-"):
        problems.append(f"{name}: not __Host- prefixed")
    if not morsel["secure"]:
        problems.append(f"{name}: not Secure")
    if not morsel["httponly"]:
        problems.append(f"{name}: not HttpOnly")
    if str(morsel["samesite"]).lower() not in ("lax", "strict"):
        problems.append(f"{name}: SameSite is {morsel['samesite']!r}")
    if morsel["path"] != "/" or morsel["domain"]:
        problems.append(f"{name}: path {morsel['path']!r}, domain {morsel['domain']!r}")
    return problems


def test_every_cookie_set_through_sign_in_and_use_is_secure(db, on_production_transport):
    person = UserFactory(email="lead@example.test")
    client = Client()
    seen: dict[str, Morsel] = {}

    def collect(response):
        for name, morsel in response.cookies.items():
            if morsel.value:  # a deletion (empty value, expired) sets nothing
                seen[name] = morsel
        return response

    collect(client.get(reverse("account_login"), **HTTPS))
    signed_in = collect(
        client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD}, **HTTPS)
    )
    assert signed_in.status_code == 302
    collect(client.get(signed_in.url, **HTTPS))  # the page that shows "signed in" messages
    collect(client.get(reverse("account_email_managed"), **HTTPS))  # adds a message, then redirects
    collect(client.get(reverse("account_security"), **HTTPS))
    collect(client.post(reverse("account_logout"), **HTTPS))

    assert {"__Host-sightline-session", "__Host-sightline-csrf"} <= set(seen)
    problems = [problem for name, morsel in seen.items() for problem in _flags_problems(name, morsel)]
    assert problems == [], problems


def test_plain_http_is_sent_to_https_and_https_carries_hsts(db, on_production_transport):
    plain = Client().get(reverse("landing"), HTTP_X_FORWARDED_PROTO="http")
    assert plain.status_code == 301 and plain.url.startswith("https://")
    secure = Client().get(reverse("landing"), **HTTPS)
    hsts = secure["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    # The load balancer's health probe speaks plain HTTP and is not redirected.
    assert Client().get("/healthz", HTTP_X_FORWARDED_PROTO="http").status_code == 200


def test_the_cookie_check_can_fail():
    bad = Morsel()
    bad.set("sessionid", "x", "x")
    bad["path"] = "/"
    assert len(_flags_problems("sessionid", bad)) == 4
