"""The coordinators' certificate pages, mounted under the Wagtail admin (see wagtail_hooks.py)."""

from django.urls import path

from . import admin_views

app_name = "certificates_admin"

urlpatterns = [
    path("<int:offering_id>/", admin_views.CourseCertificatesView.as_view(), name="course"),
    path("<int:offering_id>/issue/", admin_views.issue_view, name="issue"),
    path("<int:offering_id>/<int:certificate_id>/pdf/", admin_views.download_view, name="download"),
    path("<int:offering_id>/<int:certificate_id>/revoke/", admin_views.revoke_view, name="revoke"),
    path("<int:offering_id>/<int:certificate_id>/reissue/", admin_views.reissue_view, name="reissue"),
    path("batches/<int:batch_id>/", admin_views.BatchView.as_view(), name="batch"),
    path("batches/<int:batch_id>/retry/", admin_views.retry_view, name="retry"),
    path("groups/<int:group_id>/", admin_views.GroupAttestationsView.as_view(), name="group"),
    path("groups/<int:group_id>/issue/", admin_views.group_issue_view, name="group_issue"),
    path("groups/<int:group_id>/<int:certificate_id>/pdf/", admin_views.group_download_view, name="group_download"),
    path("groups/<int:group_id>/<int:certificate_id>/revoke/", admin_views.group_revoke_view, name="group_revoke"),
    path("groups/<int:group_id>/<int:certificate_id>/reissue/", admin_views.group_reissue_view, name="group_reissue"),
    path("mentoring/<int:agreement_id>/", admin_views.MentoringAttestationsView.as_view(), name="mentoring"),
    path("mentoring/<int:agreement_id>/issue/", admin_views.mentoring_issue_view, name="mentoring_issue"),
    path(
        "mentoring/<int:agreement_id>/<int:certificate_id>/pdf/",
        admin_views.mentoring_download_view,
        name="mentoring_download",
    ),
    path(
        "mentoring/<int:agreement_id>/<int:certificate_id>/revoke/",
        admin_views.mentoring_revoke_view,
        name="mentoring_revoke",
    ),
    path(
        "mentoring/<int:agreement_id>/<int:certificate_id>/reissue/",
        admin_views.mentoring_reissue_view,
        name="mentoring_reissue",
    ),
]
