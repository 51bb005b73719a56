"""The coordinators' reports, mounted under the Wagtail admin (see wagtail_hooks.py)."""

from django.urls import path

from . import admin_views

app_name = "reports_admin"

urlpatterns = [
    path("", admin_views.ReportView.as_view(), name="index"),
    path("export.csv", admin_views.ExportView.as_view(file_format="csv"), name="export_csv"),
    path("export.xlsx", admin_views.ExportView.as_view(file_format="xlsx"), name="export_xlsx"),
]
