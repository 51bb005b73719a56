"""The coordinators' personal-data pages, mounted under the Wagtail admin (see wagtail_hooks.py)."""

from django.urls import path

from . import admin_views

app_name = "privacy_admin"

urlpatterns = [
    path("", admin_views.PersonSearchView.as_view(), name="search"),
    path("<int:user_id>/", admin_views.PersonView.as_view(), name="person"),
    path("<int:user_id>/data.zip", admin_views.download_view, name="download"),
    path("<int:user_id>/erase/", admin_views.EraseView.as_view(), name="erase"),
]
