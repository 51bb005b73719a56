import importlib
import re

from django.apps import apps
from django.contrib.auth import get_user_model

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup

from accounts.models import PRIVACY_NOTICE_VERSION
from accounts.selectors import profile_for
from tests.factories import (
    IntroductionSessionPageFactory,
    MunicipalityFactory,
    ParticipantFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

lower_case_addresses = importlib.import_module("accounts.migrations.0003_addresses_in_lower_case").lower_case_addresses

SIGNUP = {
    "email": "liisa.laine@example.fi",
    "password1": "Pitka-salasana-2026",
    "password2": "Pitka-salasana-2026",
    "first_name": "Liisa",
    "last_name": "Laine",
}


def test_sign_up_needs_consent_to_the_privacy_notice(client, home_page):
    response = client.post("/fi/accounts/signup/", {**SIGNUP})

    assert response.status_code == 200
    assert not get_user_model().objects.filter(email=SIGNUP["email"]).exists()
    assert 'name="email" value="liisa.laine@example.fi"' in response.content.decode().replace("\n", " ") or (
        "liisa.laine@example.fi" in response.content.decode()
    )


def test_sign_up_records_consent_language_and_sends_a_verification_email(client, home_page, mailoutbox):
    response = client.post("/sv/accounts/signup/", {**SIGNUP, "privacy_consent": "on"})

    assert response.status_code == 302
    user = get_user_model().objects.get(email=SIGNUP["email"])
    profile = profile_for(user)
    assert (user.first_name, user.last_name) == ("Liisa", "Laine")
    assert profile.privacy_notice_version == PRIVACY_NOTICE_VERSION
    assert profile.privacy_consent_at is not None
    assert profile.preferred_language == "sv"
    assert not EmailAddress.objects.get(user=user).verified
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body)
    assert link, mailoutbox[0].body


def test_verifying_the_email_logs_the_person_in(client, home_page, mailoutbox):
    client.post("/fi/accounts/signup/", {**SIGNUP, "privacy_consent": "on"})
    path = re.search(r"https?://[^/]+(/\S+/accounts/confirm-email/\S+/)", mailoutbox[0].body).group(1)

    assert client.get(path).status_code == 200
    response = client.post(path)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified
    assert client.get("/fi/my/trainings/").status_code == 200


def test_unverified_person_cannot_log_in(client, home_page):
    UserFactory(username="uusi@example.fi", email="uusi@example.fi")
    EmailAddress.objects.create(user=get_user_model().objects.get(email="uusi@example.fi"), email="uusi@example.fi")

    response = client.post("/fi/accounts/login/", {"login": "uusi@example.fi", "password": "salasana-123"})

    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert client.get("/fi/my/trainings/").status_code == 302


def test_log_in_by_email(client, home_page):
    ParticipantFactory(username="anna@example.fi")

    response = client.post("/fi/accounts/login/", {"login": "anna@example.fi", "password": "salasana-123"})

    assert response.status_code == 302
    assert response["Location"] == "/fi/my/trainings/"


def test_a_refused_log_in_marks_both_fields_invalid_described_by_its_message(client, home_page):
    """Which of the two is wrong is not told, so neither is singled out: both are invalid, and
    both are described by the form's one error, which the page's error summary links to."""
    ParticipantFactory(username="anna@example.fi")

    response = client.post("/fi/accounts/login/", {"login": "anna@example.fi", "password": "väärä-salasana"})

    soup = BeautifulSoup(response.content, "html.parser")
    message = soup.select_one("#non-field-errors")
    assert message is not None
    for name in ("login", "password"):
        field = soup.select_one(f"input[name={name}]")
        assert field["aria-invalid"] == "true"
        assert "non-field-errors" in field["aria-describedby"].split()
        assert all(soup.select_one(f"[id='{id_}']") for id_ in field["aria-describedby"].split())
    assert not soup.select_one("input[name=remember]").has_attr("aria-invalid")
    (entry,) = soup.select(".error-summary li a")
    assert entry["href"] == "#id_login"
    assert entry.get_text(strip=True) == message.get_text(strip=True)


@pytest.mark.parametrize("login", ["pekka.perala@example.fi", "PEKKA.PERALA@EXAMPLE.FI"])
def test_an_account_made_with_capitals_in_its_address_logs_in_whatever_the_case(client, home_page, login):
    # As the Wagtail and Django admins' user forms save what was typed, with no allauth address.
    UserFactory(email="Pekka.Perala@Example.fi")

    response = client.post("/fi/accounts/login/", {"login": login, "password": "salasana-123"})

    # The password was right; as for anyone, the address is confirmed before the first log-in.
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]


def test_addresses_stored_with_capitals_before_are_put_in_lower_case():
    person = UserFactory()
    get_user_model().objects.filter(pk=person.pk).update(email="Pekka.Perala@Example.fi")

    lower_case_addresses(apps, None)

    person.refresh_from_db()
    assert person.email == "pekka.perala@example.fi"


def test_repeated_failed_log_ins_lock_the_account_for_a_while(client, home_page):
    ParticipantFactory(username="anna@example.fi")
    for _ in range(5):
        client.post("/fi/accounts/login/", {"login": "anna@example.fi", "password": "wrong"})

    # Counted in the cache (Redis in CI and production): even the right password waits now.
    response = client.post("/fi/accounts/login/", {"login": "anna@example.fi", "password": "salasana-123"})

    assert response.status_code == 200
    assert client.get("/fi/my/trainings/").status_code == 302


def test_a_flood_of_log_in_requests_gets_a_translated_429(client, home_page):
    statuses = [
        client.post("/sv/accounts/login/", {"login": f"x{n}@example.fi", "password": "wrong"}) for n in range(40)
    ]

    assert statuses[-1].status_code == 429
    assert 'lang="sv"' in statuses[-1].content.decode()


TOO_MANY = "Too many failed login attempts"


def test_behind_the_proxy_failed_log_ins_are_counted_per_forwarded_address(client, home_page, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # as production behind its one proxy

    def fail(forwarded_for, n):
        # Every request comes from the proxy's address; the proxy appends the client's.
        return client.post(
            "/en/accounts/login/",
            {"login": f"x{n}@example.fi", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    # Ten failed log-ins a minute per address, each for another account (five per account).
    first = [TOO_MANY in fail("198.51.100.1", n).content.decode() for n in range(10)]
    # What the client sent itself comes first, and is not believed.
    spoofed = fail("203.0.113.9, 198.51.100.1", 10)
    elsewhere = fail("198.51.100.2", 11)

    assert first == [False] * 10
    assert TOO_MANY in spoofed.content.decode()
    assert TOO_MANY not in elsewhere.content.decode()


def test_password_reset_sends_a_link(client, home_page, mailoutbox):
    ParticipantFactory(username="anna@example.fi")

    response = client.post("/fi/accounts/password/reset/", {"email": "anna@example.fi"})

    assert response.status_code == 302
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_profile_is_edited_and_bad_input_keeps_what_was_typed(client, home_page):
    person = ParticipantFactory(profile=False)
    client.force_login(person)
    municipality, sector = MunicipalityFactory(), SectorFactory()

    bad = client.post("/fi/my/profile/", {"first_name": "Liisa", "organisation": "Porin kaupunki"})
    assert bad.status_code == 400
    assert 'value="Porin kaupunki"' in bad.content.decode()

    good = client.post(
        "/fi/my/profile/",
        {
            "first_name": "Liisa",
            "last_name": "Laine",
            "organisation": "Porin kaupunki",
            "municipality": municipality.pk,
            "sector": sector.pk,
            "job_title": "Sosiaaliohjaaja",
            "preferred_language": "sv",
            "next": "https://evil.example.com/",
        },
    )
    assert good.status_code == 302
    assert good["Location"] == "/fi/my/profile/"
    profile = profile_for(person)
    assert profile.is_complete
    assert profile.preferred_language == "sv"


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("/fi/enrol/1/", "/fi/enrol/1/"),
        ("Aino Aalto", "/fi/my/profile/"),  # not an address: redirect() would try it as a URL name
        ("enrolment:my_trainings", "/fi/my/profile/"),
        ("//evil.example.com/", "/fi/my/profile/"),
        ("/\\evil.example.com/", "/fi/my/profile/"),
    ],
)
def test_after_saving_the_profile_only_an_address_on_the_site_is_followed(client, home_page, next_url, location):
    person = ParticipantFactory()
    client.force_login(person)
    profile = profile_for(person)
    data = {
        "first_name": "Liisa",
        "last_name": "Laine",
        "organisation": "Porin kaupunki",
        "municipality": profile.municipality_id,
        "sector": profile.sector_id,
        "job_title": "Sosiaaliohjaaja",
        "preferred_language": "fi",
        "next": next_url,
    }

    response = client.post("/fi/my/profile/", data)

    assert response.status_code == 302
    assert response["Location"] == location


def test_privacy_notice_is_public_in_every_language(client, home_page):
    for language in ("fi", "sv", "en"):
        response = client.get(f"/{language}/privacy/")
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()


def autocompletes(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    return {field["name"]: field.get("autocomplete", "") for field in soup.select("main form input, main form select")}


def test_sign_up_and_log_in_fields_say_what_they_ask_for(client, home_page):
    """WCAG 1.3.5: the browser can fill in, and assistive technology name, the person's own details."""
    signup = autocompletes(client.get("/fi/accounts/signup/").content.decode())
    login = autocompletes(client.get("/fi/accounts/login/").content.decode())

    assert signup["first_name"] == "given-name"
    assert signup["last_name"] == "family-name"
    assert signup["email"] == "email"
    assert signup["password1"] == signup["password2"] == "new-password"
    assert (login["login"], login["password"]) == ("email", "current-password")


def test_profile_fields_say_what_they_ask_for_on_the_profile_and_at_enrolment(client, catalogue):
    person = ParticipantFactory(profile=False)
    client.force_login(person)
    course = IntroductionSessionPageFactory(parent=catalogue)
    expected = {
        "first_name": "given-name",
        "last_name": "family-name",
        "organisation": "organization",
        "job_title": "organization-title",
    }

    profile = autocompletes(client.get("/fi/my/profile/").content.decode())
    enrol = autocompletes(client.get(f"/fi/enrol/{course.pk}/").content.decode())

    assert {name: profile[name] for name in expected} == expected
    assert {name: enrol[f"profile-{name}"] for name in expected} == expected
