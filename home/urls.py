from django.urls import path

from . import views

app_name = "home"

urlpatterns = [
    path("accessibility/", views.accessibility_view, name="accessibility"),
]
