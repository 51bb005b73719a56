from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from enrolment import views as enrolment_views
from lms import views as lms_views

# One log-in for everyone: allauth's, with its rate limits and the second factor. The admins' own
# log-in pages and Wagtail's front-end one (Django's plain LoginView) send people there, keeping
# where they were going (`next`).
to_login = RedirectView.as_view(pattern_name="account_login", query_string=True)
# Passwords are reset on allauth's page too, which limits the emails it sends (the Wagtail admin's
# own reset is off: WAGTAIL_PASSWORD_RESET_ENABLED).
to_password_reset = RedirectView.as_view(pattern_name="account_reset_password")

urlpatterns = [
    path("admin/login/", to_login),
    path("django-admin/login/", to_login),
    path("admin/password_reset/", to_password_reset),
    # Wagtail's shared-password forms for private pages and documents are switched off (settings:
    # a password anyone may guess without a limit); their addresses are not found, before Wagtail's.
    path("documents/authenticate_with_password/<int:restriction_id>/", lms_views.not_found),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("calendar/<str:token>.ics", enrolment_views.feed_view, name="calendar_feed"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page lives under its language prefix: /fi/…, /sv/…, /en/….
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("home.urls")),
    path("", include("enrolment.urls")),
    path("", include("attendance.urls")),
    path("", include("certificates.urls")),
    path("", include("developer_groups.urls")),
    path("", include("mentoring.urls")),
    path("", include("privacy.urls")),
    path("_util/login/", to_login, name="wagtailcore_login"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        lms_views.not_found,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
)
handler400 = "lms.views.bad_request"
handler500 = "lms.views.server_error"
