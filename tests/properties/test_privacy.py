"""The personal-data and audit-log pages take any input: erasing one's own account happens only
with the password and the tick, and otherwise writes nothing; the coordinators' search, erasure
form and the audit log's filters never answer 500."""

import pytest
from hypothesis import example as explicit_example
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import Profile
from audit.models import Entry
from enrolment.models import Enrolment
from tests.factories import ParticipantFactory

from .conftest import example, rows
from .strategies import anything, booleans, dates, form, languages, near, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(home_page):
    return ParticipantFactory(username="aino.aalto@example.fi")


def erased(user) -> bool:
    return Profile.objects.filter(user=user, erased_at__isnull=False).exists()


@settings(max_examples=50)
@given(
    language=languages,
    data=near({"password": "salasana-123", "confirm": "on"}, password=texts, confirm=booleans),
)
def test_erasing_ones_account_needs_the_password_and_the_tick_and_is_whole_or_nothing(person, language, data):
    with example(person) as client:
        before = rows(Entry, Enrolment)

        response = client.post(f"/{language}/my/data/erase/", data)

        assert response.status_code in (302, 400)
        if response.status_code == 302:
            assert data.get("password") == "salasana-123"
            assert erased(person)
            assert rows(Entry)["audit.Entry"] == before["audit.Entry"] + 1
        else:
            assert not erased(person)
            assert rows(Entry, Enrolment) == before


@settings(max_examples=40)
@given(data=form(reason=texts, confirm=booleans))
def test_a_coordinators_erasure_form_takes_any_input(person, coordinator, data):
    with example(coordinator) as client:
        response = client.post(f"/admin/personal-data/{person.pk}/erase/", data)

        assert response.status_code in (302, 400)
        done = erased(person)
        assert done == (response.status_code == 302)
        assert Entry.objects.filter(action=Entry.Action.ACCOUNT_ERASED).count() == int(done)


@settings(max_examples=40)
@given(query=form(q=texts))
def test_the_coordinators_search_takes_any_input(person, coordinator, query):
    with example(coordinator) as client:
        response = client.get("/admin/personal-data/", query)

        # A NUL byte anywhere in an address is refused before any view (lms.middleware).
        values = [value if isinstance(value, str) else "".join(value) for value in query.values()]
        assert response.status_code == (400 if any("\x00" in value for value in values) else 200)


@settings(max_examples=60)
@explicit_example(query={"date_from": "0001-01-01"})  # no start of that day in UTC: a 500 (issue 14)
@explicit_example(query={"date_to": "9999-12-31"})  # no next day: a 500
@given(
    query=form(
        date_from=dates,
        date_to=dates,
        action=st.sampled_from([value for value, _label in Entry.Action.choices]) | texts,
        actor=texts,
        person=texts,
        p=anything,
    )
)
def test_the_audit_logs_filters_take_any_input(coordinator, query):
    with example(coordinator) as client:
        before = rows(Entry)

        response = client.get("/admin/audit/", query)

        assert response.status_code in (200, 400)
        assert rows(Entry) == before
