from django.urls import path

from . import views

app_name = "attendance"

urlpatterns = [
    path("trainer/", views.dashboard_view, name="dashboard"),
    path("trainer/sessions/<int:session_id>/", views.roster_view, name="roster"),
    path("trainer/sessions/<int:session_id>/check-in-code/", views.check_in_code_view, name="check_in_code"),
    path("trainer/sessions/<int:session_id>/walk-in/", views.walk_in_view, name="walk_in"),
    path("check-in/", views.confirm_check_in_view, name="confirm_check_in"),
    path("check-in/<str:token>/", views.check_in_view, name="check_in"),
]
