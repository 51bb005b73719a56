"""Addresses that leave the site (emails, calendars, the certificate's QR) are made from
WAGTAILADMIN_BASE_URL, whatever the Wagtail Site record says; configure_site makes the record agree."""

from io import StringIO

from django.core.management import CommandError, call_command

from wagtail.models import Site

import pytest

from certificates.services import issue_certificate, verification_url
from enrolment.tasks import send_enrolment_email
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

PUBLIC = "https://koulutus.example.fi"


@pytest.fixture
def public_address(settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC + "/"
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", 80  # as a fresh database has it
    site.save()
    return site


def test_the_certificate_prints_the_public_address_not_the_site_records(public_address, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue)
    enrolment = EnrolmentFactory(offering=offering, user=ParticipantFactory(), completed=True)

    certificate = issue_certificate(enrolment, issued_by=None)

    assert verification_url(certificate.code) == f"{PUBLIC}/verify/{certificate.display_code}/"
    assert "localhost" not in verification_url(certificate.code)


def test_enrolment_emails_link_to_the_public_address(public_address, catalogue, mailoutbox):
    offering = IntroductionSessionPageFactory(parent=catalogue, slug="johdatus")
    enrolment = EnrolmentFactory(offering=offering, user=ParticipantFactory())

    send_enrolment_email(enrolment.pk, "confirmed")

    body = mailoutbox[0].body
    assert f"{PUBLIC}/fi/" in body
    assert "johdatus" in body
    assert "localhost" not in body


def test_configure_site_takes_host_and_port_from_the_setting_and_twice_changes_nothing(public_address):
    out = StringIO()
    call_command("configure_site", stdout=out)
    call_command("configure_site", stdout=out)

    public_address.refresh_from_db()
    assert (public_address.hostname, public_address.port) == ("koulutus.example.fi", 443)
    assert public_address.root_url == PUBLIC
    assert "already koulutus.example.fi:443" in out.getvalue()


def test_configure_site_keeps_a_port_given_in_the_address(public_address, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"

    call_command("configure_site", stdout=StringIO())

    public_address.refresh_from_db()
    assert (public_address.hostname, public_address.port) == ("127.0.0.1", 8000)


def test_configure_site_refuses_an_address_that_is_not_one(public_address, settings):
    settings.WAGTAILADMIN_BASE_URL = "koulutus.example.fi"

    with pytest.raises(CommandError, match="not an http"):
        call_command("configure_site", stdout=StringIO())

    public_address.refresh_from_db()
    assert public_address.hostname == "localhost"
