"""The demo's password is published (`make run` prints it), so it opens nothing outside demo mode: a database kept
from a demo, or an account given that password by hand, cannot be signed into with it in production."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.crypto import constant_time_compare

from sightline.partnerships.demo.data import DEMO_PASSWORD


def demo_mode() -> bool:
    return bool(settings.DEBUG and settings.DEMO_MODE)


def is_refused_demo_password(password) -> bool:
    return isinstance(password, str) and not demo_mode() and constant_time_compare(password, DEMO_PASSWORD)


class DemoPasswordBackend:
    """Listed before the backends that check passwords. Raising PermissionDenied stops Django's `authenticate`
    at once, so no later backend accepts the password; the failure is counted and audited like any other. It
    has no `get_user`: it never signs anyone in, and so is never the backend a session names."""

    def authenticate(self, request, password=None, **credentials):
        if is_refused_demo_password(password):
            raise PermissionDenied
        return None


class DemoPasswordValidator:
    """Nobody may choose the published password for a real account."""

    def validate(self, password, user=None):
        if is_refused_demo_password(password):
            raise ValidationError(
                "That is the demo's published password: choose another", code="password_demo"
            )

    def get_help_text(self):
        return "Do not use the demo's password."
