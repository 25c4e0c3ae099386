from django.urls import path

from .views import cycles
from .views.chasing import cycle_chase_all, submission_chase
from .views.progress import (
    cycle_archive,
    cycle_issue_composite,
    cycle_open_progress_round,
    progress_report_docx,
    progress_report_page,
    progress_report_xlsx,
    progress_update,
)

urlpatterns = [
    path("", cycles.cycle_list, name="cycle_list"),
    path("new/", cycles.cycle_create, name="cycle_create"),
    path("<uuid:cycle_id>/", cycles.cycle_detail, name="cycle_detail"),
    path("<uuid:cycle_id>/open/", cycles.cycle_open, name="cycle_open"),
    path("<uuid:cycle_id>/close/", cycles.cycle_close, name="cycle_close"),
    path(
        "<uuid:cycle_id>/returns/<uuid:submission_id>/extend/",
        cycles.submission_extend,
        name="submission_extend",
    ),
    path("<uuid:cycle_id>/chase/", cycle_chase_all, name="cycle_chase_all"),
    path("<uuid:cycle_id>/returns/<uuid:submission_id>/chase/", submission_chase, name="submission_chase"),
    path("<uuid:cycle_id>/issue-composite/", cycle_issue_composite, name="cycle_issue_composite"),
    path("<uuid:cycle_id>/open-progress-round/", cycle_open_progress_round, name="cycle_open_progress_round"),
    path("<uuid:cycle_id>/archive/", cycle_archive, name="cycle_archive"),
    path("<uuid:cycle_id>/progress/", progress_report_page, name="progress_report"),
    path("<uuid:cycle_id>/progress/report.docx", progress_report_docx, name="progress_report_docx"),
    path("<uuid:cycle_id>/progress/report.xlsx", progress_report_xlsx, name="progress_report_xlsx"),
    path("<uuid:cycle_id>/progress/<uuid:submission_id>/", progress_update, name="progress_update"),
]
