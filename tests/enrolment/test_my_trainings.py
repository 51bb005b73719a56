"""A participant's own attendance and completion in My trainings.

The wording is checked on the English page, where the source texts are the translation; the rest
reads markup (data attributes, classes).
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from attendance.services import override_completion, save_roster
from enrolment.models import Enrolment
from tests import written
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(catalogue):
    """Running: two sessions behind, one ahead; the second is mandatory; 80 % of three is three."""
    offering = IntroductionSessionPageFactory(parent=catalogue, title="Käynnissä", sessions=[-7, -1, 7])
    offering.sessions.filter(pk=sessions(offering)[1].pk).update(mandatory=True)
    return offering


def sessions(offering):
    return list(offering.sessions.order_by("date"))


def item(html, session):
    start = html.index(f'data-session="{session.pk}"')
    return html[start : html.index("</li>", start)]


def test_participant_sees_own_attendance_per_session_and_can_still_complete(client, offering, trainer):
    first, second, third = sessions(offering)
    mine = EnrolmentFactory(offering=offering, user=ParticipantFactory())
    save_roster(first, marks={mine.pk: ("late", "Bussi myöhässä")}, by=trainer)
    client.force_login(mine.user)

    html = client.get("/en/my/trainings/").content.decode()

    assert 'class="attendance attendance-late">Late<' in item(html, first)
    assert "attendance-unmarked" in item(html, second)
    assert "badge-mandatory" in item(html, second)
    # A session still ahead is neither marked nor "not marked yet".
    assert "attendance" not in item(html, third).replace('data-session="', "")
    assert "Bussi myöhässä" not in html
    assert 'data-completion="open"' in html
    assert "1 of 3 sessions attended (3 needed)." in html
    assert "You can still complete this training." in html


def test_missing_a_mandatory_session_means_the_training_can_no_longer_be_completed(client, offering, trainer):
    first, second, _third = sessions(offering)
    mine = EnrolmentFactory(offering=offering, user=ParticipantFactory())
    save_roster(first, marks={mine.pk: ("present", "")}, by=trainer)
    save_roster(second, marks={mine.pk: ("absent", "")}, by=trainer)
    client.force_login(mine.user)

    html = client.get("/en/my/trainings/").content.decode()

    assert 'class="attendance attendance-absent">Absent<' in item(html, second)
    assert 'data-completion="closed"' in html
    assert "You can no longer complete this training." in html
    assert "You missed a mandatory session." in html


def test_completed_training_and_a_coordinators_decision_show_as_such(client, catalogue, offering, trainer):
    past = IntroductionSessionPageFactory(parent=catalogue, title="Mennyt", sessions=[-30, -29])
    person = ParticipantFactory()
    done = EnrolmentFactory(offering=past, user=person)
    for session in past.sessions.all():
        save_roster(session, marks={done.pk: ("present", "")}, by=trainer)
    decided = EnrolmentFactory(offering=offering, user=person)
    override_completion(decided, completed=False, by=trainer, reason="Ei koskaan paikalla")
    client.force_login(person)

    html = client.get("/en/my/trainings/").content.decode()

    past_part = html[html.index('id="past-heading"') :]
    assert "2 of 2 sessions attended (2 needed)." in past_part
    assert "You have completed this training." in past_part
    upcoming = html[html.index('id="upcoming-heading"') : html.index('id="past-heading"')]
    assert "You have not completed this training." in upcoming
    assert "Ei koskaan paikalla" not in html


def test_nobody_sees_another_persons_attendance(client, offering, trainer):
    first = sessions(offering)[0]
    mine = EnrolmentFactory(offering=offering, user=ParticipantFactory())
    theirs = EnrolmentFactory(offering=offering, user=ParticipantFactory())
    save_roster(first, marks={theirs.pk: ("excused", "Sairas")}, by=trainer)
    client.force_login(mine.user)

    html = client.get("/en/my/trainings/").content.decode()

    assert "attendance-excused" not in html
    assert "attendance-unmarked" in item(html, first)
    assert "0 of 3 sessions attended" in html


def test_no_completion_before_the_course_begins_or_without_a_confirmed_place(client, catalogue):
    person = ParticipantFactory()
    EnrolmentFactory(offering=IntroductionSessionPageFactory(parent=catalogue, sessions=[5, 6]), user=person)
    EnrolmentFactory(
        offering=IntroductionSessionPageFactory(parent=catalogue, sessions=[-1, 6]),
        user=person,
        status=Enrolment.Status.WAITING,
    )
    client.force_login(person)

    html = client.get("/en/my/trainings/").content.decode()

    assert "data-completion" not in html
    assert "attendance-unmarked" not in html


def test_my_trainings_costs_the_same_queries_for_1_and_5_enrolments_with_attendance(client, catalogue, trainer):
    person = ParticipantFactory()
    client.force_login(person)

    def enrol_and_mark():
        offering = IntroductionSessionPageFactory(parent=catalogue, sessions=[-2, -1, 3])
        enrolment = EnrolmentFactory(offering=offering, user=person)
        for session in offering.sessions.all()[:2]:
            save_roster(session, marks={enrolment.pk: ("present", "")}, by=trainer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/fi/my/trainings/")
        assert response.status_code == 200
        return len(captured), response.content.decode().count("attendance-present")

    enrol_and_mark()
    client.get("/fi/my/trainings/")  # caches warmed
    one, marks = queries()
    for _ in range(4):
        enrol_and_mark()
    five, more_marks = queries()

    assert (marks, more_marks) == (2, 10)
    assert five == one, f"{one} queries for 1 enrolment, {five} for 5"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_my_trainings_writes_every_date_in_the_style_of_its_language(client, catalogue, language):
    offering = IntroductionSessionPageFactory(parent=catalogue, sessions=[10, 12])
    first, last = sessions(offering)
    person = ParticipantFactory()
    EnrolmentFactory(offering=offering, user=person)
    client.force_login(person)

    html = client.get(f"/{language}/my/trainings/").content.decode()

    assert f"{written.day(first.date, language)}–{written.day(last.date, language)}" in html
    for session in (first, last):
        assert written.session(session.date, session.starts_at, session.ends_at, language) in item(html, session)
    if language == "en":  # not "Tue 8.12.2026 12:30–15:30" beside "8 Dec 2026"
        assert f"{first.date.day}.{first.date.month}.{first.date.year}" not in html


def test_cancel_is_offered_until_the_training_starts_and_not_once_it_has(client, catalogue):
    """As the cancel view decides (enrolment.services.can_cancel_self): a running series is still
    upcoming in the list, but its first day has passed."""
    person = ParticipantFactory()
    upcoming = EnrolmentFactory(offering=IntroductionSessionPageFactory(parent=catalogue, sessions=[5]), user=person)
    running = EnrolmentFactory(offering=IntroductionSessionPageFactory(parent=catalogue, sessions=[-1, 5]), user=person)
    today = EnrolmentFactory(offering=IntroductionSessionPageFactory(parent=catalogue, sessions=[0, 5]), user=person)
    client.force_login(person)

    html = client.get("/en/my/trainings/").content.decode()

    assert f'href="/en/my/enrolments/{upcoming.pk}/cancel/"' in html
    for started in (running, today):
        assert f'href="/en/my/enrolments/{started.pk}/cancel/"' not in html
        page = client.get(f"/en/my/enrolments/{started.pk}/").content.decode()
        assert "/cancel/" not in page
        assert "This training has started. Please contact the coordinator to cancel." in page
        assert client.get(f"/en/my/enrolments/{started.pk}/cancel/").status_code == 302


# Certificates


@pytest.fixture
def quick_pdf(monkeypatch):
    from certificates import services

    monkeypatch.setattr(services, "render_certificate", lambda certificate: b"%PDF-1.7\n% stand-in\n")


def certified(catalogue, person, title="Mennyt"):
    from certificates.services import issue_certificate

    past = IntroductionSessionPageFactory(parent=catalogue, title=title, sessions=[-30])
    enrolment = EnrolmentFactory(offering=past, user=person, completed=True)
    return issue_certificate(enrolment, issued_by=None)


def test_a_completed_training_links_to_its_valid_certificate_for_its_holder_only(client, catalogue, quick_pdf):
    from certificates.services import revoke_certificate

    person = ParticipantFactory()
    certificate = certified(catalogue, person)
    EnrolmentFactory(offering=IntroductionSessionPageFactory(parent=catalogue, sessions=[-20]), user=person)
    link = f'href="/en/my/certificates/{certificate.display_code}.pdf"'
    client.force_login(person)

    html = client.get("/en/my/trainings/").content.decode()

    past = html[html.index('id="past-heading"') :]
    assert link in past
    assert past.count('<li class="enrolment') == 2
    assert past.count('class="certificate-link"') == 1  # not for the training not completed
    assert client.get(f"/en/my/certificates/{certificate.display_code}.pdf").status_code == 200

    client.force_login(ParticipantFactory())
    assert link not in client.get("/en/my/trainings/").content.decode()
    assert client.get(f"/en/my/certificates/{certificate.display_code}.pdf").status_code == 404

    revoke_certificate(certificate, by=None, reason="Virhe")
    client.force_login(person)
    assert 'class="certificate-link"' not in client.get("/en/my/trainings/").content.decode()


def test_my_trainings_costs_the_same_queries_for_1_and_5_certificates(client, catalogue, quick_pdf):
    person = ParticipantFactory()
    client.force_login(person)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/fi/my/trainings/")
        assert response.status_code == 200
        return len(captured), response.content.decode().count('class="certificate-link"')

    certified(catalogue, person, "Ensimmäinen")
    client.get("/fi/my/trainings/")  # caches warmed
    one, links = queries()
    for n in range(4):
        certified(catalogue, person, f"Mennyt {n}")
    five, more_links = queries()

    assert (links, more_links) == (1, 5)
    assert five == one, f"{one} queries for 1 certificate, {five} for 5"
