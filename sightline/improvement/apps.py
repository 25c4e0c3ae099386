from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "sightline.improvement"
    label = "improvement"
    verbose_name = "Learning and improvement"
