"""Journey: a coordinator opens a course's certificates from its enrolment page in the Wagtail admin,
chooses everyone but one, issues and follows the batch to its end; a participant downloads theirs
from My trainings on a phone, and an employer verifies it by its code."""

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-123"


@pytest.fixture
def course(catalogue):
    course = IntroductionSessionPageFactory(parent=catalogue, title="Johdatus systeemisyyteen", sessions=[-14])
    people = [
        ParticipantFactory(username=f"{first.lower()}@example.fi", first_name=first, last_name="Testinen")
        for first in ("Aino", "Björn", "Eero")
    ]
    return course, [EnrolmentFactory(offering=course, user=person, completed=True) for person in people]


def log_in(page, base, email):
    page.goto(f"{base}/fi/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/fi/my/trainings/")


def test_coordinator_issues_certificates_and_a_participant_downloads_theirs(
    browser, live_server, course, coordinator, assert_accessible
):
    course, (aino, bjorn, eero) = course
    base = live_server.url
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    log_in(page, base, coordinator.email)

    page.goto(f"{base}/admin/enrolments/{course.pk}/")
    page.locator(f"a[href='/admin/certificates/{course.pk}/']").first.click()
    expect(page).to_have_url(f"{base}/admin/certificates/{course.pk}/")
    assert_accessible(page)
    everyone = page.locator("#choose-all")
    everyone.check()  # Wagtail's own bulk-selection controller ticks every row
    for enrolment in (aino, bjorn, eero):
        expect(page.locator(f"#choose-{enrolment.pk}")).to_be_checked()
    page.locator(f"#choose-{bjorn.pk}").uncheck()
    expect(everyone).not_to_be_checked()
    page.locator("#issue-form button[type=submit]").click()

    expect(page).to_have_url(f"{base}/admin/certificates/batches/{course.certificate_batches.get().pk}/")
    expect(page.locator("#batch")).to_have_attribute("data-status", "finished")
    expect(page.locator("#batch-progress")).to_have_attribute("value", "2")
    expect(page.locator("#batch-progress")).to_have_attribute("max", "2")
    assert_accessible(page)
    assert set(Certificate.objects.values_list("enrolment_id", flat=True)) == {aino.pk, eero.pk}

    page.goto(f"{base}/admin/certificates/{course.pk}/")
    expect(page.locator(f"#participant-{bjorn.pk} input[name=enrolment]")).to_be_visible()
    expect(page.locator(f"#participant-{aino.pk} input[name=enrolment]")).to_have_count(0)
    desk.close()

    phone = browser.new_context(viewport={"width": 375, "height": 812})
    participant = phone.new_page()
    log_in(participant, base, aino.user.email)
    assert_accessible(participant)
    assert participant.evaluate("document.documentElement.scrollWidth") <= 375
    with participant.expect_download() as download:
        participant.locator(".certificate-link").click()
    certificate = Certificate.objects.get(enrolment=aino)
    assert download.value.suggested_filename == f"todistus-intyg-{certificate.number}.pdf"
    assert download.value.path().read_bytes()[:5] == b"%PDF-"
    phone.close()

    # Anyone can check it: the code typed into the public form, no log-in.
    employer = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    employer.goto(f"{base}/fi/verify/")
    employer.fill("input[name=code]", certificate.display_code)
    employer.locator("main form button[type=submit]").click()
    expect(employer.locator("main")).to_contain_text("Aino Testinen")
    expect(employer.locator("main")).to_contain_text(certificate.number)
    assert_accessible(employer)
