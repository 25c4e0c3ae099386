from django.urls import path

from .views import entries, pool

urlpatterns = [
    path("", pool.iso_pool, name="iso_pool"),
    path("officers/<uuid:iso_id>/", pool.iso_ledger, name="iso_ledger"),
    path("officers/<uuid:iso_id>/budget/<int:year>/", pool.budget_edit, name="budget_edit"),
    path("officers/<uuid:iso_id>/profile/", pool.iso_profile_edit, name="iso_profile_edit"),
    path("officers/<uuid:iso_id>/entries/new/", entries.ledger_entry_create, name="ledger_entry_create"),
    path("entries/<uuid:entry_id>/", entries.ledger_entry_edit, name="ledger_entry_edit"),
    path("entries/<uuid:entry_id>/remove/", entries.ledger_entry_remove, name="ledger_entry_remove"),
]
