"""The coordinators' mentoring pages, mounted under the Wagtail admin (see wagtail_hooks.py)."""

from django.urls import path

from . import admin_views

app_name = "mentoring_admin"

urlpatterns = [
    path("", admin_views.AgreementListView.as_view(), name="index"),
    path("add/", admin_views.AgreementFormView.as_view(), name="add"),
    path("<int:agreement_id>/", admin_views.AgreementView.as_view(), name="agreement"),
    path("<int:agreement_id>/edit/", admin_views.AgreementFormView.as_view(), name="edit"),
    path("<int:agreement_id>/mentees/add/", admin_views.AddMenteeView.as_view(), name="add_mentee"),
    path("<int:agreement_id>/mentees/<int:mentee_id>/remove/", admin_views.remove_mentee_view, name="remove_mentee"),
]
