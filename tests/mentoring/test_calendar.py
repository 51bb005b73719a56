"""Mentoring sessions in the person's private calendar feed (served by enrolment.views.feed_view)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from icalendar import Calendar

from accounts.selectors import profile_for
from tests.factories import MenteeFactory, MentoringSessionFactory, at

pytestmark = pytest.mark.django_db


def feed(client, user) -> list:
    response = client.get(f"/calendar/{profile_for(user).feed_token}.ics")
    assert response.status_code == 200
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_the_mentors_feed_has_every_session_of_their_agreements(client, agreement, asa, bjorn, other_agreement):
    delivered = MentoringSessionFactory(
        agreement=agreement,
        days=-7,
        duration_minutes=75,
        participants=[asa],
        notes="Mentorin oma huomio",
        summary="Yhteenveto",
    )
    planned = MentoringSessionFactory(
        agreement=agreement, days=3, participants=[bjorn], place="Porin perhekeskus", planned_minutes=60
    )
    MentoringSessionFactory(agreement=other_agreement, days=2, participants=list(other_agreement.mentees.all()))

    events = {str(event["uid"]): event for event in feed(client, agreement.mentor)}

    assert set(events) == {
        f"mentoring-session-{delivered.pk}@koulutus.example.fi",
        f"mentoring-session-{planned.pk}@koulutus.example.fi",
    }
    planned_event = events[f"mentoring-session-{planned.pk}@koulutus.example.fi"]
    assert planned_event.decoded("dtstart") == at(3)
    assert planned_event.decoded("dtend") - planned_event.decoded("dtstart") == dt.timedelta(minutes=60)
    assert str(planned_event["location"]) == "Porin perhekeskus"
    assert agreement.team in str(planned_event["summary"])
    delivered_event = events[f"mentoring-session-{delivered.pk}@koulutus.example.fi"]
    assert delivered_event.decoded("dtend") - delivered_event.decoded("dtstart") == dt.timedelta(minutes=75)
    descriptions = " ".join(str(event["description"]) for event in events.values())
    assert "Mentorin oma huomio" not in descriptions
    assert "Yhteenveto" not in descriptions


def test_a_mentees_feed_has_only_the_sessions_they_take_part_in_in_their_language(client, agreement, asa, bjorn):
    with_bjorn = MentoringSessionFactory(agreement=agreement, days=3, participants=[bjorn, asa])
    MentoringSessionFactory(agreement=agreement, days=5, participants=[asa])

    events = feed(client, bjorn.user)

    assert [str(event["uid"]) for event in events] == [f"mentoring-session-{with_bjorn.pk}@koulutus.example.fi"]
    assert "/sv/my/mentoring/" in str(events[0]["url"])  # Björn reads the site in Swedish


def test_the_feed_takes_the_same_queries_however_many_sessions(client, agreement, asa):
    def queries():
        token = profile_for(asa.user).feed_token
        client.get(f"/calendar/{token}.ics")
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/calendar/{token}.ics")
        return len(captured)

    MentoringSessionFactory(agreement=agreement, days=1, participants=[asa])
    few = queries()
    for days in (-20, -10, 2, 9):
        MentoringSessionFactory(
            agreement=agreement, days=days, duration_minutes=60 if days < 0 else None, participants=[asa]
        )
    other = MenteeFactory(agreement=agreement)
    MentoringSessionFactory(agreement=agreement, days=4, participants=[asa, other])

    assert queries() == few


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(client, agreement, asa):
    from django.utils import timezone

    cancelled = MentoringSessionFactory(agreement=agreement, days=3, participants=[asa], cancelled_at=timezone.now())

    [event] = feed(client, asa.user)

    assert str(event["uid"]) == f"mentoring-session-{cancelled.pk}@koulutus.example.fi"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["summary"]).startswith("Peruttu: ")


def test_the_feed_names_its_time_zone_and_a_moved_or_cancelled_session_gets_a_higher_sequence(client, agreement, asa):
    from mentoring.services import cancel_session, reschedule_session

    session = MentoringSessionFactory(agreement=agreement, days=3, participants=[asa], planned_minutes=60)

    def event():
        calendar = Calendar.from_ical(client.get(f"/calendar/{profile_for(asa.user).feed_token}.ics").content)
        assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
        [event] = calendar.walk("VEVENT")
        return event

    first = event()
    reschedule_session(
        session, starts_at=at(4), planned_minutes=60, topic=session.topic, place="", participants=[asa], by=None
    )
    moved = event()
    cancel_session(session, by=None)
    cancelled = event()

    assert first["sequence"] < moved["sequence"] < cancelled["sequence"]
    assert moved.decoded("dtstart") == at(4)
    assert first.decoded("last-modified") <= moved.decoded("last-modified")


def test_logging_a_planned_session_with_another_length_is_a_new_version_and_the_summary_is_not(agreement, asa):
    from mentoring.services import log_session

    session = MentoringSessionFactory(agreement=agreement, days=-1, participants=[asa], planned_minutes=60)
    fields = {"starts_at": session.starts_at, "topic": session.topic, "participants": [asa], "by": None}

    log_session(agreement, session=session, duration_minutes=60, **fields)
    session.refresh_from_db()
    assert session.sequence == 0  # it took the hour planned: the calendar shows the same
    log_session(agreement, session=session, duration_minutes=60, summary="Yhteenveto", **fields)
    session.refresh_from_db()
    assert session.sequence == 0
    log_session(agreement, session=session, duration_minutes=75, **fields)
    session.refresh_from_db()
    assert session.sequence == 1
