"""Journey: a newcomer signs up and takes the last seat, the next person joins the waiting list,
and when the newcomer gives the seat up it passes to the one waiting, who is told by email in
their own language.

SCREENSHOTS=1 also saves the key pages at phone and desktop width in test-results/screens/.
"""

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext

import pytest
from playwright.sync_api import Page, expect

from enrolment.models import Enrolment
from tests.factories import IntroductionSessionPageFactory, ParticipantFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = Path(__file__).resolve().parents[2] / "test-results" / "screens"
PASSWORD_A = "Kurssi-paikka-2026!"


@pytest.fixture
def course(catalogue):
    # Starts in 30 days, well before the cancellation deadline: giving the seat up is not late.
    return IntroductionSessionPageFactory(
        parent=catalogue,
        title="Johdatus systeemisyyteen",
        title_sv="Introduktion till systemiskt arbete",
        capacity=1,
        sessions=[30],
    )


@dataclass
class Journey:
    page: Page
    base_url: str
    lang: str
    width: int
    assert_accessible: Callable[[Page], None]

    def url(self, path: str) -> str:
        return f"{self.base_url}/{self.lang}/{path}"

    def check(self, screen: str = ""):
        """Every page passes axe's WCAG 2.1 AA rules and nothing sticks out sideways."""
        self.page.wait_for_load_state()
        self.assert_accessible(self.page)
        assert self.page.evaluate("document.documentElement.scrollWidth") <= self.width
        if screen and os.environ.get("SCREENSHOTS") == "1":
            SCREENS.mkdir(parents=True, exist_ok=True)
            for width in (375, 1280):
                self.page.set_viewport_size({"width": width, "height": 900})
                path = SCREENS / f"{screen}-{self.lang}-{width}.png"
                self.page.screenshot(path=path, full_page=True, animations="disabled")
            self.page.set_viewport_size({"width": self.width, "height": 900})

    def submit(self):
        self.page.locator("main form button[type=submit]").click()

    def log_in(self, email: str, password: str):
        expect(self.page).to_have_url(re.compile(rf"/{self.lang}/accounts/login/"))
        self.check("login")
        self.page.locator("input[name=login]").fill(email)
        self.page.locator("input[name=password]").fill(password)
        self.submit()

    def log_out(self):
        self.page.locator(f"header a[href^='/{self.lang}/accounts/logout/']").click()
        expect(self.page).to_have_url(re.compile(rf"/{self.lang}/accounts/logout/"))
        self.check("logout")
        self.submit()
        # Back on the front page in the journey's language, whatever the browser's own.
        expect(self.page).to_have_url(self.url(""))
        expect(self.page.locator(f"header a[href='/{self.lang}/accounts/login/']")).to_be_visible()


def gettext_in(lang: str, text: str) -> str:
    with translation.override(lang):
        return gettext(text)


def _email_to(outbox, address, *, subject="", body="", timeout=5.0):
    """The first email to `address` with this subject (exactly, if given) and body (a pattern)."""
    # The live server sends from its own thread into the locmem outbox this thread reads.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in outbox:
            if address in message.to and subject in (message.subject, "") and re.search(body, message.body):
                return message
        time.sleep(0.05)
    raise AssertionError(f"no email to {address} {subject!r} {body!r}: {[(m.to, m.subject) for m in outbox]}")


@pytest.mark.parametrize(("lang", "width"), [("fi", 1280), ("sv", 375)])
def test_newcomer_takes_the_last_seat_and_gives_it_to_the_next_in_line(
    page, live_server, course, assert_accessible, mailoutbox, lang, width
):
    person_b = ParticipantFactory(first_name="Bea", profile={"preferred_language": lang})
    title = course.title if lang == "fi" else course.title_sv
    email_a = f"anna.{lang}@example.fi"
    journey = Journey(page, live_server.url, lang, width, assert_accessible)
    course_url = journey.url(f"koulutukset/{course.slug}/")
    upcoming = page.locator("section[aria-labelledby=upcoming-heading]")
    page.set_viewport_size({"width": width, "height": 900})

    # A, a visitor, finds the course with its one seat free and creates an account from there.
    page.goto(course_url)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(".offering-facts .places-left")).to_have_attribute("data-places-left", "1")
    journey.check("course-visitor")
    page.locator(f".enrol-box a[href^='/{lang}/accounts/signup/']").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/accounts/signup/\?next="))
    journey.check("signup")
    page.locator("input[name=first_name]").fill("Anna")
    page.locator("input[name=last_name]").fill("Aaltonen")
    page.locator("input[name=email]").fill(email_a)
    page.locator("input[name=password1]").fill(PASSWORD_A)
    page.locator("input[name=password2]").fill(PASSWORD_A)
    page.locator("input[name=privacy_consent]").check()
    journey.submit()

    # Nothing more until the address is verified through the link in the email.
    expect(page).to_have_url(journey.url("accounts/confirm-email/"))
    journey.check("verification-sent")
    link = re.search(
        rf"/{lang}/accounts/confirm-email/[^/\s]+/", _email_to(mailoutbox, email_a, body="confirm-email").body
    )
    assert link, "the verification email links to the confirmation in the journey's language"
    page.goto(live_server.url + link.group(0))
    journey.check("confirm-email")
    journey.submit()
    expect(page.locator(f"header a[href^='/{lang}/accounts/logout/']")).to_be_visible()

    # Verified and logged in; enrolling from the course asks once for the missing details.
    page.goto(course_url)
    journey.check("course-member")
    page.locator(".enrol-box button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/enrol/{course.pk}/"))
    expect(page.locator("input[name=profile-first_name]")).to_have_value("Anna")
    journey.check()
    page.locator("input[name=profile-organisation]").fill("Porin kaupunki, perhesosiaalityö")
    page.locator("select[name=profile-municipality]").select_option(str(person_b.profile.municipality_id))
    page.locator("select[name=profile-sector]").select_option(str(person_b.profile.sector_id))
    page.locator("input[name=profile-job_title]").fill("Sosiaaliohjaaja")
    expect(page.locator("select[name=profile-preferred_language]")).to_have_value(lang)
    journey.check("enrol-form")
    journey.submit()

    expect(page).to_have_url(journey.url("my/trainings/"))
    expect(upcoming.locator(".enrolment")).to_have_count(1)
    expect(upcoming.locator(".enrolment .badge-confirmed")).to_be_visible()
    expect(upcoming).to_contain_text(title)
    journey.check("my-trainings")
    journey.log_out()

    # B, whose profile is complete, logs in from the full course and joins the waiting list.
    page.goto(course_url)
    expect(page.locator(".offering-facts .places-left.full")).to_be_visible()
    page.locator(".enrol-box button[type=submit]").click()
    journey.log_in(person_b.email, "salasana-123")
    expect(page).to_have_url(course_url)
    journey.check("course-full")
    page.locator(".enrol-box button[type=submit]").click()
    expect(page).to_have_url(journey.url("my/trainings/"))
    expect(page.locator("section[aria-labelledby=waiting-heading] .enrolment .badge-waiting")).to_be_visible()
    expect(upcoming.locator(".enrolment")).to_have_count(0)
    journey.check("my-trainings-waiting")
    journey.log_out()

    # A logs in again and gives the seat up.
    page.goto(journey.url("accounts/login/"))
    journey.log_in(email_a, PASSWORD_A)
    expect(page).to_have_url(journey.url("my/trainings/"))
    upcoming.locator("a.cancel-link").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/my/enrolments/\d+/cancel/$"))
    journey.check("cancel")
    journey.submit()

    expect(page).to_have_url(re.compile(rf"/{lang}/my/enrolments/\d+/$"))
    expect(page.locator(".message-success")).to_be_visible()
    expect(page.locator(".badge-cancelled")).to_be_visible()
    page.get_by_role("link", name=gettext_in(lang, "Back to My trainings")).click()
    expect(page).to_have_url(journey.url("my/trainings/"))
    expect(upcoming.locator(".enrolment")).to_have_count(0)
    expect(upcoming).not_to_contain_text(title)
    journey.check("my-trainings-cancelled")

    # The seat went to B, who is told so in the language of B's profile.
    assert Enrolment.objects.get(offering=course, user=person_b).status == Enrolment.Status.CONFIRMED
    with translation.override(lang):
        subject = gettext("You got a place: %(title)s") % {"title": title}
    _email_to(mailoutbox, person_b.email, subject=subject)
