from django.urls import path

from .views import library as views

urlpatterns = [
    path("", views.template_list, name="template_list"),
    path("<uuid:template_id>/", views.template_detail, name="template_detail"),
]
