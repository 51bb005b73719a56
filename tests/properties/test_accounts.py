"""Sign-up, log-in, password reset and the profile take any input: a refusal re-shows the form (or
the rate limit answers) and writes nothing; an accepted sign-up makes one account, whole."""

from django.contrib.auth import get_user_model
from django.core import mail

import hypothesis
import pytest
from allauth.account.models import EmailAddress
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import Profile
from tests.factories import MunicipalityFactory, ParticipantFactory, SectorFactory

from .conftest import example, rows
from .strategies import booleans, emails, form, languages, near, numbers, texts

pytestmark = pytest.mark.django_db

User = get_user_model()
passwords = texts | st.sampled_from(["Pitka-salasana-2026", "salasana-123", "12345678"])


@pytest.fixture
def aino(home_page):
    return ParticipantFactory(username="aino@example.fi")


@settings(max_examples=50)
@given(
    language=languages,
    data=near(
        {
            "email": "liisa.laine@example.fi",
            "first_name": "Liisa",
            "last_name": "Laine",
            "password1": "Pitka-salasana-2026",
            "password2": "Pitka-salasana-2026",
            "privacy_consent": "on",
        },
        email=emails | texts,
        password1=passwords,
        password2=passwords,
        privacy_consent=booleans,
    ),
)
def test_sign_up_takes_any_input_and_makes_an_account_whole_or_not_at_all(home_page, language, data):
    with example() as client:
        before = rows(User, EmailAddress, Profile)

        response = client.post(f"/{language}/accounts/signup/", data)

        assert response.status_code in (200, 302, 429)
        after = rows(User, EmailAddress, Profile)
        if response.status_code == 302:
            assert after == {label: count + 1 for label, count in before.items()}
        else:
            assert after == before
            assert mail.outbox == []


def sent(data: dict, name: str):
    """The value of a field as the server reads it: of several sent, the last (Django's QueryDict)."""
    value = data.get(name)
    if isinstance(value, list):
        return value[-1] if value else None
    return value


@settings(max_examples=50)
@given(
    language=languages,
    data=form(login=emails | texts | st.just("aino@example.fi"), password=passwords, remember=booleans),
)
# Found with fresh seeds: an address in capitals is the same address.
@hypothesis.example(language="fi", data={"login": "AINO@EXAMPLE.FI", "password": "salasana-123"})
def test_log_in_takes_any_input_and_lets_in_only_the_password(aino, language, data):
    with example() as client:
        before = rows(User, EmailAddress)

        response = client.post(f"/{language}/accounts/login/", data)

        assert response.status_code in (200, 302, 429)
        logged_in = "_auth_user_id" in client.session
        # Addresses are case-insensitive: allauth keeps them in lower case and reads what is typed so.
        login, password = sent(data, "login"), sent(data, "password")
        assert logged_in == (
            login is not None and login.strip().lower() == "aino@example.fi" and password == "salasana-123"
        )
        assert rows(User, EmailAddress) == before


@settings(max_examples=40)
@given(language=languages, data=form(email=emails | texts))
def test_password_reset_takes_any_address_and_writes_nothing(aino, language, data):
    with example() as client:
        before = rows(User, EmailAddress)

        response = client.post(f"/{language}/accounts/password/reset/", data)

        assert response.status_code in (200, 302, 429)
        if response.status_code != 302:
            assert mail.outbox == []
        assert len(mail.outbox) <= 1
        assert rows(User, EmailAddress) == before


@pytest.fixture
def places():
    return {"municipality": MunicipalityFactory(), "sector": SectorFactory()}


def _profile_values(user):
    user.refresh_from_db()
    profile = Profile.objects.get(user=user)
    return (
        user.first_name,
        user.last_name,
        profile.organisation,
        profile.municipality_id,
        profile.sector_id,
        profile.job_title,
        profile.preferred_language,
    )


@settings(max_examples=50)
@given(
    language=languages,
    data=near(
        {
            "first_name": "Aino",
            "last_name": "Aalto",
            "organisation": "Porin kaupunki",
            "job_title": "Sosiaalityöntekijä",
            "preferred_language": "sv",
            "next": "/fi/my/trainings/",
        },
        preferred_language=languages | texts,
        next=texts | st.sampled_from(["https://evil.example/", "//evil.example/", "/\\evil.example/"]),
    ),
    municipality=st.none() | numbers | texts,
    sector=st.none() | numbers | texts,
)
def test_the_profile_takes_any_input_and_saves_all_of_it_or_none(aino, places, language, data, municipality, sector):
    # The reference lists' own choices unless the example gives another value.
    data = {
        **data,
        "municipality": str(places["municipality"].pk) if municipality is None else municipality,
        "sector": str(places["sector"].pk) if sector is None else sector,
    }
    with example(aino) as client:
        before = _profile_values(aino)

        response = client.post(f"/{language}/my/profile/", data)

        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert _profile_values(aino) == before
        else:
            # Saved, and sent on only within the site.
            assert response["Location"].startswith("/")
            assert not response["Location"].startswith(("//", "/\\"))
