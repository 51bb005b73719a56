"""Journey: the trainer shows today's check-in code; a participant opens its link on a phone, logs
in, confirms and is marked present; the trainer's roster shows who checked in."""

import re

import pytest
from playwright.sync_api import expect

from attendance.models import Attendance
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-123"


@pytest.fixture
def session_today(catalogue):
    course = IntroductionSessionPageFactory(parent=catalogue, title="Johdatus systeemisyyteen", sessions=[0, 7])
    trainer = UserFactory(username="kouluttaja@example.fi", first_name="Tuula", last_name="Toivonen", verified=True)
    course.trainers.add(trainer)
    course.save_revision().publish()
    laura = ParticipantFactory(username="laura@example.fi", first_name="Laura", last_name="Mäkinen")
    return course, trainer, EnrolmentFactory(offering=course, user=laura)


def fill_log_in(page, email):
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_participant_checks_in_on_a_phone_with_the_trainers_code(
    page, new_page, live_server, session_today, assert_accessible
):
    course, trainer, laura = session_today
    base = live_server.url

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/fi/accounts/login/")
    fill_log_in(page, trainer.email)
    page.goto(f"{base}/fi/trainer/")
    page.locator(".trainer-sessions a[href$='/check-in-code/']").first.click()
    expect(page.locator("svg.qr-code")).to_be_visible()
    assert_accessible(page)
    check_in_url = page.locator("a.check-in-url").get_attribute("href")
    assert re.fullmatch(rf"{re.escape(base)}/fi/check-in/[^/]+/", check_in_url)

    phone = new_page(viewport={"width": 375, "height": 812})
    phone.goto(check_in_url)
    expect(phone).to_have_url(re.compile(r"/fi/accounts/login/\?next="))
    fill_log_in(phone, laura.user.email)
    expect(phone).to_have_url(check_in_url)
    expect(phone.locator("main h1")).to_be_visible()
    expect(phone.locator("main .lead")).to_contain_text("Johdatus systeemisyyteen")
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.locator("main form button[type=submit]").click()

    expect(phone).to_have_url(f"{base}/fi/my/trainings/")
    expect(phone.locator(".message")).to_contain_text("Johdatus systeemisyyteen")
    assert_accessible(phone)
    mark = Attendance.objects.get()
    assert (mark.enrolment, mark.status, mark.checked_in, mark.marked_by) == (laura, "present", True, laura.user)
    # The code again: already present, nothing left to press.
    phone.goto(check_in_url)
    expect(phone.locator("main form button[type=submit]")).to_have_count(0)

    page.locator("main a[href*='/fi/trainer/sessions/']").last.click()
    row = page.locator("fieldset.roster-row", has_text="Laura Mäkinen")
    expect(row.locator(f"input[name='status-{laura.pk}'][value='present']")).to_be_checked()
    expect(row.locator(".checked-in")).to_be_visible()
    assert_accessible(page)
