from django.urls import path

from .views import composite

urlpatterns = [
    path("", composite.composite_page, name="cycle_composite"),
    path("exports/", composite.composite_export, name="composite_export"),
    path("exports/<uuid:job_id>/", composite.composite_job, name="composite_job"),
    path("exports/<uuid:job_id>/download/", composite.composite_download, name="composite_download"),
]
