from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "sightline.assurance"
    label = "assurance"
    verbose_name = "Assurance activities"

    def ready(self):
        # An activity's lifecycle moves on when a sign-off it waits for is agreed (endorsements.py).
        from .activities import endorsement_outcome_reached
        from .endorsements import outcome_listener_add

        outcome_listener_add(endorsement_outcome_reached)
