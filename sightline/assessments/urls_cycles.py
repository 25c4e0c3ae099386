from django.urls import path

from .views import cycles
from .views.chasing import cycle_chase_all, submission_chase

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
]
