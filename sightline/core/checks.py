"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def production_addresses(app_configs, **kwargs):
    problems = []
    if settings.SITE_URL.startswith(("http://127.0.0.1", "http://localhost")):
        problems.append(
            Warning(
                "SITE_URL still points at this machine: links in emails will not work for anyone else.",
                hint="Set SITE_URL to the public address, like https://sightline.example.org.",
                id="sightline.W001",
            )
        )
    if settings.DEFAULT_FROM_EMAIL.endswith(".invalid>"):
        problems.append(
            Warning(
                "DEFAULT_FROM_EMAIL is the placeholder address: mail servers will reject it.",
                hint="Set DEFAULT_FROM_EMAIL to an address your mail server sends for.",
                id="sightline.W002",
            )
        )
    return problems
