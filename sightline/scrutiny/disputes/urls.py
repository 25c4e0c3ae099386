"""Disputes and the partnership's escalation stages."""

from django.urls import path

from ..views import dispute_stages, disputes

urlpatterns = [
    path("", disputes.dispute_list, name="dispute_list"),
    path("new/", disputes.dispute_create, name="dispute_create"),
    path("stages/", dispute_stages.stage_list, name="dispute_stages"),
    path("stages/new/", dispute_stages.stage_add, name="dispute_stage_add"),
    path("stages/<int:stage_id>/", dispute_stages.stage_edit, name="dispute_stage_edit"),
    path("stages/<int:stage_id>/move/", dispute_stages.stage_move, name="dispute_stage_move"),
    path("stages/<int:stage_id>/remove/", dispute_stages.stage_remove, name="dispute_stage_remove"),
    path("<uuid:dispute_id>/", disputes.dispute_detail, name="dispute_detail"),
    path("<uuid:dispute_id>/escalate/", disputes.dispute_escalate, name="dispute_escalate"),
    path("<uuid:dispute_id>/note/", disputes.dispute_note, name="dispute_note"),
    path("<uuid:dispute_id>/ask-iso/", disputes.dispute_ask_iso, name="dispute_ask_iso"),
    path("<uuid:dispute_id>/resolve/", disputes.dispute_resolve, name="dispute_resolve"),
]
