"""Journey, on a phone: a coordinator issues certificates to participants whose names are written in
Georgian, Arabic and Chinese, and to one whose name was saved, before the forms checked names, with
an emoji. The batch's page says that one failed and why. She corrects her name in her profile (the
form refuses the emoji, saying so), the coordinator retries, and the holders download their PDFs,
their names printed in their own scripts.

SCREENSHOTS=1 also saves the pages and the certificates as pictures in test-results/screens/.
"""

import os
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import pgettext

from wagtail.users.models import UserProfile

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate, IssueBatch
from certificates.names import NameValidator
from tests.certificates.pdf_tools import notdef_glyphs, pdf_text, pdf_to_png
from tests.factories import (
    CoordinatorFactory,
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = Path(__file__).resolve().parents[2] / "test-results" / "screens"
PASSWORD = "salasana-123"
WIDTH = 375
NAMES = [("ნინო", "ბერიძე"), ("محمد", "الأحمد"), ("王", "小明")]


@pytest.fixture
def expected_console_errors():
    return ["status of 400"]  # the profile form refusing the emoji


@pytest.fixture
def course(catalogue):
    return IntroductionSessionPageFactory(
        parent=catalogue,
        title="Johdatus systeemisyyteen",
        title_sv="Introduktion till systemiskt arbete",
        sessions=[-14],
    )


def coordinator_in(language: str):
    user = CoordinatorFactory(
        username="koordinaattori@example.fi", first_name="Kaisa", last_name="Koordinaattori", verified=True
    )
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": language})
    return user


def log_in(page, base, lang, email):
    page.goto(f"{base}/{lang}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/{lang}/my/trainings/")


def look(page, assert_accessible, screen: str):
    """axe's WCAG 2.1 AA rules, nothing wider than the phone, and a picture when asked for."""
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    if os.environ.get("SCREENSHOTS") == "1":
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENS / f"{screen}.png", full_page=True)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_coordinator_issues_to_names_in_every_script_and_retries_the_one_that_failed(
    live_server, open_page, assert_accessible, course, lang
):
    base = live_server.url
    coordinator = coordinator_in(lang)
    people = [
        ParticipantFactory(first_name=first, last_name=last, profile={"preferred_language": lang})
        for first, last in NAMES
    ]
    anna = ParticipantFactory(
        username="anna@example.fi", first_name="Anna", last_name="Virtanen 😀", profile={"preferred_language": lang}
    )
    enrolments = [EnrolmentFactory(offering=course, user=person, completed=True) for person in [*people, anna]]

    # The coordinator issues to everyone who completed.
    desk = open_page(WIDTH)
    log_in(desk, base, lang, coordinator.email)
    desk.goto(f"{base}/admin/certificates/{course.pk}/")
    look(desk, assert_accessible, f"certificates-{lang}")
    desk.locator("#choose-all").check()
    desk.locator("#issue-form button[type=submit]").click()

    # Three issued, one failed: the heading says so, and the row says why.
    batch = IssueBatch.objects.get()
    expect(desk).to_have_url(f"{base}/admin/certificates/batches/{batch.pk}/")
    expect(desk.locator("#batch")).to_have_attribute("data-status", "finished")
    expect(desk.locator("#batch")).to_have_attribute("data-failed", "1")
    expect(desk.locator("#progress-heading")).to_have_text(re.compile(r"1\D+4"))
    expect(desk.locator("#batch-failed")).to_be_visible()
    with translation.override(lang):
        why = pgettext("why issuing failed", "Reason")
    expect(desk.locator("#failures thead")).to_contain_text(why)
    failure = desk.locator(f'#failures tr[data-enrolment="{enrolments[-1].pk}"]')
    expect(failure).to_contain_text("Anna Virtanen 😀")
    expect(failure).to_contain_text("😀")
    look(desk, assert_accessible, f"batch-failed-{lang}")

    # Anna corrects her name: the profile refuses the emoji first, saying what it cannot print.
    phone = open_page(WIDTH)
    log_in(phone, base, lang, anna.email)
    phone.goto(f"{base}/{lang}/my/profile/")
    phone.locator("main form button[type=submit]").click()
    with translation.override(lang), pytest.raises(ValidationError) as refusal:
        NameValidator()("Virtanen 😀")
    expect(phone.locator("main")).to_contain_text(refusal.value.messages[0])
    look(phone, assert_accessible, f"profile-refused-{lang}")
    phone.fill("input[name=last_name]", "Virtanen")
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator("input[name=last_name]")).to_have_value("Virtanen")

    # The coordinator retries; everyone now has a certificate.
    desk.locator("#failures ~ form button[type=submit]").click()
    expect(desk.locator("#batch")).to_have_attribute("data-failed", "0")
    expect(desk.locator("#progress-heading")).to_contain_text("4")
    expect(desk.locator("#failures")).to_have_count(0)
    look(desk, assert_accessible, f"batch-done-{lang}")
    assert Certificate.objects.filter(status="valid").count() == 4

    # Anna and Nino download theirs from My trainings; each name is printed, in its own script.
    nino = open_page(WIDTH)
    log_in(nino, base, lang, people[0].email)
    for holder, page, name in ((anna, phone, "Anna Virtanen"), (people[0], nino, "ნინო ბერიძე")):
        page.goto(f"{base}/{lang}/my/trainings/")
        look(page, assert_accessible, f"my-trainings-{holder.pk}-{lang}")
        with page.expect_download() as download:
            page.locator(".certificate-link").first.click()
        pdf = download.value.path().read_bytes()
        assert pdf[:5] == b"%PDF-"
        assert name in pdf_text(pdf)
        assert notdef_glyphs(pdf) == 0
        if os.environ.get("SCREENSHOTS") == "1":
            pdf_to_png(pdf, SCREENS / f"certificate-{holder.pk}-{lang}.png", dpi=100)
