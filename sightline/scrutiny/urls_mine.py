"""The ISO's own pages, across every partnership they serve (no partnership in the address)."""

from django.urls import path

from .views import pool

urlpatterns = [
    path("", pool.my_days, name="my_days"),
]
