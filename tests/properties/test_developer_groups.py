"""A developer group's forms take any input: a meeting is planned whole or not at all, notes and
actions are recorded together or not at all, an action's status changes only to one of its
statuses, and an invitation is accepted (account, membership) together or not at all."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from developer_groups.models import Action, Invitation, Meeting, Membership
from developer_groups.services import invite
from tests.factories import ActionFactory, MeetingFactory

from .conftest import example, rows
from .strategies import anything, booleans, dates, languages, near, numbers, path_segment, texts, times

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]

User = get_user_model()


@pytest.fixture
def meeting(group):
    return MeetingFactory(group=group, days=-1)


@settings(max_examples=50)
@given(
    language=languages,
    data=near(
        {
            "date": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
            "starts": "13:00",
            "ends": "15:00",
            "place": "Porin kaupungintalo",
            "online_url": "https://meet.example.fi/ryhma",
            "agenda": "Kuulumiset",
        },
        date=dates,
        starts=times,
        ends=times,
        online_url=texts | st.sampled_from(["javascript:alert(1)", "meet.example.fi", "http://[::1", "https://"]),
    ),
)
def test_a_meeting_is_planned_whole_or_not_at_all(group, facilitator, language, data):
    with example(facilitator.user) as client:
        before = rows(Meeting)

        response = client.post(f"/{language}/groups/{group.pk}/meetings/new/", data)

        assert response.status_code in (302, 400)
        added = rows(Meeting)["developer_groups.Meeting"] - before["developer_groups.Meeting"]
        assert added == (1 if response.status_code == 302 else 0)


@st.composite
def records(draw, members):
    """The notes and the three action rows, with a management form that may be anything."""
    owners = st.sampled_from([str(m.pk) for m in members]) | numbers
    data = {
        "notes": draw(texts),
        "actions-TOTAL_FORMS": draw(st.just("3") | numbers),
        "actions-INITIAL_FORMS": draw(st.just("0") | numbers),
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": draw(st.just("20") | numbers),
    }
    for row in range(3):
        if draw(st.booleans()):
            data[f"actions-{row}-title"] = draw(st.just("Kokeillaan Sisukas-mallia") | texts)
            data[f"actions-{row}-owner"] = draw(owners)
            data[f"actions-{row}-due_on"] = draw(dates)
    return data


@settings(max_examples=50)
@given(language=languages, data=st.data())
def test_notes_and_actions_are_recorded_together_or_not_at_all(group, facilitator, member, meeting, language, data):
    posted = data.draw(records([facilitator, member]))
    with example(facilitator.user) as client:
        before = rows(Action)

        response = client.post(f"/{language}/groups/{group.pk}/meetings/{meeting.pk}/notes/", posted)

        assert response.status_code in (302, 400)
        meeting.refresh_from_db()
        if response.status_code == 400:
            assert rows(Action) == before
            assert meeting.notes == ""
        else:
            assert meeting.notes == posted["notes"].strip()


@pytest.fixture
def action(group, member):
    return ActionFactory(group=group, title="Kokeillaan Sisukas-mallia", owner=member)


@settings(max_examples=30)
@given(language=languages, status=st.sampled_from(Action.Status.values) | anything)
def test_an_action_takes_only_one_of_its_statuses(group, member, action, language, status):
    with example(member.user) as client:
        response = client.post(f"/{language}/groups/{group.pk}/actions/{action.pk}/status/", {"status": status})

        action.refresh_from_db()
        assert response.status_code == 302
        assert action.status == (status if status in Action.Status.values else Action.Status.OPEN)


@pytest.fixture
def invitation(group, facilitator):
    return invite(group, email="kutsuttu@example.fi", by=facilitator.user)


@settings(max_examples=50)
@given(
    language=languages,
    data=near(
        {
            "first_name": "Kutsuttu",
            "last_name": "Kehittäjä",
            "password1": "Pitka-salasana-2026",
            "password2": "Pitka-salasana-2026",
            "privacy_consent": "on",
        },
        password1=texts | st.sampled_from(["kutsuttu@example.fi", "12345678", "Kutsuttu2026"]),
        privacy_consent=booleans,
    ),
)
def test_an_invitation_is_accepted_with_a_new_account_whole_or_not_at_all(invitation, language, data):
    with example() as client:
        before = rows(User, Membership)

        response = client.post(f"/{language}/groups/invitations/{invitation.token}/", data)

        assert response.status_code in (302, 400)
        after = rows(User, Membership)
        invitation.refresh_from_db()
        if response.status_code == 400:
            assert after == before
            assert invitation.accepted_at is None
        else:
            assert after == {label: count + 1 for label, count in before.items()}
            assert invitation.accepted_at is not None


@settings(max_examples=40)
@given(language=languages, token=path_segment(), method=st.sampled_from(["get", "post"]))
def test_an_invitation_link_of_any_shape_opens_nothing(invitation, language, token, method):
    with example() as client:
        before = rows(User, Membership, Invitation)

        response = getattr(client, method)(f"/{language}/groups/invitations/{token}/")

        assert response.status_code in (400, 404)
        assert rows(User, Membership, Invitation) == before
