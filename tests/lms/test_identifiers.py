"""Values from an address or a form that cannot be identifiers never reach the database: tokens
are checked for their shape first, a NUL byte in an address is refused before any view (PostgreSQL
answers a NUL in a query with an error, which was a 500), and a session cookie that cannot be a
session key starts a new session. Run on SQLite and PostgreSQL."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from accounts.selectors import profile_for
from lms.identifiers import is_token, new_token, primary_keys
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

NOT_TOKENS = ["", "x", "a" * 42, "a" * 44, "a" * 42 + "!", "ä" * 43, "a" * 42 + "\x00", "%2e%2e" * 8, "x" * 5000]


def test_tokens_are_recognised_by_their_shape():
    assert is_token(new_token())
    assert not any(is_token(text) for text in NOT_TOKENS)


def test_primary_keys_are_ascii_digits_within_64_bits():
    assert primary_keys(["1", "42", "²", "٣", "1a", "", "-1", "9" * 19, "9" * 18, "1\x00"]) == [1, 42, int("9" * 18)]


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


def queries_of(client, path, table):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, [query["sql"] for query in captured.captured_queries if table in query["sql"]]


@pytest.mark.parametrize("token", [text for text in NOT_TOKENS if text and "\x00" not in text])
def test_a_calendar_address_that_cannot_be_a_feed_is_not_looked_up(anonymous, home_page, token):
    response, lookups = queries_of(anonymous, f"/calendar/{token}.ics", "accounts_profile")

    assert response.status_code == 404
    assert lookups == []


@pytest.mark.parametrize("token", [text for text in NOT_TOKENS if text and "\x00" not in text])
def test_an_invitation_link_that_cannot_be_one_is_not_looked_up(anonymous, home_page, token):
    response, lookups = queries_of(anonymous, f"/fi/groups/invitations/{token}/", "developer_groups_invitation")

    assert response.status_code == 404
    assert lookups == []


def test_a_real_feed_is_still_served(anonymous, home_page):
    token = profile_for(ParticipantFactory()).feed_token

    assert anonymous.get(f"/calendar/{token}.ics").status_code == 200


PUBLIC_WITH_NUL = [
    "/calendar/%00.ics",
    "/calendar/" + "a" * 42 + "%00.ics",
    "/fi/groups/invitations/%00/",
    "/fi/verify/%00/",
    "/fi/verify/?code=%00",
    "/fi/koulutukset/?q=%00",
    "/fi/koulutukset/?region=%00&month=%00",
    "/fi/?%00=1",
    "/fi/accounts/login/?next=/%00",
    "/fi/accounts/confirm-email/%00/",
    "/documents/%00/x.pdf",
]
# Wagtail's and django-q2's admin views that looked such values up (found on PostgreSQL).
ADMIN_WITH_NUL = [
    "/admin/snippets/choose/courses/region/chosen/%00/",
    "/admin/images/chooser/chosen/%00/",
    "/admin/documents/chooser/chosen/%00/",
    "/admin/workflows/tasks/add/%00/%00/",
    "/django-admin/django_q/success/%00/change/",
    "/admin/pages/search/?q=%00",
]


@pytest.mark.parametrize("path", PUBLIC_WITH_NUL)
def test_a_nul_byte_in_an_address_is_refused_before_any_view(anonymous, catalogue, path):
    response = anonymous.get(path)

    assert response.status_code == 400
    assert response.templates[0].name == "400.html"


@pytest.mark.parametrize("path", ADMIN_WITH_NUL)
def test_a_nul_byte_in_an_admin_address_is_refused_too(anonymous, home_page, path):
    anonymous.force_login(UserFactory(is_superuser=True, is_staff=True))

    assert anonymous.get(path).status_code == 400


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_refusal_is_in_the_readers_language(anonymous, home_page, language):
    response = anonymous.get(f"/{language}/verify/%00/")

    assert f'lang="{language}"' in response.content.decode()


@pytest.mark.parametrize("cookie", ['"abcdefgh\\000ijklmnop"', "x" * 41, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "ä" * 32])
def test_a_session_cookie_that_cannot_be_a_session_key_starts_a_new_session(anonymous, home_page, cookie):
    with CaptureQueriesContext(connection) as captured:
        response = anonymous.get("/fi/my/trainings/", HTTP_COOKIE=f"sessionid={cookie}")

    assert response.status_code == 302  # to log in, as with an unknown session
    assert not [query for query in captured.captured_queries if "django_session" in query["sql"]]
