"""The mentors' and mentees' pages: what each sees, the session forms and their refusals, 404 for
anyone else, and a fixed number of queries. Assertions read data and markup (ids, data attributes,
names), not interface texts, except where the text is what the test is about."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from mentoring.models import MentoringSession
from tests.factories import (
    CertificateFactory,
    CoordinatorFactory,
    MenteeFactory,
    MentoringSessionFactory,
    ParticipantFactory,
    at,
)

pytestmark = pytest.mark.django_db


def agreement_url(agreement, *parts, lang="fi"):
    return "/".join([f"/{lang}/my/mentoring/{agreement.pk}", *parts]) + "/"


def session_url(session, *parts):
    return "/".join([f"/fi/my/mentoring/sessions/{session.pk}", *parts]) + "/"


@pytest.fixture
def mentor_client(client, mentor):
    client.force_login(mentor)
    return client


@pytest.fixture
def sessions(agreement, asa, bjorn):
    """Delivered with both, delivered with Björn only (notes and summary), planned for Åsa."""
    return {
        "both": MentoringSessionFactory(
            agreement=agreement, days=-30, duration_minutes=60, participants=[asa, bjorn], topic="Yhteinen"
        ),
        "bjorn": MentoringSessionFactory(
            agreement=agreement,
            days=-10,
            duration_minutes=90,
            participants=[bjorn],
            topic="Björnin",
            summary="Yhteenveto Björnille",
            notes="Mentorin oma huomio",
        ),
        "planned": MentoringSessionFactory(agreement=agreement, days=5, participants=[asa], topic="Tuleva"),
    }


# My mentoring


def test_my_mentoring_lists_the_mentors_agreements_with_hours(mentor_client, agreement, sessions):
    response = mentor_client.get("/fi/my/mentoring/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-agreement="{agreement.pk}"' in html
    assert 'data-delivered-minutes="150"' in html
    assert 'data-planned-hours="20.0"' in html
    # The header links the page for mentors and mentees.
    assert '<li><a href="/fi/my/mentoring/">' in html


def test_my_mentoring_lists_a_mentees_agreements_with_their_own_hours(client, agreement, asa, bjorn, sessions):
    client.force_login(bjorn.user)

    html = client.get("/fi/my/mentoring/").content.decode()

    assert f'data-agreement="{agreement.pk}"' in html
    assert 'data-minutes="150"' in html


def test_my_mentoring_of_someone_without_agreements_says_so(client):
    client.force_login(ParticipantFactory())

    response = client.get("/fi/my/mentoring/")

    assert response.status_code == 200
    assert "data-agreement" not in response.content.decode()
    assert '<li><a href="/fi/my/mentoring/">' not in response.content.decode()  # no header link for them


def test_my_mentoring_asks_for_log_in(client):
    response = client.get("/fi/my/mentoring/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# The agreement page


def test_the_mentor_sees_every_session_with_notes_and_the_mentees_hours(mentor_client, agreement, asa, bjorn, sessions):
    html = mentor_client.get(agreement_url(agreement)).content.decode()

    for session in sessions.values():
        assert f'data-session="{session.pk}"' in html
    assert "Mentorin oma huomio" in html
    assert f'data-mentee="{asa.pk}" data-minutes="60"' in html
    assert f'data-mentee="{bjorn.pk}" data-minutes="150"' in html
    assert f'action="{agreement_url(agreement, "plan")}"' in html


def test_a_mentee_sees_only_their_sessions_with_the_summary_but_not_the_notes(client, agreement, asa, bjorn, sessions):
    client.force_login(asa.user)

    html = client.get(agreement_url(agreement)).content.decode()

    assert f'data-session="{sessions["both"].pk}"' in html
    assert f'data-session="{sessions["planned"].pk}"' in html
    assert f'data-session="{sessions["bjorn"].pk}"' not in html
    assert "Yhteenveto Björnille" not in html
    assert "Mentorin oma huomio" not in html
    assert 'data-minutes="60"' in html
    assert "/plan/" not in html


def test_bjorn_reads_the_summary_of_his_session_but_never_the_notes(client, agreement, bjorn, sessions):
    client.force_login(bjorn.user)

    html = client.get(agreement_url(agreement)).content.decode()

    assert "Yhteenveto Björnille" in html
    assert "Mentorin oma huomio" not in html


@pytest.mark.parametrize("who", ["stranger", "other_mentor", "coordinator"])
def test_anyone_else_gets_404_for_an_agreement(client, agreement, other_agreement, sessions, who):
    person = {
        "stranger": ParticipantFactory,
        "other_mentor": lambda: other_agreement.mentor,
        "coordinator": CoordinatorFactory,
    }[who]()
    client.force_login(person)

    assert client.get(agreement_url(agreement)).status_code == 404
    assert client.get(agreement_url(agreement, "plan")).status_code == 404
    assert client.get(session_url(sessions["planned"])).status_code == 404
    assert client.post(session_url(sessions["planned"], "cancel")).status_code == 404
    assert MentoringSession.objects.filter(pk=sessions["planned"].pk).exists()


def test_a_mentee_cannot_plan_log_or_change_sessions(client, agreement, asa, sessions):
    client.force_login(asa.user)

    for url in (
        agreement_url(agreement, "plan"),
        agreement_url(agreement, "log"),
        session_url(sessions["planned"]),
        session_url(sessions["planned"], "log"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(session_url(sessions["planned"], "cancel")).status_code == 404


def test_the_agreement_page_takes_the_same_queries_however_many_sessions(mentor_client, agreement, asa, bjorn):
    def queries():
        mentor_client.get(agreement_url(agreement))
        with CaptureQueriesContext(connection) as captured:
            assert mentor_client.get(agreement_url(agreement)).status_code == 200
        return len(captured)

    MentoringSessionFactory(agreement=agreement, days=-3, duration_minutes=60, participants=[asa])
    few = queries()
    for days in (-20, -15, -9, 4, 8):
        MentoringSessionFactory(
            agreement=agreement, days=days, duration_minutes=45 if days < 0 else None, participants=[asa, bjorn]
        )
    MenteeFactory(agreement=agreement)

    assert queries() == few


def test_my_mentoring_takes_the_same_queries_however_many_agreements(mentor_client, agreement, asa, other_agreement):
    def queries():
        mentor_client.get("/fi/my/mentoring/")
        with CaptureQueriesContext(connection) as captured:
            mentor_client.get("/fi/my/mentoring/")
        return len(captured)

    MentoringSessionFactory(agreement=agreement, days=-3, duration_minutes=60, participants=[asa])
    few = queries()
    for _ in range(3):
        other_agreement.pk = None
        other_agreement.mentor = agreement.mentor
        other_agreement.save()
        MentoringSessionFactory(agreement=other_agreement, days=-2, duration_minutes=30)

    assert queries() == few


# Planning and logging


def session_data(mentees, **fields) -> dict:
    when = fields.pop("starts_at", at(7))
    return {
        "date": when.date().isoformat(),
        "time": when.strftime("%H:%M"),
        "planned_minutes": "90",
        "duration_minutes": "75",
        "topic": "Hypoteesit",
        "place": "Porin perhekeskus",
        "participants": [mentee.pk for mentee in mentees],
        "summary": "Yhteenveto",
        "notes": "Omat muistiinpanot",
        **fields,
    }


def test_the_plan_form_offers_every_mentee_ticked(mentor_client, agreement, asa, bjorn):
    html = mentor_client.get(agreement_url(agreement, "plan")).content.decode()

    assert len(re.findall(r'name="participants"[^>]* checked', html)) == 2
    assert 'name="duration_minutes"' not in html
    assert 'name="notes"' not in html


def test_the_mentor_plans_a_session(mentor_client, agreement, asa, bjorn):
    response = mentor_client.post(agreement_url(agreement, "plan"), session_data([asa, bjorn]))

    assert response.status_code == 302
    assert response["Location"] == agreement_url(agreement)
    session = MentoringSession.objects.get()
    assert (session.starts_at, session.planned_minutes, session.duration_minutes) == (at(7), 90, None)
    assert set(session.participants.all()) == {asa, bjorn}


def test_a_session_planned_in_the_past_comes_back_with_the_message_by_the_date(mentor_client, agreement, asa):
    response = mentor_client.post(agreement_url(agreement, "plan"), session_data([asa], starts_at=at(-1)))

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_date_error"' in html
    assert 'value="Hypoteesit"' in html  # what was typed is kept
    assert MentoringSession.objects.count() == 0


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_session_on_a_day_outside_the_programmes_years_is_refused(mentor_client, agreement, asa, day):
    data = {**session_data([asa]), "date": day, "time": "00:00"}

    for action in ("plan", "log"):
        response = mentor_client.post(agreement_url(agreement, action), data)
        assert response.status_code == 400
        assert 'id="id_date_error"' in response.content.decode()
    assert MentoringSession.objects.count() == 0


@pytest.mark.parametrize("participant", ["9" * 30, "²", "-1", "1.0"])
def test_a_participant_that_cannot_be_a_mentee_is_refused(mentor_client, agreement, asa, participant):
    data = {**session_data([asa]), "participants": [str(asa.pk), participant]}

    response = mentor_client.post(agreement_url(agreement, "plan"), data)

    assert response.status_code == 400
    assert 'id="participants-errors"' in response.content.decode()
    assert MentoringSession.objects.count() == 0


def test_a_participant_of_another_agreement_is_refused(mentor_client, agreement, asa, other_agreement):
    stranger = other_agreement.mentees.get()

    response = mentor_client.post(agreement_url(agreement, "plan"), session_data([asa, stranger]))

    assert response.status_code == 400
    assert 'id="participants-errors"' in response.content.decode()
    assert MentoringSession.objects.count() == 0


def test_the_mentor_logs_a_past_session(mentor_client, agreement, asa, mentor):
    response = mentor_client.post(agreement_url(agreement, "log"), session_data([asa], starts_at=at(-1)))

    assert response.status_code == 302
    session = MentoringSession.objects.get()
    assert (session.duration_minutes, session.summary, session.notes, session.logged_by) == (
        75,
        "Yhteenveto",
        "Omat muistiinpanot",
        mentor,
    )


@pytest.mark.parametrize(("minutes", "field_error"), [("3", True), ("481", True), ("", True)])
def test_a_duration_out_of_bounds_is_refused_by_the_field(mentor_client, agreement, asa, minutes, field_error):
    response = mentor_client.post(
        agreement_url(agreement, "log"), session_data([asa], starts_at=at(-1), duration_minutes=minutes)
    )

    assert response.status_code == 400
    assert 'id="id_duration_minutes_error"' in response.content.decode()
    assert MentoringSession.objects.count() == 0


def test_a_session_in_the_future_cannot_be_logged(mentor_client, agreement, asa):
    response = mentor_client.post(agreement_url(agreement, "log"), session_data([asa], starts_at=at(2)))

    assert response.status_code == 400
    assert 'id="id_date_error"' in response.content.decode()


def test_logging_a_planned_session_starts_from_its_plan(mentor_client, agreement, asa, bjorn):
    planned = MentoringSessionFactory(
        agreement=agreement, days=-1, participants=[bjorn], topic="Suunniteltu", planned_minutes=60
    )

    form = mentor_client.get(session_url(planned, "log")).content.decode()
    response = mentor_client.post(
        session_url(planned, "log"), session_data([asa, bjorn], starts_at=planned.starts_at, duration_minutes="50")
    )

    assert 'value="Suunniteltu"' in form
    assert 'name="duration_minutes" value="60"' in form
    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.duration_minutes, planned.topic) == (50, "Hypoteesit")
    assert set(planned.participants.all()) == {asa, bjorn}


def test_a_delivered_sessions_log_link_goes_to_its_edit_page(mentor_client, agreement, asa):
    delivered = MentoringSessionFactory(agreement=agreement, days=-5, duration_minutes=60, participants=[asa])

    response = mentor_client.get(session_url(delivered, "log"))

    assert response.status_code == 302
    assert response["Location"] == session_url(delivered)


def test_the_mentor_corrects_a_log(mentor_client, agreement, asa, bjorn):
    delivered = MentoringSessionFactory(agreement=agreement, days=-5, duration_minutes=60, participants=[asa])

    response = mentor_client.post(
        session_url(delivered), session_data([asa, bjorn], starts_at=delivered.starts_at, duration_minutes="45")
    )

    assert response.status_code == 302
    delivered.refresh_from_db()
    assert delivered.duration_minutes == 45
    assert set(delivered.participants.all()) == {asa, bjorn}


def test_the_mentor_moves_a_planned_session(mentor_client, agreement, asa):
    planned = MentoringSessionFactory(agreement=agreement, days=5, participants=[asa])

    response = mentor_client.post(session_url(planned), session_data([asa], starts_at=at(9, 10), planned_minutes="60"))

    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.starts_at, planned.planned_minutes, planned.delivered) == (at(9, 10), 60, False)


def test_the_mentor_cancels_a_planned_session_but_not_a_delivered_one(mentor_client, agreement, asa):
    planned = MentoringSessionFactory(agreement=agreement, days=5, participants=[asa])
    delivered = MentoringSessionFactory(agreement=agreement, days=-5, duration_minutes=60, participants=[asa])

    assert mentor_client.get(session_url(planned, "cancel")).status_code == 405
    assert mentor_client.post(session_url(planned, "cancel")).status_code == 302
    assert mentor_client.post(session_url(delivered, "cancel")).status_code == 302

    planned.refresh_from_db()
    delivered.refresh_from_db()
    assert (planned.is_cancelled, delivered.is_cancelled) == (True, False)


def test_a_cancelled_session_shows_as_cancelled_to_the_mentor_the_mentee_and_the_coordinator(
    client, mentor_client, agreement, asa, coordinator
):
    cancelled = MentoringSessionFactory(
        agreement=agreement, days=5, participants=[asa], topic="Peruttava", cancelled_at=timezone.now()
    )
    planned = MentoringSessionFactory(agreement=agreement, days=8, participants=[asa], topic="Pidettävä")

    mentor_page = mentor_client.get(agreement_url(agreement)).content.decode()
    assert re.search(rf'id="cancelled".*data-session="{cancelled.pk}"', mentor_page, re.DOTALL)
    upcoming = mentor_page[mentor_page.index('id="upcoming"') : mentor_page.index('id="delivered"')]
    assert f'data-session="{planned.pk}"' in upcoming
    assert f'data-session="{cancelled.pk}"' not in upcoming
    assert mentor_client.get(session_url(cancelled)).status_code == 302  # nothing to change
    assert mentor_client.get(session_url(cancelled, "log")).status_code == 302

    client.force_login(asa.user)
    mentee_page = client.get(agreement_url(agreement)).content.decode()
    assert re.search(rf'session-cancelled" data-session="{cancelled.pk}"', mentee_page)
    client.force_login(coordinator)
    admin_page = client.get(f"/admin/mentoring/{agreement.pk}/").content.decode()
    assert f'id="session-{cancelled.pk}" data-delivered="false" data-cancelled="true"' in admin_page


def test_the_pages_work_in_swedish(mentor_client, agreement, asa, bjorn):
    MentoringSessionFactory(agreement=agreement, days=-5, duration_minutes=60, participants=[asa])

    assert mentor_client.get(agreement_url(agreement, lang="sv")).status_code == 200
    assert mentor_client.get(agreement_url(agreement, "plan", lang="sv")).status_code == 200
    assert mentor_client.get("/sv/my/mentoring/").status_code == 200


def test_the_log_form_says_by_the_field_why_an_attested_session_keeps_its_duration_and_people(
    mentor_client, agreement, asa, bjorn
):
    session = MentoringSessionFactory(agreement=agreement, days=-5, duration_minutes=60, participants=[asa, bjorn])
    CertificateFactory(mentee=asa, data={"session_ids": [session.pk]})
    url = session_url(session)

    longer = mentor_client.post(url, session_data([asa, bjorn], starts_at=at(-5), duration_minutes="90"))
    without_asa = mentor_client.post(url, session_data([bjorn], starts_at=at(-5), duration_minutes="60"))
    without_bjorn = mentor_client.post(url, session_data([asa], starts_at=at(-5), duration_minutes="60"))

    assert longer.status_code == 400
    assert 'id="id_duration_minutes_error"' in longer.content.decode()
    assert without_asa.status_code == 400
    assert 'id="participants-errors"' in without_asa.content.decode()
    assert without_bjorn.status_code == 302  # Björn holds no attestation
    session.refresh_from_db()
    assert (session.duration_minutes, list(session.participants.all())) == (60, [asa])
