"""Every form that creates something is safe against a double submit (issue 11, part 6; ADR 0011), checked for every
such view by walking the URL patterns, as test_url_access.py does for the access rules.

A view creates when a successful repeat would add a second record; it declares so with `@creates`. A view that
calls or names a service that adds something (by the naming convention, STYLE.md: `*_create`, `*_add`, `*_stage`,
`*_send`, `*_request`, `*_invite`, or `objects.create`) must be declared, or listed in REPEAT_ADDS_NOTHING with why.
Each declared view answers a repeated form with "already sent" and runs nothing, and a failed post leaves its form
able to be sent again. tests/core/test_once.py posts "Add action" and an evidence upload twice for real."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from sightline.audit.models import AuditEvent
from sightline.core import once
from sightline.core.access import is_third_party
from sightline.core.models import FormToken

from .test_url_access import own_patterns, sample_kwargs

ROOT = Path(__file__).resolve().parents[1]
CREATING = re.compile(
    r"(?<![\"'])\b[a-z][a-z_]*_(?:create|add|stage|send|request|invite)\b(?![\"'])|\bobjects\.create\b"
)
# Views that name a creating service but whose repeat adds nothing, with why.
REPEAT_ADDS_NOTHING = {
    "audits_request": "asks only the agencies not yet asked for each case; a repeat finds none and says so",
    "yearly_report_detail": "names the sign-off selector `current_request`; the page only reads",
    "yearly_report_sign_off": "names the sign-off selector `current_request`; a repeated decision is refused",
}
ROLES = ("business_team", "agency_a_lead", "iso", "learning_chair", "partner_la", "board_member")


def innermost(view):
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return view


def view_source(view) -> str:
    """The view's body and the body of each helper of its module that it calls (`_invite`, `_chase`…)."""
    function = innermost(view)
    module = inspect.getmodule(function)
    # Its body only: a view named like a creating service (`plan_create`) names itself in its `def` line.
    source = inspect.getsource(function).split(f"def {function.__name__}(", 1)[-1]
    for name in sorted(set(re.findall(r"\b(_[a-z_]+)\(", source))):
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and helper.__module__ == module.__name__:
            source += inspect.getsource(helper)
    return source


PATTERNS = own_patterns()
DECLARED = [(route, entry) for route, entry in PATTERNS if once.declares_creates(entry.callback)]


def test_every_view_that_adds_something_is_declared():
    undeclared = {
        entry.name: sorted(set(CREATING.findall(view_source(entry.callback))))
        for _, entry in PATTERNS
        if CREATING.search(view_source(entry.callback))
        and not once.declares_creates(entry.callback)
        and entry.name not in REPEAT_ADDS_NOTHING
    }
    assert undeclared == {}, f"Views that create something without @creates: {undeclared}"


def test_the_exceptions_are_still_views_that_name_a_creating_service():
    names = {entry.name: entry for _, entry in PATTERNS}
    for name in REPEAT_ADDS_NOTHING:
        assert name in names and CREATING.search(view_source(names[name].callback)), name
        assert not once.declares_creates(names[name].callback), name


def test_the_walk_finds_the_creating_views():
    """The forms of the issue (an action arising, an evidence upload) among them, and no third-party view."""
    names = {entry.name for _, entry in DECLARED}
    assert {"return_action_add", "return_evidence_add", "plan_create", "case_create"} <= names
    assert len(names) >= 20
    assert not any(is_third_party(entry.callback) for _, entry in DECLARED)


@pytest.mark.parametrize("route,entry", DECLARED, ids=[entry.name for _, entry in DECLARED])
def test_a_form_sent_again_is_answered_without_running_the_view(world, client_for, route, entry):
    token = once.token_new()
    first_went_to = reverse("partnership_home", kwargs={"slug": world.partnership.slug})
    FormToken.objects.create(token=token, used_at=timezone.now(), location=first_went_to)
    for role in ROLES:
        client = client_for(world.users[role])
        before = AuditEvent.objects.count()
        url = reverse(entry.name, kwargs={**sample_kwargs(entry), "slug": world.partnership.slug})
        response = client.post(url, {once.FIELD: token})
        if response.status_code == 404:
            continue  # the access policy refuses this role before any form is read
        assert response.status_code == 302 and response.url == first_went_to, (role, response)
        assert once.ALREADY_SENT in [str(m) for m in get_messages(response.wsgi_request)]
        assert AuditEvent.objects.count() == before, "the repeat changed something"
        return
    pytest.fail(f"No role of {ROLES} reaches {route}")


@pytest.mark.parametrize("route,entry", DECLARED, ids=[entry.name for _, entry in DECLARED])
def test_a_form_that_failed_can_be_sent_again(world, client_for, route, entry):
    """An empty form (or one for an object that does not exist) changes nothing and keeps its token unused."""
    token = once.token_new()
    url = reverse(entry.name, kwargs={**sample_kwargs(entry), "slug": world.partnership.slug})
    for role in ROLES:
        client_for(world.users[role]).post(url, {once.FIELD: token})
    assert not FormToken.objects.filter(token=token).exists()


POST_FORM = re.compile(
    r"<form\b[^>]*\bmethod=\"post\"[^>]*>(?P<form>.*?)</form>"
    r"|\{%\s*element form\b[^%]*\bmethod=\"post\"[^%]*%\}(?P<element>.*?)\{%\s*endslot\s*%\}",
    re.IGNORECASE | re.DOTALL,
)


def template_files() -> list[Path]:
    return sorted(
        [*(ROOT / "templates").rglob("*.html"), *(ROOT / "sightline").glob("*/templates/**/*.html")]
    )


def test_every_post_form_in_the_templates_carries_the_token():
    forms, missing = 0, []
    for path in template_files():
        text = path.read_text()
        for match in POST_FORM.finditer(text):
            forms += 1
            if "{% csrf_token %}" not in (match.group("form") or match.group("element") or ""):
                missing.append(f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}")
    assert forms >= 100, "the scan should find the site's post forms"
    assert missing == [], f"POST forms without {{% csrf_token %}} (which carries the form token): {missing}"


def test_the_csrf_tag_renders_a_fresh_form_token_beside_the_csrf_field():
    request = RequestFactory().get("/")
    context = Context({"csrf_token": get_token(request)})
    first = Template("{% csrf_token %}").render(context)
    second = Template("{% csrf_token %}").render(context)
    assert 'name="csrfmiddlewaretoken"' in first and f'name="{once.FIELD}"' in first
    tokens = [re.search(r'name="form_token" value="([^"]+)"', html).group(1) for html in (first, second)]
    assert tokens[0] != tokens[1] and all(once.TOKEN_PATTERN.fullmatch(token) for token in tokens)
    assert Template("{% csrf_token %}").render(Context({})) == ""
