from django.urls import path

from . import views

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_schedule, name="meeting_schedule"),
    path("<uuid:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("<uuid:meeting_id>/agenda/build/", views.meeting_build_agenda, name="meeting_build_agenda"),
    path("<uuid:meeting_id>/agenda/add/", views.meeting_add_item, name="meeting_add_item"),
    path("<uuid:meeting_id>/agenda/move/", views.meeting_move_item, name="meeting_move_item"),
    path("<uuid:meeting_id>/decide/", views.meeting_decide, name="meeting_decide"),
    path("<uuid:meeting_id>/held/", views.meeting_held, name="meeting_held"),
    path("<uuid:meeting_id>/minutes.docx", views.meeting_minutes, name="meeting_minutes"),
]
