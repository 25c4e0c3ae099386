from django.urls import path

from .priorities import views as priority_views
from .views import organisations, partnership, people
from .views.register_import import organisation_import, organisation_import_preview

urlpatterns = [
    path("", partnership.partnership_home, name="partnership_home"),
    path("groups/", partnership.group_list, name="group_list"),
    path("groups/<uuid:group_id>/", partnership.group_detail, name="group_detail"),
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/export.csv", organisations.organisation_export, name="organisation_export"),
    path("organisations/import/", organisation_import, name="organisation_import"),
    path(
        "organisations/import/<uuid:import_id>/",
        organisation_import_preview,
        name="organisation_import_preview",
    ),
    path(
        "organisations/<uuid:organisation_id>/", organisations.organisation_detail, name="organisation_detail"
    ),
    path(
        "organisations/<uuid:organisation_id>/edit/",
        organisations.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "organisations/<uuid:organisation_id>/invite/", people.organisation_invite, name="organisation_invite"
    ),
    path("people/", people.person_list, name="person_list"),
    path("people/invite/", people.person_invite, name="person_invite"),
    path("people/<uuid:person_id>/", people.person_detail, name="person_detail"),
    path("people/<uuid:person_id>/disable/", people.person_disable, name="person_disable"),
    path("people/<uuid:person_id>/enable/", people.person_enable, name="person_enable"),
    path(
        "people/<uuid:person_id>/roles/<uuid:membership_id>/remove/",
        people.membership_remove,
        name="membership_remove",
    ),
    path("invitations/<uuid:invitation_id>/revoke/", people.invitation_revoke, name="invitation_revoke"),
    # The list of priorities and each one's page, with its progress, are the governance app's (same prefix).
    path("priorities/new/", priority_views.priority_create, name="priority_create"),
    path("priorities/<uuid:priority_id>/edit/", priority_views.priority_edit, name="priority_edit"),
    path("priorities/<uuid:priority_id>/end/", priority_views.priority_end, name="priority_end"),
    path("priorities/<uuid:priority_id>/remove/", priority_views.priority_remove, name="priority_remove"),
]
