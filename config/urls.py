from django.urls import include, path

from sightline.accounts import views as account_views
from sightline.core import views as core_views
from sightline.notifications import views as notice_views

urlpatterns = [
    path("", core_views.landing, name="landing"),
    path("home/", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("session/extend/", core_views.session_extend, name="session_extend"),
    path("accounts/security/", account_views.account_security, name="account_security"),
    path("accounts/second-factor-required/", account_views.mfa_required, name="mfa_required"),
    path("accounts/email/", account_views.email_managed, name="account_email_managed"),
    path("accounts/", include("allauth.urls")),
    path("invitations/<str:token>/", account_views.invitation_accept, name="invitation_accept"),
    path("notices/", notice_views.notice_list, name="notice_list"),
    path("notices/<uuid:notice_id>/read/", notice_views.notice_read, name="notice_read"),
    path("library/", include("sightline.assessments.urls")),
    path("p/<slug:slug>/", include("sightline.partnerships.urls")),
    path("p/<slug:slug>/audit/", include("sightline.audit.urls")),
    path("p/<slug:slug>/self-assessments/", include("sightline.assessments.urls_cycles")),
    path(
        "p/<slug:slug>/self-assessments/<uuid:cycle_id>/composite/",
        include("sightline.assessments.urls_composite"),
    ),
    path("p/<slug:slug>/returns/<uuid:submission_id>/", include("sightline.assessments.urls_returns")),
    path("p/<slug:slug>/improvement/", include("sightline.improvement.urls")),
    path("p/<slug:slug>/meetings/", include("sightline.governance.urls")),
    path("p/<slug:slug>/yearly-reports/", include("sightline.governance.yearly.urls")),
    path("p/<slug:slug>/priorities/", include("sightline.governance.priorities.urls")),
    path("p/<slug:slug>/presentations/", include("sightline.governance.presentations.urls")),
    path("p/<slug:slug>/assurance/", include("sightline.assurance.urls")),
    path("calendar/", include("sightline.assurance.urls_calendar")),
    path("p/<slug:slug>/scrutiny/", include("sightline.scrutiny.urls")),
    path("p/<slug:slug>/disputes/", include("sightline.scrutiny.disputes.urls")),
    path("my-days/", include("sightline.scrutiny.urls_mine")),
    path("p/<slug:slug>/casework/", include("sightline.casework.urls")),
]

handler404 = "sightline.core.errors_views.not_found"
handler403 = "sightline.core.errors_views.forbidden"
handler500 = "sightline.core.errors_views.server_error"
