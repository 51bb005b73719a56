"""The portal's name where one string has to serve every language."""

from django.conf import settings
from django.utils import translation


def site_record_name() -> str:
    """PORTAL_NAME in the site's default language, for Wagtail's Site record: the record keeps one
    name, which the admin shows where it does not read PORTAL_NAME itself."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(settings.PORTAL_NAME)
