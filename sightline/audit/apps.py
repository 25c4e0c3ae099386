from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sightline.audit"
    label = "audit"

    def ready(self):
        from . import checks, signals  # noqa: F401
