import datetime as dt

from django.utils import translation
from django.utils.translation import gettext

import pytest
from icalendar import Calendar

from accounts.selectors import profile_for
from courses.models import EnrolmentQuestion
from enrolment.models import Enrolment
from lms import dates
from tests import written
from tests.factories import (
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    MunicipalityFactory,
    ParticipantFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(catalogue):
    return IntroductionSessionPageFactory(parent=catalogue, title="Johdatus", slug="johdatus", capacity=1)


def test_anonymous_visitor_is_asked_to_log_in_to_enrol(client, offering):
    html = client.get("/fi/koulutukset/johdatus/").content.decode()

    # A button (Space works as Enter does), whose form goes to the log-in and back here.
    form = html[html.index('<form method="get" action="/fi/accounts/login/">') :]
    form = form[: form.index("</form>")]
    assert '<input type="hidden" name="next" value="/fi/koulutukset/johdatus/">' in form
    assert "<button" in form
    assert 'role="button"' not in html


def test_one_step_enrolment_from_the_course_page(client, offering):
    person = ParticipantFactory()
    client.force_login(person)
    html = client.get("/fi/koulutukset/johdatus/").content.decode()
    assert f'action="/fi/enrol/{offering.pk}/"' in html

    response = client.post(f"/fi/enrol/{offering.pk}/")

    assert response.status_code == 302
    assert response["Location"] == "/fi/my/trainings/"
    assert Enrolment.objects.get(user=person).status == Enrolment.Status.CONFIRMED
    page = client.get("/fi/koulutukset/johdatus/").content.decode()
    assert "badge-confirmed" in page


def test_enrolment_asks_for_missing_profile_once_and_keeps_input_on_error(client, offering):
    person = ParticipantFactory(profile=False)
    client.force_login(person)
    municipality, sector = MunicipalityFactory(), SectorFactory()

    form = client.get(f"/fi/enrol/{offering.pk}/")
    assert 'name="profile-organisation"' in form.content.decode()

    bad = client.post(
        f"/fi/enrol/{offering.pk}/",
        {"step": "form", "profile-first_name": "Liisa", "profile-organisation": "Porin kaupunki"},
    )
    assert bad.status_code == 400
    assert 'value="Porin kaupunki"' in bad.content.decode()
    assert not Enrolment.objects.exists()

    good = client.post(
        f"/fi/enrol/{offering.pk}/",
        {
            "step": "form",
            "profile-first_name": "Liisa",
            "profile-last_name": "Laine",
            "profile-organisation": "Porin kaupunki",
            "profile-municipality": municipality.pk,
            "profile-sector": sector.pk,
            "profile-job_title": "Sosiaalityöntekijä",
            "profile-preferred_language": "fi",
        },
    )
    assert good.status_code == 302
    assert profile_for(person).is_complete
    assert Enrolment.objects.filter(user=person).exists()


def test_course_questions_are_asked_and_answers_stored(client, offering):
    EnrolmentQuestion.objects.create(
        offering=offering,
        kind="choice",
        label_fi="Ruokavalio",
        label_sv="Kost",
        choices_fi="Ei\nGluteeniton",
        choices_sv="Ingen\nGlutenfri",
        required=True,
    )
    question = EnrolmentQuestion.objects.create(offering=offering, label_fi="Odotukset", label_sv="Förväntningar")
    choice = offering.questions.get(kind="choice")
    person = ParticipantFactory()
    client.force_login(person)

    form = client.get(f"/sv/enrol/{offering.pk}/").content.decode()
    assert "Kost" in form
    assert "Glutenfri" in form

    missing = client.post(f"/sv/enrol/{offering.pk}/", {"step": "form", f"questions-q{question.pk}": "Lära mig"})
    assert missing.status_code == 400
    assert "Lära mig" in missing.content.decode()

    client.post(
        f"/sv/enrol/{offering.pk}/",
        {"step": "form", f"questions-q{choice.pk}": "Gluteeniton", f"questions-q{question.pk}": "Lära mig"},
    )
    answers = Enrolment.objects.get(user=person).answers
    assert answers[str(choice.pk)] == {"question": "Ruokavalio", "answer": "Gluteeniton"}
    assert answers[str(question.pk)]["answer"] == "Lära mig"


def test_refused_enrolment_shows_a_translated_reason(client, catalogue):
    from django.utils import timezone

    closed = IntroductionSessionPageFactory(parent=catalogue, enrolment_closes=timezone.now())
    client.force_login(ParticipantFactory())

    response = client.post(f"/sv/enrol/{closed.pk}/")

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Enrolment.objects.exists()


def test_full_course_offers_the_waiting_list(client, offering):
    EnrolmentFactory(offering=offering)
    person = ParticipantFactory()
    client.force_login(person)

    client.post(f"/fi/enrol/{offering.pk}/")

    enrolment = Enrolment.objects.get(user=person)
    assert (enrolment.status, enrolment.position) == (Enrolment.Status.WAITING, 1)
    html = client.get("/fi/my/trainings/").content.decode()
    assert "badge-waiting" in html


def test_my_trainings_lists_only_own_enrolments_by_group(client, catalogue):
    person = ParticipantFactory()
    upcoming = IntroductionSessionPageFactory(parent=catalogue, title="Tuleva")
    past = IntroductionSessionPageFactory(parent=catalogue, title="Mennyt", sessions=[-30])
    someone_elses = IntroductionSessionPageFactory(parent=catalogue, title="Toisen")
    EnrolmentFactory(offering=upcoming, user=person)
    EnrolmentFactory(offering=past, user=person)
    EnrolmentFactory(offering=someone_elses)
    client.force_login(person)

    html = client.get("/fi/my/trainings/").content.decode()

    assert "Tuleva" in html
    assert "Mennyt" in html
    assert "Toisen" not in html
    assert html.index("Tuleva") < html.index("Mennyt")


def test_participant_cancels_in_one_step_and_the_seat_goes_to_the_waiting_list(
    client, offering, mailoutbox, django_capture_on_commit_callbacks
):
    person = ParticipantFactory()
    waiting = EnrolmentFactory(offering=offering, user=ParticipantFactory(), status="waiting")
    mine = EnrolmentFactory(offering=offering, user=person)
    client.force_login(person)

    confirmation = client.get(f"/fi/my/enrolments/{mine.pk}/cancel/").content.decode()
    assert 'type="checkbox"' not in confirmation  # the page asks; its button is the answer

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fi/my/enrolments/{mine.pk}/cancel/")

    assert response.status_code == 302
    assert response["Location"] == f"/fi/my/enrolments/{mine.pk}/"
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Enrolment.Status.CANCELLED
    assert waiting.status == Enrolment.Status.CONFIRMED
    assert waiting.user.email in [message.to[0] for message in mailoutbox]


def test_nobody_cancels_someone_elses_enrolment(client, offering):
    other = EnrolmentFactory(offering=offering, user=ParticipantFactory())
    client.force_login(ParticipantFactory())

    assert client.post(f"/fi/my/enrolments/{other.pk}/cancel/").status_code == 404
    assert client.get(f"/fi/my/enrolments/{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.status == Enrolment.Status.CONFIRMED


def test_cancelling_after_the_start_is_left_to_the_coordinator(client, catalogue):
    started = IntroductionSessionPageFactory(parent=catalogue, sessions=[-1, 5])
    person = ParticipantFactory()
    mine = EnrolmentFactory(offering=started, user=person)
    client.force_login(person)

    response = client.post(f"/fi/my/enrolments/{mine.pk}/cancel/")

    assert response.status_code == 302
    assert response["Location"] == f"/fi/my/enrolments/{mine.pk}/"
    mine.refresh_from_db()
    assert mine.status == Enrolment.Status.CONFIRMED


# Each enrolment's own page


def test_an_enrolment_page_gives_the_status_the_sessions_with_place_or_link_and_what_to_do(client, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, title_en="Systemic practice", sessions=[20, 21])
    online = offering.sessions.order_by("date").last()
    online.place, online.online_url = "", "https://meet.example.fi/systeeminen"
    online.save()
    person = ParticipantFactory()
    mine = EnrolmentFactory(offering=offering, user=person)
    last_day = offering.starts_on - dt.timedelta(days=offering.cancellation_days)
    client.force_login(person)

    html = client.get(f"/en/my/enrolments/{mine.pk}/").content.decode()

    assert "<h1>Systemic practice</h1>" in html
    assert 'class="badge badge-confirmed">Confirmed<' in html
    for session in offering.sessions.all():
        assert written.session(session.date, session.starts_at, session.ends_at, "en") in html
    assert "Porin kaupunginkirjasto" in html
    assert 'href="https://meet.example.fi/systeeminen"' in html
    assert f"please cancel by {written.moment(last_day, dt.time(23, 59), 'en')} so that" in html
    assert f'href="/en/my/enrolments/{mine.pk}/cancel/"' in html
    assert 'href="/en/my/trainings/"' in html


def test_on_the_waiting_list_the_page_gives_the_place_in_line_and_keeps_the_online_link_back(client, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=1)
    offering.sessions.update(online_url="https://meet.example.fi/systeeminen")
    EnrolmentFactory(offering=offering)
    EnrolmentFactory(offering=offering, status="waiting", position=1)
    mine = EnrolmentFactory(offering=offering, user=ParticipantFactory(), status="waiting", position=2)
    client.force_login(mine.user)

    html = client.get(f"/en/my/enrolments/{mine.pk}/").content.decode()

    assert "number 2 in line" in html
    assert "If a place frees up, you get it automatically" in html
    assert "meet.example.fi" not in html


def test_back_and_reload_after_cancelling_land_on_the_enrolment_page_which_says_what_happened(client, offering):
    person = ParticipantFactory()
    mine = EnrolmentFactory(offering=offering, user=person)
    client.force_login(person)
    cancel_url, page_url = f"/sv/my/enrolments/{mine.pk}/cancel/", f"/sv/my/enrolments/{mine.pk}/"

    assert client.post(cancel_url)["Location"] == page_url
    back = client.get(cancel_url)  # the browser's Back shows the confirmation again
    posted_again = client.post(cancel_url)  # or sends it again
    reloaded = client.get(page_url)

    assert (back.status_code, back["Location"]) == (302, page_url)
    assert (posted_again.status_code, posted_again["Location"]) == (302, page_url)
    assert reloaded.status_code == 200
    html = reloaded.content.decode()
    mine.refresh_from_db()
    with translation.override("sv"):
        said = gettext("You cancelled this enrolment on %(at)s.") % {"at": dates.short_datetime(mine.cancelled_at)}
    assert said in html
    assert 'class="badge badge-cancelled"' in html
    assert 'href="/sv/my/trainings/"' in html
    assert "/cancel/" not in html
    assert Enrolment.objects.get(pk=mine.pk).status == Enrolment.Status.CANCELLED


def test_a_cancelled_enrolment_says_who_cancelled_and_leads_to_the_enrolment_made_since(client, offering):
    from enrolment.services import cancel_enrolment

    person = ParticipantFactory()
    first = EnrolmentFactory(offering=offering, user=person)
    cancel_enrolment(first, by=UserFactory(), reason="Pyysi puhelimessa")
    again = EnrolmentFactory(offering=offering, user=person)
    client.force_login(person)

    html = client.get(f"/en/my/enrolments/{first.pk}/").content.decode()

    assert "A coordinator cancelled this enrolment on" in html
    assert "Pyysi puhelimessa" not in html
    assert "You have enrolled in this training again." in html
    assert f'href="/en/my/enrolments/{again.pk}/"' in html


def test_my_trainings_and_the_course_page_lead_to_the_enrolment_page(client, offering):
    person = ParticipantFactory()
    mine = EnrolmentFactory(offering=offering, user=person)
    client.force_login(person)

    assert f'href="/fi/my/enrolments/{mine.pk}/"' in client.get("/fi/my/trainings/").content.decode()
    assert f'href="/fi/my/enrolments/{mine.pk}/"' in client.get("/fi/koulutukset/johdatus/").content.decode()
    again = client.get(f"/fi/enrol/{offering.pk}/")
    assert again["Location"] == f"/fi/my/enrolments/{mine.pk}/"


def test_my_trainings_offers_the_calendar_address_in_one_tap(client):
    person = ParticipantFactory()
    client.force_login(person)

    html = client.get("/fi/my/trainings/").content.decode()

    token = profile_for(person).feed_token
    assert f'value="http://testserver/calendar/{token}.ics"' in html
    assert f'href="webcal://testserver/calendar/{token}.ics"' in html


def test_calendar_feed_lists_confirmed_sessions_by_secret_address(client, catalogue):
    person = ParticipantFactory(profile={"preferred_language": "sv"})
    confirmed = IntroductionSessionPageFactory(parent=catalogue, title_sv="Introduktion", sessions=[5, 6])
    waiting = IntroductionSessionPageFactory(parent=catalogue, title_sv="Väntar", sessions=[7])
    EnrolmentFactory(offering=confirmed, user=person)
    EnrolmentFactory(offering=waiting, user=person, status="waiting")
    token = profile_for(person).feed_token

    response = client.get(f"/calendar/{token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert [str(event["summary"]) for event in events] == ["Introduktion", "Introduktion"]


def test_the_feed_names_its_time_zone_and_a_moved_course_session_gets_a_higher_sequence(client, catalogue):
    person = ParticipantFactory()
    offering = IntroductionSessionPageFactory(parent=catalogue, sessions=[5])
    EnrolmentFactory(offering=offering, user=person)
    url = f"/calendar/{profile_for(person).feed_token}.ics"

    def event():
        calendar = Calendar.from_ical(client.get(url).content)
        assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
        assert calendar.get_missing_tzids() == set()
        [event] = calendar.walk("VEVENT")
        return event

    first = event()
    # Published again as it was (the editor saved the page for another reason): the same version.
    offering.specific.save_revision().publish()
    assert event()["sequence"] == first["sequence"] == 0
    # The editor moves the session by an hour and publishes.
    page = offering.specific
    [session] = page.sessions.all()
    session.starts_at = dt.time(session.starts_at.hour + 1, session.starts_at.minute)
    page.sessions = [session]
    page.save_revision().publish()
    moved = event()

    assert moved["sequence"] == 1
    assert moved.decoded("dtstart").hour == session.starts_at.hour
    assert moved.decoded("last-modified") >= first.decoded("last-modified")


def test_changing_the_calendar_address_retires_the_old_one(client):
    person = ParticipantFactory()
    old = profile_for(person).feed_token
    client.force_login(person)

    client.post("/fi/my/calendar/reset/")

    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{profile_for(person).feed_token}.ics").status_code == 200


def test_enrol_page_of_a_draft_answers_404(client, catalogue):
    draft = IntroductionSessionPageFactory(parent=catalogue, live=False)
    client.force_login(UserFactory())

    assert client.get(f"/fi/enrol/{draft.pk}/").status_code == 404
