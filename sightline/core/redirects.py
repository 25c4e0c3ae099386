"""Redirects to a place named by the request (`next`, the Referer) go only to a path on this site: never to another
host, a scheme such as `javascript:`, or a path a browser would read as another host (`//host`, `/\\host`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_site_path(url: str | None) -> bool:
    if not url or not url.startswith("/"):
        return False
    # Browsers drop tabs and newlines inside a URL and some read a backslash as a slash; a path holding any
    # whitespace or control character is not one this site writes.
    if any(character.isspace() or ord(character) < 32 or ord(character) == 127 for character in url):
        return False
    return url_has_allowed_host_and_scheme(url, allowed_hosts=set())


def site_path_or(url: str | None, default: str, *args, **kwargs) -> str:
    """`url` if it is a path on this site, otherwise `default` (a URL name with its arguments, or a path)."""
    return url if is_site_path(url) else resolve_url(default, *args, **kwargs)


def referer_path(request) -> str | None:
    """The page the request came from, as a path on this site, if it came from this site."""
    referer = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(referer)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if is_site_path(path) else None
