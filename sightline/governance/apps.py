from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "sightline.governance"
    label = "governance"
    verbose_name = "Meetings and decisions of the groups"
