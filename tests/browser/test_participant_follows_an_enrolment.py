"""Journey: on a phone, a participant passes a course whose enrolment has closed, enrols in another
with one button, reads the dates in their own style (and in English), opens the enrolment's own
page, cancels it in one step, and goes Back and reloads: the page says what happened."""

import datetime as dt
import re

from django.utils import timezone, translation
from django.utils.translation import gettext

import pytest
from playwright.sync_api import expect

from tests import written
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 375


def said(lang: str, text: str, **values) -> str:
    with translation.override(lang):
        return gettext(text) % values if values else gettext(text)


@pytest.fixture
def courses(catalogue):
    today = timezone.localdate()
    # Enrolment closes at the end of the day before the first session: stored as that midnight.
    closes = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=30), dt.time.min))
    open_course = IntroductionSessionPageFactory(
        parent=catalogue,
        title="Johdatus systeemisyyteen, Pori",
        title_sv="Introduktion till systemiskt arbete, Björneborg",
        title_en="Introduction to systemic practice, Pori",
        capacity=5,
        sessions=[30, 31],
        enrolment_closes=closes,
    )
    online = open_course.sessions.order_by("date").last()
    online.online_url = "https://meet.example.fi/systeeminen"
    online.save()
    closed_course = IntroductionSessionPageFactory(
        parent=catalogue,
        title="Johdatus systeemisyyteen, Rauma",
        title_sv="Introduktion till systemiskt arbete, Raumo",
        capacity=5,
        sessions=[20],
        enrolment_closes=timezone.now() - dt.timedelta(hours=1),
    )
    full_course = IntroductionSessionPageFactory(
        parent=catalogue,
        title="Johdatus systeemisyyteen, Salo",
        title_sv="Introduktion till systemiskt arbete, Salo",
        capacity=1,
        sessions=[25],
    )
    for course in (open_course, closed_course, full_course):
        EnrolmentFactory(offering=course)
    # Started yesterday, its second day tomorrow: still upcoming, no longer the person's to cancel.
    started_course = IntroductionSessionPageFactory(
        parent=catalogue,
        title="Systeemisen työn peruskoulutus, Turku",
        title_sv="Grundutbildning i systemiskt arbete, Åbo",
        sessions=[-1, 1],
    )
    return open_course, closed_course, full_course, started_course


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_participant_enrols_opens_the_enrolment_cancels_in_one_step_and_goes_back(
    page, live_server, courses, assert_accessible, lang
):
    open_course, closed_course, full_course, started_course = courses
    title = {"fi": open_course.title, "sv": open_course.title_sv}[lang]
    sessions = list(open_course.sessions.order_by("date"))
    person = ParticipantFactory(profile={"preferred_language": lang})
    EnrolmentFactory(offering=started_course, user=person)
    base = f"{live_server.url}/{lang}"
    page.set_viewport_size({"width": WIDTH, "height": 900})

    def check():
        page.wait_for_load_state()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH

    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill("salasana-123")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/my/trainings/")

    # The catalogue: the closed course's card says so, and nothing about places left.
    page.goto(f"{base}/koulutukset/")
    closed_card = page.locator(
        ".offering-card", has_text={"fi": closed_course.title, "sv": closed_course.title_sv}[lang]
    )
    expect(closed_card.locator(".availability-closed")).to_have_text(said(lang, "Enrolment has closed"))
    expect(closed_card.locator(".places-left")).to_have_count(0)
    open_card = page.locator(".offering-card", has_text=title)
    expect(open_card.locator(".places-left")).to_have_attribute("data-places-left", "4")
    # A full course offers the waiting list in the glossary's words ("reservlista" in Swedish).
    full_card = page.locator(".offering-card", has_text={"fi": full_course.title, "sv": full_course.title_sv}[lang])
    expect(full_card.locator(".places-left")).to_have_text(
        {"fi": "Täynnä – jonotuslista", "sv": "Fullbokad – reservlista"}[lang]
    )
    check()

    # The course page: enrolment is open until the last minute of the day before, and one button enrols.
    open_card.get_by_role("link", name=title).click()
    last_day = sessions[0].date - dt.timedelta(days=1)
    expect(page.locator(".enrolment-status")).to_contain_text(written.moment(last_day, dt.time(23, 59), lang))
    for session in sessions:
        expect(page.locator(".sessions")).to_contain_text(
            written.session(session.date, session.starts_at, session.ends_at, lang)
        )
    check()
    page.get_by_role("button", name=said(lang, "Enrol")).click()
    expect(page).to_have_url(f"{base}/my/trainings/")
    upcoming = page.locator("section[aria-labelledby=upcoming-heading]")
    expect(upcoming.locator(".enrolment")).to_have_count(2)
    # The training that has started offers no Cancel; the new one does.
    started = upcoming.locator(".enrolment", has_text={"fi": started_course.title, "sv": started_course.title_sv}[lang])
    expect(started.locator("a.cancel-link")).to_have_count(0)
    expect(upcoming.locator(".enrolment", has_text=title).locator("a.cancel-link")).to_have_count(1)
    # One tap subscribes a calendar app to the private feed.
    webcal = page.locator("a.webcal-link")
    expect(webcal).to_have_attribute("href", re.compile(r"^webcal://[^/]+/calendar/[\w-]+\.ics$"))
    check()

    # The same list in English has one date style: "Tue 8 Dec 2026, 9:00–12:00", not "8.12.2026".
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/en/my/trainings/")
    upcoming.locator(".enrolment", has_text="Introduction to systemic practice, Pori").locator("summary").click()
    for session in sessions:
        expect(upcoming).to_contain_text(written.session(session.date, session.starts_at, session.ends_at, "en"))
    expect(upcoming).not_to_contain_text(f"{sessions[0].date.day}.{sessions[0].date.month}.")
    check()
    page.get_by_role("link", name={"fi": "Suomi", "sv": "Svenska"}[lang]).click()

    # The enrolment's own page: status, sessions with the place or the link, the last moment to cancel.
    upcoming.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{lang}/my/enrolments/\d+/$"))
    enrolment_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".badge-confirmed")).to_be_visible()
    expect(page.locator(".online-link")).to_have_attribute("href", "https://meet.example.fi/systeeminen")
    cancel_by = sessions[0].date - dt.timedelta(days=open_course.cancellation_days)
    expect(page.locator(".what-next")).to_contain_text(written.moment(cancel_by, dt.time(23, 59), lang))
    check()

    # Cancelling asks once; its button cancels, and the enrolment's page says so.
    page.locator("a.cancel-link").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/my/enrolments/\d+/cancel/$"))
    expect(page.locator("main input[type=checkbox]")).to_have_count(0)
    check()
    page.get_by_role("button", name=said(lang, "Yes, cancel my enrolment")).click()
    expect(page).to_have_url(enrolment_url)
    expect(page.locator(".message-success")).to_be_visible()
    expect(page.locator(".badge-cancelled")).to_be_visible()
    check()

    # Back shows the confirmation no longer, nor "Page not found": the enrolment's page again.
    page.go_back()
    expect(page).to_have_url(enrolment_url)
    expect(page.locator(".badge-cancelled")).to_be_visible()
    expect(page.locator("a.cancel-link")).to_have_count(0)
    page.reload()
    expect(page.locator(".badge-cancelled")).to_be_visible()
    check()
    page.get_by_role("link", name=said(lang, "Back to My trainings")).click()
    expect(page).to_have_url(f"{base}/my/trainings/")
    expect(upcoming.locator(".enrolment")).to_have_count(1)
