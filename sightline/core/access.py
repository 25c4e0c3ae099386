"""Every view declares its access rule; AccessPolicyMiddleware refuses any view that does not.

- `@public`: anyone, signed in or not.
- `@signed_in`: any signed-in person; the view reads only through selectors scoped to them.
- `@partnership_view("perm")`: the `slug` URL argument names a partnership the person can see, and the
  permission holds for it; otherwise 404. The partnership is put on `request.partnership`.
- `@permission("perm")`: an installation-level permission (the operator's).
"""

from __future__ import annotations

import functools
import logging

import rules
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404

logger = logging.getLogger(__name__)

PUBLIC = "public"
SIGNED_IN = "signed_in"

# Views of the libraries we mount, which carry their own sign-in handling: allauth's account and MFA pages.
THIRD_PARTY_VIEW_MODULES = ("allauth.",)


def _declare(view, rule: str):
    view.access_rule = rule
    return view


def public(view):
    return _declare(view, PUBLIC)


def signed_in(view):
    return _declare(view, SIGNED_IN)


def refuse(request, reason: str):
    """Record the refusal in the audit trail and answer 404: nothing outside a person's scope is confirmed."""
    from sightline.audit.services import record

    record(
        actor=request.user, verb="access.refused", target_label=request.path[:300], changes={"reason": reason}
    )
    raise Http404


def partnership_view(perm: str):
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, slug: str, **kwargs):
            from sightline.partnerships.selectors import partnership_for

            partnership = partnership_for(user=request.user, slug=slug)
            if partnership is None or not request.user.has_perm(perm, partnership):
                refuse(request, perm)
            request.partnership = partnership
            return view(request, *args, **kwargs)

        return _declare(wrapped, perm)

    return decorator


def permission(perm: str):
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                refuse(request, perm)
            return view(request, *args, **kwargs)

        return _declare(wrapped, perm)

    return decorator


def declared_rule(view) -> str | None:
    view = getattr(view, "view_class", None) or view
    return getattr(view, "access_rule", None)


def is_third_party(view) -> bool:
    module = getattr(view, "__module__", "") or ""
    return module.startswith(THIRD_PARTY_VIEW_MODULES)


def rule_is_known(rule: str) -> bool:
    return rule in (PUBLIC, SIGNED_IN) or rules.perm_exists(rule)


class AccessPolicyMiddleware:
    """Deny by default: an undeclared view answers 404; anyone not signed in meets the sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_third_party(view_func) or view_func.__module__.startswith("django.views.static"):
            return None
        rule = declared_rule(view_func)
        if rule is None or not rule_is_known(rule):
            logger.error("View %s declares no known access rule; refused.", view_func.__qualname__)
            raise Http404
        if rule != PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return None
