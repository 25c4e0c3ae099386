from django.urls import path

from . import views

R = "<uuid:report_id>/"

urlpatterns = [
    path("", views.yearly_report_list, name="yearly_report_list"),
    path("new/", views.yearly_report_start, name="yearly_report_start"),
    path("sections/", views.yearly_report_sections, name="yearly_report_sections"),
    path(R, views.yearly_report_detail, name="yearly_report_detail"),
    path(R + "sections/<uuid:section_id>/", views.yearly_report_section, name="yearly_report_section"),
    path(
        R + "sections/<uuid:section_id>/comment/", views.yearly_report_comment, name="yearly_report_comment"
    ),
    path(R + "scrutiny/send/", views.yearly_report_send_for_scrutiny, name="yearly_report_send_for_scrutiny"),
    path(R + "scrutiny/", views.yearly_report_scrutiny, name="yearly_report_scrutiny"),
    path(R + "sign-off/send/", views.yearly_report_send_for_sign_off, name="yearly_report_send_for_sign_off"),
    path(R + "sign-off/", views.yearly_report_sign_off, name="yearly_report_sign_off"),
    path(R + "publish/", views.yearly_report_publish, name="yearly_report_publish"),
    path(R + "sent/", views.yearly_report_dispatch, name="yearly_report_dispatch"),
    path(R + "revise/", views.yearly_report_revise, name="yearly_report_revise"),
    path(R + "figures/<slug:key>/", views.yearly_report_figure, name="yearly_report_figure"),
    path(R + "report.<str:fmt>", views.yearly_report_download, name="yearly_report_download"),
]
