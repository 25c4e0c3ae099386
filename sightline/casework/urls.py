from django.urls import path

from .views import activities, audits, preparation

urlpatterns = [
    path("", activities.casework_index, name="casework_index"),
    path("activities/<uuid:activity_id>/", activities.activity_casework, name="activity_casework"),
    path("activities/<uuid:activity_id>/cases/new/", activities.case_create, name="case_create"),
    path("activities/<uuid:activity_id>/cases/<uuid:case_id>/", activities.case_edit, name="case_edit"),
    path(
        "activities/<uuid:activity_id>/cases/<uuid:case_id>/remove/",
        activities.case_remove,
        name="case_remove",
    ),
    path("activities/<uuid:activity_id>/panel/add/", activities.panel_add, name="panel_add"),
    path(
        "activities/<uuid:activity_id>/panel/<uuid:member_id>/remove/",
        activities.panel_remove,
        name="panel_remove",
    ),
    path("activities/<uuid:activity_id>/request/", activities.audits_request, name="audits_request"),
    path(
        "activities/<uuid:activity_id>/preparation/", preparation.panel_preparation, name="panel_preparation"
    ),
    path(
        "activities/<uuid:activity_id>/preparation/<uuid:note_id>/remove/",
        preparation.panel_note_remove,
        name="panel_note_remove",
    ),
    path(
        "activities/<uuid:activity_id>/pack/download.docx",
        preparation.panel_pack_download,
        name="panel_pack_download",
    ),
    path(
        "activities/<uuid:activity_id>/pack/download.pdf",
        preparation.panel_pack_pdf,
        name="panel_pack_pdf",
    ),
    path("our-audits/", audits.our_case_audits, name="our_case_audits"),
    path("audits/<uuid:audit_id>/", audits.case_audit_detail, name="case_audit_detail"),
    path(
        "audits/<uuid:audit_id>/standards/<int:standard_id>/",
        audits.case_audit_standard,
        name="case_audit_standard",
    ),
    path("audits/<uuid:audit_id>/submit/", audits.case_audit_submit, name="case_audit_submit"),
]
