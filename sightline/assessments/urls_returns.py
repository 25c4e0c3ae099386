from django.urls import path

from .views import evidence, returns

urlpatterns = [
    path("", returns.return_overview, name="return_overview"),
    path("standards/<int:standard_id>/", returns.return_standard, name="return_standard"),
    path("standards/<int:standard_id>/actions/", returns.return_action_add, name="return_action_add"),
    path("actions/<uuid:action_id>/remove/", returns.return_action_remove, name="return_action_remove"),
    path(
        "challenges/<uuid:challenge_id>/respond/",
        returns.return_challenge_respond,
        name="return_challenge_respond",
    ),
    path("share/", returns.return_assign, name="return_assign"),
    path("ready/", returns.return_ready, name="return_ready"),
    path("sign-off/", returns.return_sign_off, name="return_sign_off"),
    path("submit/", returns.return_submit, name="return_submit"),
    path("challenge/", returns.return_challenge, name="return_challenge"),
    path("accept/", returns.return_accept, name="return_accept"),
    path("evidence/", evidence.return_evidence_add, name="return_evidence_add"),
    path("evidence/<uuid:evidence_id>/", evidence.return_evidence_download, name="return_evidence_download"),
    path(
        "evidence/<uuid:evidence_id>/remove/", evidence.return_evidence_remove, name="return_evidence_remove"
    ),
]
