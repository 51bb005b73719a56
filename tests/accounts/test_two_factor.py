"""Two-factor authentication: coordinators must use an authenticator app, trainers may; every
log-in path goes through allauth, so its rate limits and the second factor apply to all of them."""

import re
import time

from django.contrib.auth.models import Group

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "salasana-123"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.COORDINATORS_MUST_USE_TWO_FACTOR = True


def code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def coordinator(home_page):
    group, _ = Group.objects.get_or_create(name="Coordinators")
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(username="koordinaattori@example.fi", verified=True)
    user.groups.add(group)
    return user


def log_in(client, user):
    return client.post("/fi/accounts/login/", {"login": user.email, "password": PASSWORD})


def test_a_coordinator_without_an_authenticator_is_sent_to_set_one_up_from_every_page(client, coordinator):
    client.force_login(coordinator)

    for path in ("/admin/", "/fi/my/trainings/", "/admin/enrolments/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/fi/accounts/2fa/totp/activate/"
    assert client.get("/fi/accounts/logout/").status_code == 200  # allauth's own pages stay open


def test_a_coordinator_activates_an_authenticator_app_and_reaches_the_admin(client, coordinator):
    assert log_in(client, coordinator)["Location"] == "/fi/my/trainings/"
    assert client.get("/fi/my/trainings/")["Location"] == "/fi/accounts/2fa/totp/activate/"
    # allauth asks for the password again before a second factor is set up.
    asked = client.get("/fi/accounts/2fa/totp/activate/")
    assert asked["Location"].startswith("/fi/accounts/reauthenticate/")
    client.post(asked["Location"], {"password": PASSWORD})
    page = client.get("/fi/accounts/2fa/totp/activate/")
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.content.decode()).group(1)

    wrong = client.post("/fi/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=coordinator).exists()
    activated = client.post("/fi/accounts/2fa/totp/activate/", {"code": code(secret)})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_with_an_authenticator_the_log_in_asks_for_the_code_and_refuses_a_wrong_one(client, coordinator):
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)

    first = log_in(client, coordinator)
    assert first["Location"] == "/fi/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not in yet
    wrong = client.post("/fi/accounts/2fa/authenticate/", {"code": "123456"})
    assert wrong.status_code == 200
    assert "Incorrect code" in wrong.content.decode() or "Virheellinen koodi" in wrong.content.decode()

    right = client.post("/fi/accounts/2fa/authenticate/", {"code": code(secret)})

    assert right.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_guessing_codes_is_rate_limited(client, coordinator):
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    log_in(client, coordinator)

    for _ in range(5):
        client.post("/fi/accounts/2fa/authenticate/", {"code": "123456"})
    # Counted per account: even the right code waits now.
    response = client.post("/fi/accounts/2fa/authenticate/", {"code": code(secret)})

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_coordinator_cannot_switch_the_second_factor_off(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)

    client.post("/fi/accounts/2fa/totp/deactivate/")

    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()


def test_a_trainer_is_not_asked_for_a_second_factor_but_may_set_one_up(client, home_page):
    trainer = UserFactory(verified=True)
    trainer.groups.add(Group.objects.get_or_create(name="Trainers")[0])
    log_in(client, trainer)

    assert client.get("/fi/trainer/").status_code == 200
    client.post("/fi/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/fi/accounts/2fa/totp/activate/").status_code == 200


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_the_admins_own_log_in_pages_send_people_to_the_one_log_in(client, path):
    response = client.get(f"{path}?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/login/?next=/admin/pages/"


def test_the_admin_sends_a_visitor_to_the_one_log_in(client, home_page):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/fi/accounts/login/?next=/admin/")
