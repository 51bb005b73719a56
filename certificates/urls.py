from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_form_view, name="verify_form"),
    path("verify/<str:code>/", views.verify_view, name="verify"),
    path("my/certificates/<str:code>.pdf", views.download_view, name="download"),
]
