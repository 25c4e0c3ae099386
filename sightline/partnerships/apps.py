from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "sightline.partnerships"
    label = "partnerships"
