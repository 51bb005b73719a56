"""Make Wagtail's default Site agree with WAGTAILADMIN_BASE_URL, the public address, and name it
after the portal (PORTAL_NAME).

Emails, calendars and certificates take their links from the setting (lms/links.py); Wagtail's own
page links (a page's full URL, the admin's "view live") take them from the Site record, which a
fresh database creates as localhost:80, and the admin names the site by the record. Run once after
the first migrate, and again whenever the address changes; running it twice changes nothing."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

from lms.portal import site_record_name


class Command(BaseCommand):
    help = "Set the default Wagtail site's host name and port from WAGTAILADMIN_BASE_URL, its name from PORTAL_NAME."

    def handle(self, *args, **options):
        address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        if address.scheme not in {"http", "https"} or not address.hostname:
            raise CommandError(f"WAGTAILADMIN_BASE_URL is not an http(s) address: {settings.WAGTAILADMIN_BASE_URL!r}")
        port = address.port or (443 if address.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site: run migrate (and load_demo or create the home page) first.")
        name = site_record_name()
        if (site.hostname, site.port, site.site_name) == (address.hostname, port, name):
            self.stdout.write(f"The default site is already {address.hostname}:{port}, {name}.")
            return
        site.hostname, site.port, site.site_name = address.hostname, port, name
        site.save(update_fields=["hostname", "port", "site_name"])
        self.stdout.write(self.style.SUCCESS(f"The default site is now {address.hostname}:{port}, {name}."))
