"""Journey: a trainer on a phone opens today's session, marks the roster and saves; the participant
sees their mark in My trainings, and completion follows from it."""

import pytest
from playwright.sync_api import expect

from attendance.models import Attendance
from enrolment.models import Enrolment
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-123"


@pytest.fixture
def session_today(catalogue):
    # Two sessions (today and in a week); 50 % is needed, so today's mark alone completes it.
    course = IntroductionSessionPageFactory(
        parent=catalogue, title="Johdatus systeemisyyteen", sessions=[0, 7], completion_share=50
    )
    trainer = UserFactory(username="kouluttaja@example.fi", first_name="Tuula", last_name="Toivonen", verified=True)
    course.trainers.add(trainer)
    course.save_revision().publish()
    laura = ParticipantFactory(username="laura@example.fi", first_name="Laura", last_name="Mäkinen")
    johan = ParticipantFactory(username="johan@example.fi", first_name="Johan", last_name="Lindqvist")
    enrolments = {p.first_name: EnrolmentFactory(offering=course, user=p) for p in (laura, johan)}
    return course, trainer, enrolments


def log_in(page, base, email):
    page.goto(f"{base}/fi/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/fi/my/trainings/")


def test_trainer_marks_attendance_on_a_phone_and_the_participant_sees_it(
    browser, live_server, session_today, assert_accessible
):
    course, trainer, enrolments = session_today
    base = live_server.url
    phone = browser.new_context(viewport={"width": 375, "height": 812})
    page = phone.new_page()

    log_in(page, base, trainer.email)
    page.locator("header a[href='/fi/trainer/']").click()
    assert_accessible(page)
    page.locator(".trainer-sessions a[href*='/fi/trainer/sessions/']").first.click()
    expect(page.locator("h1")).to_contain_text("Johdatus systeemisyyteen")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    laura, johan = enrolments["Laura"], enrolments["Johan"]
    page.locator(f"input[name='status-{laura.pk}'][value='present']").check()
    page.locator(f"input[name='status-{johan.pk}'][value='absent']").check()
    page.locator(f"input[name='remark-{johan.pk}']").fill("Sairastui")
    page.locator("button[name=action][value=save]").click()

    expect(page.locator(".message")).to_be_visible()
    assert_accessible(page)
    marks = dict(Attendance.objects.values_list("enrolment__user__first_name", "status"))
    assert marks == {"Laura": "present", "Johan": "absent"}
    # Saving the same roster again changes nothing.
    page.locator("button[name=action][value=save]").click()
    expect(page.locator(".message")).to_be_visible()
    assert Attendance.objects.count() == 2
    assert not Attendance.objects.filter(changes__isnull=False).exists()
    phone.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    participant = desk.new_page()
    log_in(participant, base, "laura@example.fi")
    attendance = participant.locator(".enrolment-confirmed")
    expect(attendance).to_contain_text("Johdatus systeemisyyteen")
    expect(attendance.locator(".completion")).to_have_attribute("data-completion", "completed")
    attendance.locator("details summary").click()
    expect(attendance.locator(".attendance-present")).to_have_count(1)
    assert_accessible(participant)
    desk.close()

    assert Enrolment.objects.get(pk=laura.pk).completed is True
    assert Enrolment.objects.get(pk=johan.pk).completed is False
