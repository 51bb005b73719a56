"""Journey: a newcomer signs up and takes the last seat; the next person waits; the seat is given
up and passes to the one waiting, who is told by email in their own language."""

import os
import re
import time
from pathlib import Path

from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

import pytest
from playwright.sync_api import expect

from enrolment.models import Enrolment
from tests.factories import IntroductionSessionPageFactory, ParticipantFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = Path(__file__).resolve().parents[2] / "test-results" / "screens"
PASSWORD_A = "Kurssi-paikka-2026!"


@pytest.fixture
def course(catalogue):
    # Starts in 30 days: well before the cancellation deadline, so giving up the seat is not late.
    return IntroductionSessionPageFactory(
        parent=catalogue,
        title="Johdatus systeemisyyteen",
        title_sv="Introduktion till systemiskt arbete",
        capacity=1,
        sessions=[30],
    )


def _check(page, assert_accessible, *, width):
    """Every page of the journey passes axe's WCAG 2.1 AA rules and nothing sticks out sideways."""
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _screens(page, name, *, lang, width):
    """With SCREENSHOTS=1, the page as it is now at phone and desktop width."""
    if os.environ.get("SCREENSHOTS") != "1":
        return
    SCREENS.mkdir(parents=True, exist_ok=True)
    for shot_width in (375, 1280):
        page.set_viewport_size({"width": shot_width, "height": 900})
        page.screenshot(path=SCREENS / f"{name}-{lang}-{shot_width}.png", full_page=True)
    page.set_viewport_size({"width": width, "height": 900})


def _email_to(address, *, subject="", body="", timeout=5.0):
    """The first email to `address` with this subject (exactly, if given) and body (a pattern)."""
    # The live server sends from its own thread; the locmem outbox is shared with this one.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mail.outbox:
            if address in message.to and subject in (message.subject, "") and re.search(body, message.body):
                return message
        time.sleep(0.05)
    raise AssertionError(
        f"no email to {address} {subject!r} {body!r}; outbox: {[(m.to, m.subject) for m in mail.outbox]}"
    )


def _submit(page):
    page.locator("main form button[type=submit]").click()


def _log_out(page, live_server, lang, assert_accessible, *, width):
    page.locator(f"header a[href^='/{lang}/accounts/logout/']").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/accounts/logout/"))
    _check(page, assert_accessible, width=width)
    _submit(page)
    # Still in the journey's language, whatever the browser's own.
    expect(page).to_have_url(f"{live_server.url}/{lang}/")
    expect(page.locator(f"header a[href='/{lang}/accounts/login/']")).to_be_visible()


@pytest.mark.parametrize(("lang", "width"), [("fi", 1280), ("sv", 375)])
def test_newcomer_takes_the_last_seat_and_gives_it_to_the_next_in_line(
    page, live_server, course, assert_accessible, mailoutbox, lang, width
):
    person_b = ParticipantFactory(first_name="Bea", profile={"preferred_language": lang})
    email_a = f"anna.{lang}@example.fi"
    course_url = f"{live_server.url}/{lang}/koulutukset/{course.slug}/"
    page.set_viewport_size({"width": width, "height": 900})

    # A, a visitor, finds the course with its one seat free and creates an account from it.
    page.goto(course_url)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(".offering-facts .places-left")).to_have_attribute("data-places-left", "1")
    _check(page, assert_accessible, width=width)
    _screens(page, "course-visitor", lang=lang, width=width)
    page.locator(f".enrol-box a[href^='/{lang}/accounts/signup/']").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/accounts/signup/\?next="))
    _check(page, assert_accessible, width=width)
    _screens(page, "signup", lang=lang, width=width)
    page.locator("input[name=email]").fill(email_a)
    page.locator("input[name=password1]").fill(PASSWORD_A)
    page.locator("input[name=password2]").fill(PASSWORD_A)
    page.locator("input[name=first_name]").fill("Anna")
    page.locator("input[name=last_name]").fill("Aaltonen")
    page.locator("input[name=privacy_consent]").check()
    _submit(page)

    # Nothing more until the email address is verified through the link in the email.
    expect(page).to_have_url(re.compile(rf"/{lang}/accounts/confirm-email/$"))
    _check(page, assert_accessible, width=width)
    link = re.search(rf"/{lang}/accounts/confirm-email/[^/\s]+/", _email_to(email_a, body="confirm-email").body)
    assert link, "the verification email carries a confirmation link in the journey's language"
    page.goto(live_server.url + link.group(0))
    _check(page, assert_accessible, width=width)
    _submit(page)

    # Verified and logged in; back on the course, enrolling asks once for the missing details.
    page.goto(course_url)
    _check(page, assert_accessible, width=width)
    page.locator(f".enrol-box a[href='/{lang}/enrol/{course.pk}/']").click()
    expect(page.locator("input[name=profile-first_name]")).to_have_value("Anna")
    _check(page, assert_accessible, width=width)
    page.locator("input[name=profile-organisation]").fill("Porin kaupunki, perhesosiaalityö")
    page.locator("select[name=profile-municipality]").select_option(str(person_b.profile.municipality_id))
    page.locator("select[name=profile-sector]").select_option(str(person_b.profile.sector_id))
    page.locator("input[name=profile-job_title]").fill("Sosiaaliohjaaja")
    expect(page.locator("select[name=profile-preferred_language]")).to_have_value(lang)
    _screens(page, "enrol-form", lang=lang, width=width)
    _submit(page)

    expect(page).to_have_url(f"{live_server.url}/{lang}/my/trainings/")
    upcoming = page.locator("section[aria-labelledby=upcoming-heading]")
    expect(upcoming.locator(".enrolment")).to_have_count(1)
    expect(upcoming.locator(".enrolment .badge-confirmed")).to_be_visible()
    expect(upcoming).to_contain_text(course.title if lang == "fi" else course.title_sv)
    _check(page, assert_accessible, width=width)
    _screens(page, "my-trainings", lang=lang, width=width)
    _log_out(page, live_server, lang, assert_accessible, width=width)

    # B, who already has a complete profile, logs in from the full course and joins the line.
    page.goto(course_url)
    expect(page.locator(".offering-facts .places-left.full")).to_be_visible()
    page.locator(f".enrol-box a[href^='/{lang}/accounts/login/']").click()
    _check(page, assert_accessible, width=width)
    page.locator("input[name=login]").fill(person_b.email)
    page.locator("input[name=password]").fill("salasana-123")
    _submit(page)
    expect(page).to_have_url(course_url)
    _check(page, assert_accessible, width=width)
    _screens(page, "course-full", lang=lang, width=width)
    page.locator(".enrol-box button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/{lang}/my/trainings/")
    waiting = page.locator("section[aria-labelledby=waiting-heading]")
    expect(waiting.locator(".enrolment .badge-waiting")).to_be_visible()
    expect(page.locator("section[aria-labelledby=upcoming-heading] .enrolment")).to_have_count(0)
    _check(page, assert_accessible, width=width)
    _log_out(page, live_server, lang, assert_accessible, width=width)

    # A logs in again and gives the seat up.
    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    page.locator("input[name=login]").fill(email_a)
    page.locator("input[name=password]").fill(PASSWORD_A)
    _submit(page)
    expect(page).to_have_url(f"{live_server.url}/{lang}/my/trainings/")
    page.locator("section[aria-labelledby=upcoming-heading] a.cancel-link").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/my/enrolments/\d+/cancel/$"))
    _check(page, assert_accessible, width=width)
    _screens(page, "cancel", lang=lang, width=width)
    page.locator("input[name=confirm]").check()
    _submit(page)

    expect(page).to_have_url(f"{live_server.url}/{lang}/my/trainings/")
    expect(page.locator(".message-success")).to_be_visible()
    expect(page.locator("section[aria-labelledby=upcoming-heading] .enrolment")).to_have_count(0)
    _check(page, assert_accessible, width=width)

    # The seat went to B, who is told in the language of B's profile.
    assert Enrolment.objects.get(offering=course, user=person_b).status == Enrolment.Status.CONFIRMED
    title = course.title if lang == "fi" else course.title_sv
    with translation.override(lang):
        subject = gettext("You got a place: %(title)s") % {"title": title}
    _email_to(person_b.email, subject=subject)
