from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("my/mentoring/", views.my_mentoring_view, name="my_mentoring"),
    path("my/mentoring/<int:agreement_id>/", views.agreement_view, name="agreement"),
    path("my/mentoring/<int:agreement_id>/plan/", views.plan_session_view, name="plan_session"),
    path("my/mentoring/<int:agreement_id>/log/", views.log_session_view, name="log_session"),
    path("my/mentoring/sessions/<int:session_id>/", views.edit_session_view, name="edit_session"),
    path("my/mentoring/sessions/<int:session_id>/log/", views.log_planned_session_view, name="log_planned_session"),
    path("my/mentoring/sessions/<int:session_id>/cancel/", views.cancel_session_view, name="cancel_session"),
]
