"""Demo accounts: made with the published password and marked as demo, so that production refuses to start while
one exists (core/checks.py) and the password is refused outside demo mode (accounts/demo_password.py)."""

from django.contrib.auth import get_user_model

from sightline.core.models import DemoAccount

from .data import DEMO_PASSWORD


def demo_account(*, email: str, full_name: str):
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        user = get_user_model().objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
    DemoAccount.objects.get_or_create(user=user)
    return user
