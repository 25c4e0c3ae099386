"""System checks of our own: the deployment checks run by `manage.py check --deploy`, and the refusal of demo data
outside demo mode, run by every management command and by the web server at start (config/wsgi.py)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection

DEMO_DATA_IN_PRODUCTION = "sightline.E001"


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


def demo_data_found() -> list[str]:
    """What `load_demo` made that is still in the database: the demo partnerships' names and a count of the
    demo accounts. Empty when the database has no tables yet, or cannot be reached (nothing to refuse there)."""
    from .models import DemoAccount, DemoPartnership

    try:
        if DemoPartnership._meta.db_table not in connection.introspection.table_names():
            return []
        found = [
            f"the demo partnership “{name}”"
            for name in DemoPartnership.objects.values_list("partnership__name", flat=True).order_by("pk")
        ]
        accounts = DemoAccount.objects.count()
    except DatabaseError:
        return []
    if accounts:
        found.append(f"{accounts} demo account{'' if accounts == 1 else 's'}")
    return found


def demo_data_problem() -> str | None:
    """Why this installation must not start, if it is running with DEBUG off on a database holding demo data."""
    if settings.DEBUG:
        return None
    found = demo_data_found()
    if not found:
        return None
    return (
        f"The database holds demo data ({'; '.join(found)}) and DEBUG is off: Sightline will not run on it."
    )


DEMO_DATA_HINT = (
    "Demo data never belongs in production. Start from a fresh database (migrate, then create_partnership), "
    "or run the demo as `make run` does, with DEBUG=true SIGHTLINE_DEMO=true."
)


@register(Tags.security)
def no_demo_data_in_production(app_configs, **kwargs):
    problem = demo_data_problem()
    return [Error(problem, hint=DEMO_DATA_HINT, id=DEMO_DATA_IN_PRODUCTION)] if problem else []


def refuse_demo_data_in_production() -> None:
    """The web server's start-up: the system checks do not run there, so the same refusal is raised here."""
    try:
        problem = demo_data_problem()
    finally:
        # A server that loads the app before forking its workers must not hand them this connection.
        if not connection.in_atomic_block:
            connection.close()
    if problem:
        raise ImproperlyConfigured(f"{DEMO_DATA_IN_PRODUCTION}: {problem} {DEMO_DATA_HINT}")
