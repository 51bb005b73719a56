"""Error pages answer whatever the request held: a form in a character set Django refuses is the
site's own 400 page in the reader's language, and no error page reads the database (it is also
the page for requests refused before any view, and for a database that is away)."""

from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

import pytest

from lms.views import server_error

pytestmark = pytest.mark.django_db

BRAND = {"fi": "Systeeminen työ ja MindMe – koulutukset", "sv": "Systemiskt arbete och MindMe – utbildningar"}
REFUSED = {"fi": "Pyyntöä ei voitu käsitellä", "sv": "Begäran kunde inte behandlas"}


def post_in(client, path, charset):
    # A browser (or a probe) that says its form is not UTF-8; any CSRF cookie makes Django read it.
    client.cookies["csrftoken"] = "a" * 32
    return client.generic(
        "POST",
        path,
        "login=ainö&password=x".encode(charset),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("charset", ["latin-1", "utf-16"])
def test_a_form_in_another_character_set_is_the_sites_400_page(home_page, language, charset):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)

    with CaptureQueriesContext(connection) as captured:
        response = post_in(client, f"/{language}/accounts/login/", charset)

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert BRAND[language] in html  # the site's header
    assert f"<h1>{REFUSED[language]}</h1>" in html
    assert "css/site.css" in html
    assert captured.captured_queries == []


def test_the_500_page_does_not_read_a_form_it_cannot_read():
    request = RequestFactory().generic(
        "POST", "/fi/accounts/login/", b"a=%E4", content_type="application/x-www-form-urlencoded; charset=latin-1"
    )
    request.COOKIES["csrftoken"] = "a" * 32

    response = server_error(request)

    assert response.status_code == 500
    assert "Jotain meni vikaan" in response.content.decode()


def test_a_host_the_site_does_not_serve_is_the_400_page_without_reading_the_database(home_page, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client(raise_request_exception=False)

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/sv/koulutukset/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert f"<h1>{REFUSED['sv']}</h1>" in response.content.decode()
    assert captured.captured_queries == []
