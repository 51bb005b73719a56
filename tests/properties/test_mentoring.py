"""A mentor's session form takes any input, planned or logged: a session is saved with its
participants, or nothing is."""

import datetime as dt

from django.utils import timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring.models import MentoringSession
from tests.factories import (
    AgreementFactory,
    MenteeFactory,
    MentoringSessionFactory,
)

from .conftest import example, rows
from .strategies import dates, languages, near, numbers, times

pytestmark = pytest.mark.django_db


YESTERDAY = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
NEXT_WEEK = (timezone.localdate() + dt.timedelta(days=7)).isoformat()


@pytest.fixture
def agreement(home_page):
    return AgreementFactory()


@pytest.fixture
def mentees(agreement):
    return [MenteeFactory(agreement=agreement) for _ in range(2)]


def session_posts(mentees, *, delivered: bool):
    good = {
        "date": YESTERDAY if delivered else NEXT_WEEK,
        "time": "13:00",
        "topic": "Reflektiivinen tiimi",
        "place": "Porin kaupungintalo",
        "participants": [str(mentees[0].pk)],
        **(
            {"duration_minutes": "90", "summary": "Sovittiin kokeilusta.", "notes": "Muista kysyä."}
            if delivered
            else {"planned_minutes": "90"}
        ),
    }
    pks = [str(mentee.pk) for mentee in mentees]
    return near(
        good,
        date=dates,
        time=times,
        planned_minutes=numbers,
        duration_minutes=numbers,
        participants=st.lists(st.sampled_from(pks) | numbers, max_size=3),
    )


def _posted(draw_data, mentees, delivered):
    return draw_data.draw(session_posts(mentees, delivered=delivered))


@settings(max_examples=40)
@given(language=languages, delivered=st.booleans(), data=st.data())
def test_a_session_is_saved_with_its_participants_or_not_at_all(agreement, mentees, language, delivered, data):
    posted = _posted(data, mentees, delivered)
    action = "log" if delivered else "plan"
    with example(agreement.mentor) as client:
        before = rows(MentoringSession)

        response = client.post(f"/{language}/my/mentoring/{agreement.pk}/{action}/", posted)

        assert response.status_code in (302, 400)
        added = rows(MentoringSession)["mentoring.MentoringSession"] - before["mentoring.MentoringSession"]
        assert added == (1 if response.status_code == 302 else 0)
        if response.status_code == 302:
            session = MentoringSession.objects.latest("pk")
            assert session.participants.exists()
            assert set(session.participants.all()) <= set(mentees)


@pytest.fixture
def planned(agreement, mentees):
    return MentoringSessionFactory(agreement=agreement, days=5, participants=mentees[:1], planned_minutes=90)


@settings(max_examples=30)
@given(language=languages, data=st.data())
def test_a_planned_session_is_logged_whole_or_left_as_it_was(planned, mentees, language, data):
    posted = _posted(data, mentees, True)
    with example(planned.agreement.mentor) as client:
        response = client.post(f"/{language}/my/mentoring/sessions/{planned.pk}/log/", posted)

        planned.refresh_from_db()
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert planned.duration_minutes is None
