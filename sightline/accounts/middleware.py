import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from sightline import policy

SESSION_STARTED = "sightline_started"
SESSION_SEEN = "sightline_seen"


def session_deadlines(request) -> tuple[float, float]:
    """(idle deadline, absolute deadline) as Unix times, for the session-warning component."""
    now = time.time()
    seen = request.session.get(SESSION_SEEN, now)
    started = request.session.get(SESSION_STARTED, now)
    return seen + settings.SESSION_IDLE_TIMEOUT, started + settings.SESSION_ABSOLUTE_TIMEOUT


class SessionTimeoutMiddleware:
    """Ends a signed-in session after SESSION_IDLE_TIMEOUT without a request, and after
    SESSION_ABSOLUTE_TIMEOUT whatever happens (QUALITY.md S2). The page warns before the idle limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SESSION_STARTED, now)
            seen = request.session.get(SESSION_SEEN, now)
            if (
                now - seen > settings.SESSION_IDLE_TIMEOUT
                or now - started > settings.SESSION_ABSOLUTE_TIMEOUT
            ):
                logout(request)
                request.session["timed_out"] = True
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            request.session[SESSION_SEEN] = now
        return self.get_response(request)


# Pages a person who must set up a second factor can still reach.
MFA_SETUP_URL_NAMES = {
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_logout",
    "mfa_required",
    "landing",
    "healthz",
    "session_extend",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "account_reauthenticate",
}


class MfaRequiredMiddleware:
    """QUALITY.md A1: in production the business team, partners, ISOs and the operator set up a second factor
    before any page but the public ones and the set-up itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.SIGHTLINE_MFA_REQUIRED
            and request.user.is_authenticated
            and policy.requires_mfa(request.user)
            and not has_second_factor(request.user)
        ):
            try:
                url_name = resolve(request.path_info).url_name
            except Resolver404:
                url_name = None
            if url_name not in MFA_SETUP_URL_NAMES:
                return redirect("mfa_required")
        return self.get_response(request)


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
