from django.urls import path

from .views import entries, pool, reports, responses

urlpatterns = [
    path("", pool.iso_pool, name="iso_pool"),
    path("officers/<uuid:iso_id>/", pool.iso_ledger, name="iso_ledger"),
    path("officers/<uuid:iso_id>/budget/<int:year>/", pool.budget_edit, name="budget_edit"),
    path("officers/<uuid:iso_id>/profile/", pool.iso_profile_edit, name="iso_profile_edit"),
    path("officers/<uuid:iso_id>/entries/new/", entries.ledger_entry_create, name="ledger_entry_create"),
    path("entries/<uuid:entry_id>/", entries.ledger_entry_edit, name="ledger_entry_edit"),
    path("entries/<uuid:entry_id>/remove/", entries.ledger_entry_remove, name="ledger_entry_remove"),
    # ISO reports, their recommendations and the addressees' responses.
    path("reports/", reports.iso_report_list, name="iso_report_list"),
    path("reports/new/", reports.iso_report_start, name="iso_report_start"),
    path("reports/<uuid:report_id>/", reports.iso_report_detail, name="iso_report_detail"),
    path("reports/<uuid:report_id>/edit/", reports.iso_report_edit, name="iso_report_edit"),
    path("reports/<uuid:report_id>/issue/", reports.iso_report_issue, name="iso_report_issue"),
    path("reports/<uuid:report_id>/days/", reports.iso_report_days, name="iso_report_days"),
    path("reports/<uuid:report_id>/agenda/", reports.iso_report_agenda, name="iso_report_agenda"),
    path(
        "reports/<uuid:report_id>/recommendations/new/",
        responses.iso_recommendation_add,
        name="iso_recommendation_add",
    ),
    path(
        "reports/<uuid:report_id>/recommendations/<uuid:recommendation_id>/",
        responses.iso_recommendation_edit,
        name="iso_recommendation_edit",
    ),
    path(
        "reports/<uuid:report_id>/recommendations/<uuid:recommendation_id>/remove/",
        responses.iso_recommendation_remove,
        name="iso_recommendation_remove",
    ),
    path(
        "reports/<uuid:report_id>/responses/<uuid:response_id>/",
        responses.iso_response_answer,
        name="iso_response_answer",
    ),
    path(
        "reports/<uuid:report_id>/responses/<uuid:response_id>/judge/",
        responses.iso_response_judge,
        name="iso_response_judge",
    ),
    path("recommendations/", responses.recommendations_to_answer, name="recommendations_to_answer"),
]
