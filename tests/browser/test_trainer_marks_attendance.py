"""Journey: a trainer on a phone opens today's session, marks the roster with the keyboard only and
saves; the participant sees their mark in My trainings, and completion follows from it."""

from django.utils import translation
from django.utils.translation import gettext

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


def finnish(text):
    with translation.override("fi"):
        return gettext(text)


def test_trainer_marks_attendance_on_a_phone_with_the_keyboard_and_the_participant_sees_it(
    page, new_page, live_server, session_today, assert_accessible, tab_to
):
    course, trainer, enrolments = session_today
    base = live_server.url
    laura, johan = enrolments["Laura"], enrolments["Johan"]

    # Before the marks: today's session has begun, nothing is marked, so Laura can still complete.
    participant = new_page(viewport={"width": 1280, "height": 900})
    log_in(participant, base, "laura@example.fi")
    completion = participant.locator(".enrolment-confirmed .completion")
    expect(completion).to_have_attribute("data-completion", "open")
    expect(completion).to_contain_text(finnish("You can still complete this training."))

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, base, trainer.email)
    page.locator("header a[href='/fi/trainer/']").click()
    assert_accessible(page)
    page.locator(".trainer-sessions a[href*='/fi/trainer/sessions/']").first.click()
    expect(page.locator("h1")).to_contain_text("Johdatus systeemisyyteen")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # The keyboard only: Tab into a person's statuses, Space or the arrows to choose, Enter saves.
    tab_to(page, f"input[name='status-{laura.pk}']")
    page.keyboard.press("Space")
    expect(page.locator(f"input[name='status-{laura.pk}'][value='present']")).to_be_checked()
    tab_to(page, f"input[name='status-{johan.pk}']")
    for _ in range(3):  # present → late → excused → absent
        page.keyboard.press("ArrowDown")
    expect(page.locator(f"input[name='status-{johan.pk}'][value='absent']")).to_be_checked()
    tab_to(page, f"input[name='remark-{johan.pk}']")
    page.keyboard.type("Sairastui")
    page.keyboard.press("Enter")  # in a remark field Enter presses the form's first button, Save

    expect(page.locator(".message")).to_be_visible()
    assert_accessible(page)
    marks = dict(Attendance.objects.values_list("enrolment__user__first_name", "status"))
    assert marks == {"Laura": "present", "Johan": "absent"}
    assert Attendance.objects.get(enrolment=johan).remark == "Sairastui"
    # Saving the same roster again, from the Save button reached with Tab, changes nothing.
    tab_to(page, "button[name=action][value=save]", presses=120)
    page.keyboard.press("Enter")
    expect(page.locator(".message")).to_be_visible()
    assert Attendance.objects.count() == 2
    assert not Attendance.objects.filter(changes__isnull=False).exists()

    participant.reload()
    expect(completion).to_have_attribute("data-completion", "completed")
    expect(completion).to_contain_text(finnish("You have completed this training."))
    participant.locator(".enrolment-confirmed details summary").click()
    expect(participant.locator(".enrolment-confirmed .attendance-present")).to_have_count(1)
    assert_accessible(participant)

    assert Enrolment.objects.get(pk=laura.pk).completed is True
    assert Enrolment.objects.get(pk=johan.pk).completed is False
