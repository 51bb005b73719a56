"""Absolute addresses for what leaves the site: emails, calendar feeds, the certificate's QR code.

They are made from WAGTAILADMIN_BASE_URL, the one setting production requires to be the public
address, and never from the Wagtail Site record or the request: a worker has no request, and the
Site record of a fresh database says localhost:80, which would be printed on every certificate.
`manage.py configure_site` makes the Site record agree, for Wagtail's own page links."""

from django.conf import settings


def site_root() -> str:
    """The public address without a trailing slash, e.g. https://koulutus.example.fi."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(path: str) -> str:
    """The public address of a path on the site ("/fi/my/trainings/" → "https://…/fi/my/trainings/")."""
    return site_root() + path


def page_url(page) -> str:
    """The public address of a Wagtail page, in the language of the page's tree. The programme is
    one site: the path is taken as relative to the public address."""
    parts = page.get_url_parts()
    if parts is None or parts[2] is None:  # not routable: outside every site
        return ""
    return absolute(parts[2])
