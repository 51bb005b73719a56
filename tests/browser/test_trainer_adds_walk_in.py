"""Journey: on a phone, a trainer adds someone in the room who had not enrolled; they get a place
and are present on the roster."""

import pytest
from playwright.sync_api import expect

from attendance.models import Attendance
from enrolment.models import Enrolment
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-123"


@pytest.fixture
def full_session_today(catalogue):
    course = IntroductionSessionPageFactory(
        parent=catalogue, title="Johdatus systeemisyyteen", sessions=[0, 7], capacity=1
    )
    trainer = UserFactory(username="kouluttaja@example.fi", first_name="Tuula", last_name="Toivonen", verified=True)
    course.trainers.add(trainer)
    course.save_revision().publish()
    EnrolmentFactory(offering=course, user=ParticipantFactory(first_name="Laura", last_name="Mäkinen"))
    return course, trainer


def test_trainer_adds_a_walk_in_on_a_phone_who_is_then_present_on_the_roster(
    page, live_server, full_session_today, assert_accessible
):
    course, trainer = full_session_today
    base = live_server.url
    page.set_viewport_size({"width": 375, "height": 812})

    page.goto(f"{base}/fi/accounts/login/")
    page.fill("input[name=login]", trainer.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.locator("header a[href='/fi/trainer/']").click()
    page.locator(".trainer-sessions a[href*='/fi/trainer/sessions/']").first.click()
    page.locator("a[href$='/walk-in/']").click()

    expect(page.locator("main form input[name=email]")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.fill("input[name=email]", "Kaisa.Kavija@Example.fi")
    page.fill("input[name=first_name]", "Kaisa")
    page.fill("input[name=last_name]", "Kävijä")
    page.locator("main form button[type=submit]").click()

    expect(page.locator(".message")).to_contain_text("Kaisa Kävijä")
    enrolment = Enrolment.objects.get(user__email="kaisa.kavija@example.fi")
    assert (enrolment.offering_id, enrolment.status, enrolment.created_by) == (course.pk, "confirmed", trainer)
    row = page.locator("fieldset.roster-row", has_text="Kaisa Kävijä")
    expect(row.locator(f"input[name='status-{enrolment.pk}'][value='present']")).to_be_checked()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert Attendance.objects.get().enrolment == enrolment
    # A full course still has the walk-in: they are in the room.
    assert course.enrolments.filter(status="confirmed").count() == 2
