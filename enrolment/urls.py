from django.urls import path

from . import views

app_name = "enrolment"

urlpatterns = [
    path("enrol/<int:offering_id>/", views.enrol_view, name="enrol"),
    path("my/trainings/", views.my_trainings_view, name="my_trainings"),
    path("my/enrolments/<int:pk>/", views.enrolment_view, name="enrolment"),
    path("my/enrolments/<int:pk>/cancel/", views.cancel_view, name="cancel"),
    path("my/calendar/reset/", views.reset_feed_view, name="reset_feed"),
]
