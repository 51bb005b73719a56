"""Who an email address names. Anyone can add any address to their own account (allauth's Email
addresses page), where it stays unverified until its inbox confirms it: such a claim names nobody.
An address names the account it is verified on, else the placeholder a coordinator made for it,
which its owner takes over by proving the inbox."""

import re

from django.contrib.auth import get_user_model

import pytest
from allauth.account.models import EmailAddress

from accounts.services import get_or_create_person, person_with_email
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, UserFactory, claimant_of

pytestmark = pytest.mark.django_db

User = get_user_model()
AINO = "aino.aalto@example.fi"
SIGNUP = {
    "email": AINO,
    "first_name": "Aino",
    "last_name": "Aalto",
    "password1": "Oma-salasana-2026",
    "password2": "Oma-salasana-2026",
    "privacy_consent": "on",
}


def links(mailoutbox, kind: str) -> list[str]:
    """The site's paths of a kind (confirm-email, password/reset/key) in the emails sent."""
    return [
        path
        for message in mailoutbox
        for path in re.findall(rf"https?://[^/\s]+(/\S+/accounts/{kind}/\S+)", message.body)
    ]


def test_an_address_names_the_account_it_is_verified_on_never_one_that_only_claims_it(home_page):
    claimant = claimant_of(AINO)
    # A sign-up never confirmed: its password opens nothing until the inbox confirms the address.
    unconfirmed = UserFactory(email=AINO)
    EmailAddress.objects.create(user=unconfirmed, email=AINO, primary=True, verified=False)

    assert person_with_email(AINO) is None
    placeholder = get_or_create_person(email="Aino.Aalto@Example.fi", first_name="Aino", last_name="Aalto")
    assert placeholder not in (claimant, unconfirmed)
    assert not placeholder.has_usable_password()
    assert person_with_email(AINO.upper()) == placeholder
    assert get_or_create_person(email=AINO, first_name="", last_name="") == placeholder

    owner = UserFactory(email="aino.koti@example.fi")
    EmailAddress.objects.create(user=owner, email=AINO, verified=True)
    assert person_with_email(AINO) == owner


def test_a_claim_on_an_address_does_not_stop_its_owner_signing_up(client, home_page, mailoutbox):
    claimant = claimant_of(AINO)

    response = client.post("/fi/accounts/signup/", SIGNUP)

    assert response.status_code == 302
    account = User.objects.exclude(pk=claimant.pk).get(email=AINO)
    assert account.get_full_name() == "Aino Aalto"
    assert [message.to for message in mailoutbox] == [[AINO]]
    assert links(mailoutbox, "confirm-email")


def test_the_owner_takes_a_placeholder_over_through_forgot_password_and_a_stranger_gets_no_link(
    client, catalogue, mailoutbox
):
    claimant = claimant_of(AINO)
    placeholder = get_or_create_person(email=AINO, first_name="Aino", last_name="Aalto")
    offering = IntroductionSessionPageFactory(parent=catalogue, title="Johdatus systeemisyyteen")
    EnrolmentFactory(offering=offering, user=placeholder)

    # Signing up finds the account made for the address, and says so by email, not on the page.
    client.post("/fi/accounts/signup/", SIGNUP)
    assert User.objects.get(email=AINO) == placeholder
    assert not links(mailoutbox, "confirm-email")
    mailoutbox.clear()
    # Forgot password: one link, for the placeholder; none for the account that only claims it.
    client.post("/fi/accounts/password/reset/", {"email": AINO.upper()})
    (reset,) = links(mailoutbox, "password/reset/key")
    client.post(client.get(reset)["Location"], {"password1": "Oma-salasana-2026", "password2": "Oma-salasana-2026"})
    # The link reached the inbox: the address counts as confirmed, and the person logs in at once.
    response = client.post("/fi/accounts/login/", {"login": AINO, "password": "Oma-salasana-2026"})

    assert response["Location"] == "/fi/my/trainings/"
    assert "Johdatus systeemisyyteen" in client.get("/fi/my/trainings/").content.decode()
    assert EmailAddress.objects.get(user=placeholder, email=AINO).verified
    claimant.refresh_from_db()
    assert claimant.check_password("salasana-123")


def test_confirming_the_address_on_an_account_of_ones_own_takes_the_placeholder_over(client, catalogue, mailoutbox):
    offering = IntroductionSessionPageFactory(parent=catalogue, title="Johdatus systeemisyyteen")
    placeholder = get_or_create_person(email=AINO, first_name="Aino", last_name="Aalto")
    EnrolmentFactory(offering=offering, user=placeholder)
    own = UserFactory(email="aino.koti@example.fi", verified=True)
    client.force_login(own)

    client.post("/fi/accounts/email/", {"action_add": "", "email": AINO})
    (confirm,) = links(mailoutbox, "confirm-email")
    client.post(confirm)

    assert offering.enrolments.get().user == own
    assert "Johdatus systeemisyyteen" in client.get("/fi/my/trainings/").content.decode()
    assert person_with_email(AINO) == own
    placeholder.refresh_from_db()
    assert (placeholder.is_active, placeholder.email) == (False, "")
    assert not EmailAddress.objects.filter(user=placeholder).exists()
