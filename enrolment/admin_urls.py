"""The coordinators' enrolment pages, mounted under the Wagtail admin (see wagtail_hooks.py)."""

from django.urls import path

from . import admin_views

app_name = "enrolment_admin"

urlpatterns = [
    path("", admin_views.OfferingListView.as_view(), name="index"),
    path("<int:offering_id>/", admin_views.CourseView.as_view(), name="course"),
    path("<int:offering_id>/add/", admin_views.AddPersonView.as_view(), name="add"),
    path("<int:offering_id>/attendance/", admin_views.AttendanceView.as_view(), name="attendance"),
    path("<int:offering_id>/export.csv", admin_views.export_view, {"file_format": "csv"}, name="export_csv"),
    path("<int:offering_id>/export.xlsx", admin_views.export_view, {"file_format": "xlsx"}, name="export_xlsx"),
    path("<int:offering_id>/<int:enrolment_id>/approve/", admin_views.approve_view, name="approve"),
    path("<int:offering_id>/<int:enrolment_id>/move/", admin_views.move_view, name="move"),
    path("<int:offering_id>/<int:enrolment_id>/cancel/", admin_views.cancel_view, name="cancel"),
    path("<int:offering_id>/<int:enrolment_id>/completion/", admin_views.CompletionView.as_view(), name="completion"),
]
