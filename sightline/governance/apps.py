from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "sightline.governance"
    label = "governance"
    verbose_name = "Meetings and decisions of the groups"

    def ready(self):
        # The yearly report is frozen, or returned, when the lead partners' sign-off reaches its outcome.
        from sightline.assurance.endorsements import outcome_listener_add

        from .yearly.reports import sign_off_reached

        outcome_listener_add(sign_off_reached)
