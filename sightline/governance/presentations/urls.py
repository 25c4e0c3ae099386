from django.urls import path

from . import views

urlpatterns = [
    path("", views.presentation_list, name="presentation_list"),
    path("new/", views.presentation_plan, name="presentation_plan"),
    path("<uuid:presentation_id>/", views.presentation_detail, name="presentation_detail"),
    path("<uuid:presentation_id>/edit/", views.presentation_edit, name="presentation_edit"),
    path("<uuid:presentation_id>/presented/", views.presentation_presented, name="presentation_presented"),
    path("<uuid:presentation_id>/cancel/", views.presentation_cancel, name="presentation_cancel"),
    path("<uuid:presentation_id>/questions/new/", views.question_add, name="presentation_question_add"),
    path(
        "<uuid:presentation_id>/questions/<uuid:question_id>/action/",
        views.question_action,
        name="presentation_question_action",
    ),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_add, name="body_add"),
    path("bodies/<uuid:body_id>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<uuid:body_id>/active/", views.body_active, name="body_active"),
    path("bodies/<uuid:body_id>/remove/", views.body_remove, name="body_remove"),
]
