"""Two-factor authentication: coordinators must use an authenticator app, trainers may; every
log-in path goes through allauth, so its rate limits and the second factor apply to all of them."""

import re
import time

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from wagtail.admin.forms.pages import PageViewRestrictionForm
from wagtail.models import PageViewRestriction

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from accounts.middleware import MISSING_KEY, TwoFactorRequiredMiddleware
from accounts.permissions import answer_key
from tests.factories import IntroductionSessionPageFactory, TrainerFactory, UserFactory, log_in_with_second_factor

pytestmark = pytest.mark.django_db

PASSWORD = "salasana-123"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.COORDINATORS_MUST_USE_TWO_FACTOR = True


def code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


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
    log_in_with_second_factor(client, coordinator)
    assert client.get("/fi/accounts/2fa/").status_code == 200  # logged in, with the second factor

    client.post("/fi/accounts/2fa/totp/deactivate/")

    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()


def assert_logged_out_and_sent_to_log_in(client, path="/admin/"):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/fi/accounts/login/?next={path}"
    assert "_auth_user_id" not in client.session
    assert client.get("/fi/my/trainings/")["Location"].startswith("/fi/accounts/login/")


def test_a_coordinator_with_an_authenticator_logged_in_with_the_password_only_cannot_reach_the_admin(
    client, coordinator
):
    TOTP.activate(coordinator, generate_totp_secret())
    # Django's own authenticate-and-log-in, as its plain LoginView (Wagtail's /_util/login/) did.
    assert client.login(username=coordinator.username, password=PASSWORD)

    assert_logged_out_and_sent_to_log_in(client)


def test_a_session_whose_log_in_recorded_only_the_password_is_logged_out(client, coordinator, settings):
    # Anyone with an authenticator, whether or not they must have one.
    settings.COORDINATORS_MUST_USE_TWO_FACTOR = False
    TOTP.activate(coordinator, generate_totp_secret())
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, coordinator, "password", email=coordinator.email)
    request.session.save()
    client.force_login(coordinator)

    assert_logged_out_and_sent_to_log_in(client, "/fi/my/profile/")


def test_a_session_from_before_the_check_is_checked_on_its_next_request(client, coordinator):
    client.force_login(coordinator)
    session = client.session
    del session[MISSING_KEY]
    session.save()
    TOTP.activate(coordinator, generate_totp_secret())

    assert_logged_out_and_sent_to_log_in(client)


def test_a_session_that_used_the_second_factor_stays_logged_in(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())
    log_in_with_second_factor(client, coordinator)

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_setting_up_an_authenticator_keeps_the_session_that_set_it_up(client, coordinator):
    client.force_login(coordinator)  # no authenticator yet: the password was all there was
    TOTP.activate(coordinator, generate_totp_secret())  # set up in this session, with a code

    assert client.get("/admin/").status_code == 200


ACTIVATE = "/fi/accounts/2fa/totp/activate/"


def permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@pytest.mark.parametrize(
    "sensitive",
    [
        "privacy.manage_personal_data",
        "reports.view_reports",
        "audit.view_entry",
        "enrolment.change_enrolment",
        "certificates.add_certificate",
        "developer_groups.change_developergroup",
        "mentoring.change_agreement",
        "auth.change_user",
        "auth.change_group",
    ],
)
def test_a_sensitive_permission_under_any_groups_name_needs_a_second_factor(client, home_page, sensitive):
    group = Group.objects.create(name="Raportointi")
    group.permissions.add(permission("wagtailadmin.access_admin"), permission(sensitive))
    person = UserFactory(verified=True)
    person.groups.add(group)
    client.force_login(person)

    assert client.get("/admin/")["Location"] == ACTIVATE
    assert client.get("/fi/my/trainings/")["Location"] == ACTIVATE


def test_a_sensitive_permission_of_ones_own_or_staff_status_needs_a_second_factor(client, home_page):
    own = UserFactory(verified=True)
    own.user_permissions.add(permission("reports.view_reports"))
    staff = UserFactory(verified=True, is_staff=True)

    for person in (own, staff):
        client.force_login(person)
        assert client.get("/fi/my/trainings/")["Location"] == ACTIVATE


def test_a_person_given_a_sensitive_permission_mid_session_is_asked_on_their_next_request(client, home_page):
    person = UserFactory(verified=True)
    group = Group.objects.create(name="Raportointi")
    client.force_login(person)
    assert client.get("/fi/my/trainings/").status_code == 200

    person.groups.add(group)
    assert client.get("/fi/my/trainings/").status_code == 200  # a group with nothing sensitive
    group.permissions.add(permission("reports.view_reports"))
    assert client.get("/fi/my/trainings/")["Location"] == ACTIVATE
    group.user_set.remove(person)
    assert client.get("/fi/my/trainings/").status_code == 200
    person.is_staff = True
    person.save()
    assert client.get("/fi/my/trainings/")["Location"] == ACTIVATE


def test_an_answer_read_by_another_request_before_the_change_committed_is_forgotten_when_it_commits(
    client, home_page, django_capture_on_commit_callbacks
):
    person = UserFactory(verified=True)
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        person.user_permissions.add(permission("audit.view_entry"))
        # Another process, not yet seeing the change, asks and keeps the old answer.
        cache.set(answer_key(person.pk), False)

    assert client.get("/fi/my/trainings/")["Location"] == ACTIVATE


def test_setting_up_an_authenticator_lets_the_person_on_at_once(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/admin/")["Location"] == ACTIVATE

    TOTP.activate(coordinator, generate_totp_secret())  # in this session, with a code

    assert client.get("/admin/").status_code == 200


def test_the_check_on_each_request_costs_no_query(client, coordinator, django_assert_num_queries):
    TOTP.activate(coordinator, generate_totp_secret())
    log_in_with_second_factor(client, coordinator)
    assert client.get("/fi/my/trainings/").status_code == 200  # the answer is kept from here on
    request = RequestFactory().get("/fi/my/trainings/")
    # As Django's authentication middleware leaves them: the user and the session read already.
    request.user, request.session = coordinator, client.session
    assert request.session[MISSING_KEY] is False
    middleware = TwoFactorRequiredMiddleware(lambda request: HttpResponse("ok"))

    with django_assert_num_queries(0):
        response = middleware(request)

    assert response.status_code == 200


def test_a_trainer_is_not_asked_for_a_second_factor_but_may_set_one_up(client, home_page):
    trainer = TrainerFactory(verified=True)
    log_in(client, trainer)

    assert client.get("/fi/trainer/").status_code == 200
    client.post("/fi/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/fi/accounts/2fa/totp/activate/").status_code == 200


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/", "/fi/_util/login/"])
def test_the_admins_own_log_in_pages_send_people_to_the_one_log_in(client, path):
    response = client.get(f"{path}?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/login/?next=/admin/pages/"


def test_wagtails_front_end_log_in_logs_nobody_in(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())

    response = client.post("/sv/_util/login/?next=/admin/", {"username": coordinator.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/sv/accounts/login/?next=/admin/"
    assert "_auth_user_id" not in client.session


def test_a_private_page_sends_visitors_to_the_one_log_in(client, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, slug="suljettu")
    PageViewRestriction.objects.create(page=offering, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/fi/koulutukset/suljettu/")

    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/login/?next=/fi/koulutukset/suljettu/"


def test_shared_passwords_for_private_pages_are_off(client, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue)
    restriction = PageViewRestriction.objects.create(
        page=offering, restriction_type=PageViewRestriction.PASSWORD, password="arvaa"
    )

    form = PageViewRestrictionForm(private_page_options=["login", "groups", "password"])
    attempt = client.post(
        f"/fi/_util/authenticate_with_password/{restriction.pk}/{offering.pk}/",
        {"password": "arvaa", "return_url": "/"},
    )
    document = client.post(f"/documents/authenticate_with_password/{restriction.pk}/", {"password": "arvaa"})

    assert "password" not in form.fields
    assert PageViewRestriction.PASSWORD not in dict(form.fields["restriction_type"].choices)
    assert attempt.status_code == 404
    assert document.status_code == 404


def test_the_wagtail_admins_password_reset_sends_people_to_allauths(client, coordinator):
    asked = client.get("/admin/password_reset/")
    posted = client.post("/admin/password_reset/", {"email": coordinator.email})

    assert asked.status_code == posted.status_code == 302
    assert asked["Location"] == posted["Location"] == "/fi/accounts/password/reset/"
    assert mail.outbox == []
    assert client.get("/admin/password_reset/done/").status_code == 404


def test_the_admin_sends_a_visitor_to_the_one_log_in(client, home_page):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/fi/accounts/login/?next=/admin/")
