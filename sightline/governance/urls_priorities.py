from django.urls import path

from . import views_priorities

# Mounted at p/<slug>/priorities/; adding, changing, ending and removing a priority are the partnerships app's
# pages under the same prefix.
urlpatterns = [
    path("", views_priorities.priority_list, name="priority_list"),
    path("<uuid:priority_id>/", views_priorities.priority_detail, name="priority_detail"),
]
