from django.conf import settings
from django.db import models
from django.utils import timezone


class DemoPartnership(models.Model):
    """A partnership that `load_demo` made. Production refuses to start while one exists (core/checks.py): the
    marker is set by the loader, so a real partnership is never mistaken for the demo by its name."""

    partnership = models.OneToOneField(
        "partnerships.Partnership", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self) -> str:
        return f"Demo partnership {self.partnership_id}"


class DemoAccount(models.Model):
    """An account that `load_demo` made, with the published demo password."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self) -> str:
        return f"Demo account {self.user_id}"


class FormToken(models.Model):
    """A one-time form token that a post to a creating view has claimed (core/once.py). The primary
    key is the token, so two processes racing to claim the same one cannot both succeed."""

    token = models.CharField(max_length=64, primary_key=True)
    claimed_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Set once the post changed something; until then the post is still running, or it was refused and the
    # row is deleted so that the corrected form can be sent.
    used_at = models.DateTimeField(null=True, blank=True)
    # Where the first post went: the second is sent there too.
    location = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"Form token claimed at {self.claimed_at:%Y-%m-%d %H:%M}"
