from django.urls import path

from .lifecycle import DECISIONS
from .views import actions, briefings, escalations, plans, reviews, summary

urlpatterns = [
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<uuid:plan_id>/", plans.plan_detail, name="plan_detail"),
    path("plans/<uuid:plan_id>/close/", plans.plan_close, name="plan_close"),
    path("plans/<uuid:plan_id>/priorities/", plans.plan_priorities, name="plan_priorities"),
    path("plans/<uuid:plan_id>/actions/new/", plans.action_create, name="action_create"),
    path("actions/", actions.our_actions, name="our_actions"),
    path("actions/<uuid:action_id>/", actions.action_detail, name="action_detail"),
    path("actions/<uuid:action_id>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<uuid:action_id>/progress/", actions.action_progress, name="action_progress"),
    path("actions/<uuid:action_id>/propose/", actions.action_propose, name="action_propose"),
    # One address per decision of the learning group (…/verify/, …/return/), each reversed by its `move`.
    *[
        path(f"actions/<uuid:action_id>/{move}/", actions.action_decide, {"move": move}, name="action_decide")
        for move in DECISIONS
    ],
    path(
        "actions/<uuid:action_id>/evidence/<uuid:evidence_id>/",
        actions.action_evidence_download,
        name="action_evidence_download",
    ),
    path("escalations/", escalations.escalation_list, name="escalation_list"),
    path(
        "escalations/<uuid:escalation_id>/resolve/", escalations.escalation_resolve, name="escalation_resolve"
    ),
    path("board-summary/", summary.board_summary_page, name="board_summary"),
    path("board-summary/export.docx", summary.board_summary_docx, name="board_summary_docx"),
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/new/", reviews.review_create, name="review_create"),
    path("reviews/<uuid:review_id>/", reviews.review_detail, name="review_detail"),
    path("reviews/<uuid:review_id>/edit/", reviews.review_edit, name="review_edit"),
    path("briefings/", briefings.briefing_list, name="briefing_list"),
    path("briefings/new/", briefings.briefing_start, name="briefing_start"),
    path("briefings/<uuid:briefing_id>/", briefings.briefing_detail, name="briefing_detail"),
    path("briefings/<uuid:briefing_id>/edit/", briefings.briefing_edit, name="briefing_edit"),
    path("briefings/<uuid:briefing_id>/approve/", briefings.briefing_approve, name="briefing_approve"),
    path("briefings/<uuid:briefing_id>/withdraw/", briefings.briefing_withdraw, name="briefing_withdraw"),
    path("briefings/<uuid:briefing_id>/ready/", briefings.briefing_ready, name="briefing_ready"),
    path("briefings/<uuid:briefing_id>/download.docx", briefings.briefing_docx, name="briefing_docx"),
    path("briefings/<uuid:briefing_id>/download.pdf", briefings.briefing_pdf, name="briefing_pdf"),
]
