"""The audit log, mounted under the Wagtail admin (see wagtail_hooks.py)."""

from django.urls import path

from . import admin_views

app_name = "audit_admin"

urlpatterns = [path("", admin_views.AuditLogView.as_view(), name="index")]
