from django.urls import path

from . import views

# Mounted at p/<slug>/priorities/; adding, changing, ending and removing a priority are the partnerships app's
# pages under the same prefix.
urlpatterns = [
    path("", views.priority_list, name="priority_list"),
    path("<uuid:priority_id>/", views.priority_detail, name="priority_detail"),
]
