"""Journey: in the Wagtail admin a coordinator reads a course's attendance, sees a trainer's
correction with what it was and who had marked it, and decides a participant's completion against
the rule, with a reason."""

import pytest
from playwright.sync_api import expect

from attendance.services import save_roster
from enrolment.models import Enrolment, EnrolmentEvent
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-123"


@pytest.fixture(autouse=True)
def _no_gravatar(settings):
    # The admin's avatars come from gravatar.com, out of the test machine's reach: the failed
    # requests would be console errors, and the `page` fixture fails on those.
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None


@pytest.fixture
def corrected(catalogue):
    """Two sessions behind, both needed. A co-trainer marked Aino absent at the first; the trainer
    corrected it to excused, which this course does not count: Aino can no longer complete."""
    course = IntroductionSessionPageFactory(
        parent=catalogue, title="Johdatus systeemisyyteen", sessions=[-14, -7], completion_share=100
    )
    trainer = UserFactory(first_name="Tuula", last_name="Toivonen")
    colleague = UserFactory(first_name="Ville", last_name="Vetäjä")
    course.trainers.add(trainer, colleague)
    course.save_revision().publish()
    aino = EnrolmentFactory(offering=course, user=ParticipantFactory(first_name="Aino", last_name="Aalto"))
    first, second = course.sessions.order_by("date")
    save_roster(first, marks={aino.pk: ("absent", "")}, by=colleague)
    save_roster(first, marks={aino.pk: ("excused", "Sairaana, todistus tuotu")}, by=trainer)
    save_roster(second, marks={aino.pk: ("present", "")}, by=trainer)
    return course, aino


def test_coordinator_reads_a_correction_and_decides_completion_with_a_reason(
    page, live_server, coordinator, corrected, assert_accessible
):
    course, aino = corrected
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/fi/accounts/login/")
    page.fill("input[name=login]", coordinator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.goto(f"{base}/admin/enrolments/{course.pk}/")
    page.locator(f"a[href='/admin/enrolments/{course.pk}/attendance/']").first.click()
    expect(page).to_have_url(f"{base}/admin/enrolments/{course.pk}/attendance/")
    row = page.locator(f"#attendance-{aino.pk}")
    expect(row).to_have_attribute("data-completion", "closed")
    change = page.locator("#attendance-changes tbody tr")
    expect(change).to_have_count(1)
    expect(change).to_have_attribute("data-from", "absent")
    expect(change).to_have_attribute("data-to", "excused")
    expect(change).to_contain_text("Tuula Toivonen")
    expect(change).to_contain_text("Aino Aalto")
    expect(change).to_contain_text("Sairaana, todistus tuotu")
    expect(change.locator(".earlier-mark")).to_contain_text("Ville Vetäjä")
    assert_accessible(page)

    row.locator(f"[data-a11y-dialog-show='completion-dialog-{aino.pk}']").click()
    dialog = page.locator(f"#completion-dialog-{aino.pk}")
    expect(dialog).to_be_visible()
    dialog.locator("input[name=decision][value=completed]").check()
    dialog.locator("textarea[name=reason]").fill("Korvaava tehtävä palautettu")
    assert_accessible(page)
    dialog.locator("button[type=submit]").click()

    expect(page).to_have_url(f"{base}/admin/enrolments/{course.pk}/attendance/")
    expect(row).to_have_attribute("data-completion", "completed")
    expect(row).to_have_attribute("data-override", "yes")
    expect(row).to_contain_text("Korvaava tehtävä palautettu")
    assert_accessible(page)
    aino = Enrolment.objects.get(pk=aino.pk)
    assert (aino.completed, aino.completion_override, aino.completion_override_by) == (True, True, coordinator)
    event = aino.events.last()
    assert (event.action, event.reason) == (EnrolmentEvent.Action.DECIDED_COMPLETED, "Korvaava tehtävä palautettu")
