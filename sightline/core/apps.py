from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sightline.core"
    label = "core"

    def ready(self):
        # The access policy registers every permission when it is imported: load it before any request.
        from sightline import policy  # noqa: F401

        from . import checks, once  # noqa: F401

        once.connect()
