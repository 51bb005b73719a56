from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("my/data/", views.my_data_view, name="my_data"),
    path("my/data/download/", views.download_view, name="download"),
    path("my/data/erase/", views.erase_view, name="erase"),
    path("account-erased/", views.erased_view, name="erased"),
]
