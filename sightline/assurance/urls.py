from django.urls import path

from .views import activities, calendar, endorsements, records, schedule

A = "<uuid:activity_id>/"

urlpatterns = [
    path("", activities.activity_list, name="activity_list"),
    path("new/", activities.activity_create, name="activity_create"),
    path("calendar/", calendar.activity_calendar, name="activity_calendar"),
    path("sign-offs/", endorsements.endorsement_list, name="endorsement_list"),
    path("unavailable/", schedule.unavailability, name="unavailability"),
    path(
        "unavailable/<uuid:period_id>/remove/", schedule.unavailability_remove, name="unavailability_remove"
    ),
    path(A, activities.activity_detail, name="activity_detail"),
    path(A + "advance/", activities.activity_advance, name="activity_advance"),
    path(A + "edit/", activities.activity_edit, name="activity_edit"),
    path(A + "propose/", activities.activity_propose, name="activity_propose"),
    path(A + "sign-offs/<uuid:request_id>/", endorsements.endorsement_detail, name="endorsement_detail"),
    path(A + "dates/", schedule.activity_dates, name="activity_dates"),
    path(A + "dates/answer/", schedule.activity_dates_answer, name="activity_dates_answer"),
    path(A + "dates/fix/", schedule.activity_dates_fix, name="activity_dates_fix"),
    path(A + "dates/<uuid:candidate_id>/remove/", schedule.candidate_remove, name="candidate_remove"),
    path(A + "programme/", schedule.activity_programme, name="activity_programme"),
    path(A + "programme/send/", schedule.programme_send, name="programme_send"),
    path(
        A + "programme/<uuid:item_id>/remove/", schedule.programme_item_remove, name="programme_item_remove"
    ),
    path(A + "people/", schedule.activity_participants, name="activity_participants"),
    path(A + "people/attendance/", schedule.attendance_record, name="attendance_record"),
    path(A + "people/<uuid:participant_id>/remove/", schedule.participant_remove, name="participant_remove"),
    path(
        A + "invitation/download.ics",
        schedule.activity_invitation_download,
        name="activity_invitation_download",
    ),
    path(A + "preparation/", records.activity_preparation, name="activity_preparation"),
    path(A + "feedback/", records.activity_feedback, name="activity_feedback"),
    path(A + "overview/", records.activity_overview, name="activity_overview"),
    path(A + "overview/endorse/", records.activity_overview_submit, name="activity_overview_submit"),
    path(A + "handover/", records.activity_handover, name="activity_handover"),
    path(A + "publication/", records.activity_publication, name="activity_publication"),
    path(A + "call-in/", records.call_in_edit, name="call_in_edit"),
    path(A + "call-in/response/", records.call_in_respond, name="call_in_respond"),
    path(A + "peer-review/", records.peer_review_edit, name="peer_review_edit"),
]
