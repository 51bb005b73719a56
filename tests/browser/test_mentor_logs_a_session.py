"""Journey: a mentor on a phone logs yesterday's planned session (a mistyped duration first, then
by keyboard the right one, who took part, a summary and working notes); a mentee who took part sees
it with the summary and without the notes; one who did not take part does not see it."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from mentoring.models import MentoringSession
from tests.factories import (
    AgreementFactory,
    MenteeFactory,
    MentoringSessionFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-123"


@pytest.fixture
def planned_yesterday():
    today = timezone.localdate()
    mentor = ParticipantFactory(username="mentori@example.fi", first_name="Helena", last_name="Lahtinen")
    agreement = AgreementFactory(
        mentor=mentor,
        team="Porin lastensuojelun systeeminen tiimi 2",
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=90),
        planned_hours=Decimal("16"),
    )
    laura = MenteeFactory(
        agreement=agreement,
        user=ParticipantFactory(username="laura@example.fi", first_name="Laura", last_name="Mäkinen"),
    )
    johan = MenteeFactory(
        agreement=agreement,
        user=ParticipantFactory(username="johan@example.fi", first_name="Johan", last_name="Lindqvist"),
    )
    session = MentoringSessionFactory(
        agreement=agreement, days=-1, topic="Perheen verkosto mukaan suunnitelmaan", participants=[laura, johan]
    )
    return agreement, session, laura, johan


def log_in(page, base, email):
    page.goto(f"{base}/fi/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/fi/my/trainings/")


def test_a_mentor_logs_a_session_on_a_phone_and_the_mentee_sees_it(
    open_page, live_server, planned_yesterday, assert_accessible, expected_console_errors
):
    agreement, session, laura, johan = planned_yesterday
    base = live_server.url
    expected_console_errors.append("status of 400")  # the mistyped duration's page is a 400
    page = open_page(375, 812)

    log_in(page, base, "mentori@example.fi")
    page.locator("header a[href='/fi/my/mentoring/']").click()
    expect(page.locator(f"[data-agreement='{agreement.pk}']")).to_be_visible()
    assert_accessible(page)
    page.locator(f"[data-agreement='{agreement.pk}'] h3 a").click()
    expect(page.locator("h1")).to_have_text(agreement.team)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.locator(f"#to-log [data-session='{session.pk}'] a[href$='/log/']").click()
    expect(page.locator("input[name=topic]")).to_have_value("Perheen verkosto mukaan suunnitelmaan")
    assert_accessible(page)
    # A slip of the finger: 900 minutes. The form comes back with the message by the field.
    page.fill("input[name=duration_minutes]", "900")
    page.locator("form.session-form button[type=submit]").click()
    expect(page.locator("#id_duration_minutes_error")).to_be_visible()
    assert_accessible(page)
    assert not MentoringSession.objects.get(pk=session.pk).delivered

    # Corrected by keyboard alone: the duration, Johan unticked (he did not come), the texts, Enter.
    page.locator("input[name=duration_minutes]").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("80")
    page.locator(f"input[name=participants][value='{johan.pk}']").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # Laura, who came, stays ticked
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "summary"
    page.keyboard.type("Verkostokartta kahdesta perheestä.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "notes"
    page.keyboard.type("Seuraavaksi isovanhemmat mukaan.")
    page.locator("form.session-form button[type=submit]").focus()
    page.keyboard.press("Enter")

    expect(page.locator(".message")).to_be_visible()
    expect(page.locator(f"#delivered [data-session='{session.pk}']")).to_contain_text("80")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    logged = MentoringSession.objects.get(pk=session.pk)
    assert (logged.duration_minutes, logged.summary, logged.notes) == (
        80,
        "Verkostokartta kahdesta perheestä.",
        "Seuraavaksi isovanhemmat mukaan.",
    )
    assert list(logged.participants.all()) == [laura]

    mentee = open_page(1280)
    log_in(mentee, base, "laura@example.fi")
    mentee.locator("header a[href='/fi/my/mentoring/']").click()
    card = mentee.locator(f"[data-agreement='{agreement.pk}']")
    expect(card.locator(".my-hours")).to_have_attribute("data-minutes", "80")
    card.locator("h3 a").click()
    delivered = mentee.locator(f"#delivered [data-session='{session.pk}']")
    expect(delivered).to_contain_text("Verkostokartta kahdesta perheestä.")
    expect(mentee.locator("main")).not_to_contain_text("isovanhemmat")
    assert_accessible(mentee)

    johans = open_page(375, 812)
    log_in(johans, base, "johan@example.fi")
    johans.goto(f"{base}/fi/my/mentoring/{agreement.pk}/")
    expect(johans.locator("h1")).to_have_text(agreement.team)
    expect(johans.locator(f"[data-session='{session.pk}']")).to_have_count(0)
    assert_accessible(johans)
