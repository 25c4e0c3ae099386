from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "sightline.scrutiny"
    label = "scrutiny"
    verbose_name = "Independent scrutiny"
