from django.urls import include, path

from wagtail import hooks


@hooks.register("register_admin_urls")
def register_certificates_admin_urls():
    return [path("certificates/", include("certificates.admin_urls"))]
