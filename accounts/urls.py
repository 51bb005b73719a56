from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("my/profile/", views.profile_view, name="profile"),
    path("privacy/", views.privacy_view, name="privacy"),
]
