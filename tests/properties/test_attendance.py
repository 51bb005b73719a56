"""The roster, the walk-in form and the check-in code take any input: the marks are saved as a
whole or not at all, a walk-in gets an account, a place and a mark together or nothing."""

from django.contrib.auth import get_user_model

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attendance.models import Attendance, AttendanceChange
from enrolment.models import Enrolment, EnrolmentEvent
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory, TrainerFactory

from .conftest import example, rows
from .strategies import emails, languages, near, numbers, path_segment, texts

pytestmark = pytest.mark.django_db

User = get_user_model()
STATUSES = st.sampled_from(Attendance.Status.values) | texts


@pytest.fixture
def offering(catalogue):
    return IntroductionSessionPageFactory(parent=catalogue, sessions=[0, 7])


@pytest.fixture
def session(offering):
    return offering.sessions.get(date=offering.starts_on)


@pytest.fixture
def trainer(offering):
    return TrainerFactory(trains=[offering])


@pytest.fixture
def enrolments(offering):
    return [EnrolmentFactory(offering=offering, user=ParticipantFactory()) for _ in range(3)]


@st.composite
def roster_posts(draw, enrolments):
    """The roster as the browser sends it, a row per person shown, with any statuses and remarks,
    and rows that are no one's."""
    pks = [str(enrolment.pk) for enrolment in enrolments]
    data = {"action": draw(st.sampled_from(["save", "all-present"]) | texts)}
    data["row"] = draw(st.lists(st.sampled_from(pks) | numbers, max_size=5))
    for pk in draw(st.lists(st.sampled_from(pks), unique=True)):
        data[f"status-{pk}"] = draw(STATUSES)
        data[f"remark-{pk}"] = draw(texts)
    return data


@settings(max_examples=60)
@given(language=languages, data=st.data())
def test_the_roster_saves_all_its_marks_or_none(trainer, session, enrolments, language, data):
    posted = data.draw(roster_posts(enrolments))
    with example(trainer) as client:
        before = rows(Attendance, AttendanceChange)

        response = client.post(f"/{language}/trainer/sessions/{session.pk}/", posted)

        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert rows(Attendance, AttendanceChange) == before
        else:
            marked = {mark.enrolment_id for mark in Attendance.objects.filter(session=session)}
            assert marked <= {enrolment.pk for enrolment in enrolments}


@settings(max_examples=50)
@given(
    language=languages,
    data=near(
        {"email": "uusi.osallistuja@example.fi", "first_name": "Uusi", "last_name": "Osallistuja"},
        email=emails | texts,
    ),
)
def test_a_walk_in_gets_an_account_a_place_and_a_mark_together_or_nothing(trainer, session, language, data):
    with example(trainer) as client:
        before = rows(User, Enrolment, EnrolmentEvent, Attendance)

        response = client.post(f"/{language}/trainer/sessions/{session.pk}/walk-in/", data)

        assert response.status_code in (302, 400)
        after = rows(User, Enrolment, EnrolmentEvent, Attendance)
        if response.status_code == 400:
            assert after == before
        else:
            added = {label: after[label] - before[label] for label in after}
            assert added["enrolment.Enrolment"] == added["enrolment.EnrolmentEvent"] == 1
            assert added["attendance.Attendance"] == 1
            assert added["auth.User"] in (0, 1)


@settings(max_examples=40)
@given(language=languages, token=path_segment(), method=st.sampled_from(["get", "post"]))
def test_a_check_in_code_of_any_shape_marks_no_one(session, enrolments, language, token, method):
    with example(enrolments[0].user) as client:
        response = getattr(client, method)(f"/{language}/check-in/{token}/")

        assert response.status_code in (400, 404)
        assert not Attendance.objects.exists()
