import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup

from accounts.selectors import display_name
from accounts.services import person_with_email
from attendance.models import Attendance
from developer_groups.models import Action, Invitation, Meeting, MeetingAttendance, Membership
from developer_groups.services import invite, save_meeting_attendance
from tests.factories import (
    ActionFactory,
    DeveloperGroupFactory,
    MeetingFactory,
    MembershipFactory,
    ParticipantFactory,
    UserFactory,
    claimant_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_member(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def as_facilitator(client, facilitator):
    client.force_login(facilitator.user)
    return client


# My groups and the group's page


def test_my_groups_lists_the_persons_groups_with_their_next_meeting(as_member, group, member):
    MeetingFactory(group=group, days=-3)
    MeetingFactory(group=group, days=4, cancelled_at=timezone.now())
    upcoming = MeetingFactory(group=group, days=9, place="Porin kaupungintalo")
    DeveloperGroupFactory(name_fi="Ryhmä, jossa en ole")

    html = as_member.get("/fi/my/groups/").content.decode()

    assert "MindMe-kehittäjäryhmä Pori" in html
    assert "Ryhmä, jossa en ole" not in html
    assert upcoming.starts_at.astimezone(timezone.get_current_timezone()).strftime("%-d.%-m.%Y") in html


def test_my_groups_tells_someone_in_no_group_how_they_get_there(client):
    client.force_login(ParticipantFactory())

    response = client.get("/en/my/groups/")

    assert response.status_code == 200
    assert "You are not in any developer group" in response.content.decode()


def test_the_group_page_shows_meetings_notes_actions_and_members(as_member, group, member, facilitator):
    held = MeetingFactory(group=group, days=-14, agenda="Nykytila", notes="Sovimme aloituspalaverista.")
    upcoming = MeetingFactory(group=group, days=3, agenda="Välikatsaus", online_url="https://meet.example.fi/pori")
    ActionFactory(group=group, meeting=held, title="Palaverin runko", owner=member)

    html = as_member.get(f"/fi/groups/{group.pk}/").content.decode()

    next_section = html[html.index('id="next-heading"') : html.index('id="past-heading"')]
    assert f'id="meeting-{upcoming.pk}"' in next_section
    assert "https://meet.example.fi/pori" in next_section
    past_section = html[html.index('id="past-heading"') : html.index('id="actions-heading"')]
    assert "Sovimme aloituspalaverista." in past_section
    assert "Palaverin runko – Mikko Laine" in past_section
    assert "Helena Virtanen" in html[html.index('id="members-heading"') :]
    # A member neither plans nor marks; they change the status of their own action only.
    assert f"/fi/groups/{group.pk}/meetings/new/" not in html
    assert f"/meetings/{held.pk}/attendance/" not in html
    assert html.count('class="action-status"') == 1


def test_a_facilitator_sees_the_meeting_tools(as_facilitator, group):
    held = MeetingFactory(group=group, days=-14)
    upcoming = MeetingFactory(group=group, days=3)

    html = as_facilitator.get(f"/fi/groups/{group.pk}/").content.decode()

    assert f"/fi/groups/{group.pk}/meetings/new/" in html
    assert f"/meetings/{held.pk}/attendance/" in html
    assert f"/meetings/{held.pk}/notes/" in html
    # Attendance and notes wait for the meeting's day.
    assert f"/meetings/{upcoming.pk}/attendance/" not in html
    assert f"/meetings/{upcoming.pk}/cancel/" in html


@pytest.mark.parametrize("who", ["stranger", "left"])
def test_the_group_page_is_not_found_for_anyone_not_in_the_group(client, group, member, who):
    if who == "left":
        member.left_on = timezone.localdate() - dt.timedelta(days=1)
        member.save()
        client.force_login(member.user)
    else:
        client.force_login(ParticipantFactory())

    assert client.get(f"/fi/groups/{group.pk}/").status_code == 404


def test_a_coordinator_sees_any_group_and_its_admin_link(client, coordinator, group):
    client.force_login(coordinator)

    html = client.get(f"/fi/groups/{group.pk}/").content.decode()

    assert f"/admin/developer-groups/{group.pk}/members/" in html


def test_the_group_page_costs_the_same_queries_for_a_small_group_and_a_big_one(as_member, group, member):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = as_member.get(f"/fi/groups/{group.pk}/")
        assert response.status_code == 200
        return len(captured)

    MeetingFactory(group=group, days=-5)
    small = queries()
    others = [MembershipFactory(group=group) for _ in range(8)]
    for days in (-40, -30, -20, 10, 20):
        meeting = MeetingFactory(group=group, days=days, notes="Muistio")
        for other in others[:3]:
            ActionFactory(group=group, meeting=meeting, title="Tehtävä", owner=other)
        ActionFactory(group=group, meeting=meeting, title="Oma tehtävä", owner=member)

    assert queries() == small


# Facilitators' pages


def test_a_facilitator_plans_a_meeting_in_the_sites_time_zone(as_facilitator, group):
    day = timezone.localdate() + dt.timedelta(days=10)

    response = as_facilitator.post(
        f"/fi/groups/{group.pk}/meetings/new/",
        {"date": day.isoformat(), "starts": "13:00", "ends": "15:00", "place": "Kaupungintalo", "agenda": "Aloitus"},
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fi/groups/{group.pk}/#meeting-{meeting.pk}"
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == dt.datetime.combine(day, dt.time(13))
    assert (meeting.place, meeting.agenda) == ("Kaupungintalo", "Aloitus")


def test_a_meeting_that_ends_before_it_starts_is_not_planned_and_the_form_says_why(as_facilitator, group):
    response = as_facilitator.post(
        f"/en/groups/{group.pk}/meetings/new/",
        {"date": timezone.localdate().isoformat(), "starts": "15:00", "ends": "13:00", "place": ""},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "The meeting must end after it starts." in html
    assert "Give a place or an online meeting link, or both." in html
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2100-01-01", "9999-12-31"])
def test_a_meeting_on_a_day_outside_the_programmes_years_is_refused(as_facilitator, group, day):
    # The year 1 has no UTC to store its midnight in: it was a 500, and on PostgreSQL stored and a
    # 500 on every page that showed it.
    response = as_facilitator.post(
        f"/en/groups/{group.pk}/meetings/new/", {"date": day, "starts": "00:00", "ends": "23:59", "place": "Talo"}
    )

    assert response.status_code == 400
    assert "Give a date between the years 2000 and 2099." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_member_may_not_plan_change_or_cancel_meetings(as_member, group):
    meeting = MeetingFactory(group=group, days=3)

    for url in (
        f"/fi/groups/{group.pk}/meetings/new/",
        f"/fi/groups/{group.pk}/meetings/{meeting.pk}/edit/",
        f"/fi/groups/{group.pk}/meetings/{meeting.pk}/cancel/",
        f"/fi/groups/{group.pk}/meetings/{meeting.pk}/attendance/",
        f"/fi/groups/{group.pk}/meetings/{meeting.pk}/notes/",
    ):
        assert as_member.get(url).status_code == 403, url
    assert as_member.post(f"/fi/groups/{group.pk}/meetings/{meeting.pk}/cancel/").status_code == 403
    assert Meeting.objects.get().cancelled_at is None


def test_a_meeting_of_another_group_is_not_found(as_facilitator, group):
    other = MeetingFactory(group=DeveloperGroupFactory(name_fi="Toinen ryhmä"), days=-1)

    assert as_facilitator.get(f"/fi/groups/{group.pk}/meetings/{other.pk}/attendance/").status_code == 404


@pytest.mark.parametrize("through", ["other group", "own group"])
def test_a_facilitator_posting_into_another_groups_meeting_gets_404_and_nothing_is_written(
    as_facilitator, group, through
):
    other = DeveloperGroupFactory(name_fi="Toinen ryhmä")
    outsider = MembershipFactory(group=other)
    meeting = MeetingFactory(group=other, days=-1)
    action = ActionFactory(group=other, meeting=meeting, title="Toisen ryhmän tehtävä", owner=outsider)
    # Straight at the other group's pages, or at this group's pages with the other group's meeting.
    base = f"/fi/groups/{other.pk if through == 'other group' else group.pk}"
    posts = {
        f"{base}/meetings/{meeting.pk}/notes/": {
            "notes": "Vieras muistio",
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-title": "Vieras tehtävä",
        },
        f"{base}/meetings/{meeting.pk}/attendance/": {"row": [outsider.pk], f"status-{outsider.pk}": "present"},
        f"{base}/meetings/{meeting.pk}/cancel/": {},
        f"{base}/meetings/{meeting.pk}/edit/": {
            "date": timezone.localdate().isoformat(),
            "starts": "09:00",
            "ends": "10:00",
            "place": "Vieras paikka",
        },
        f"{base}/actions/{action.pk}/status/": {"status": "done"},
    }

    for url, data in posts.items():
        assert as_facilitator.post(url, data).status_code == 404, url

    meeting.refresh_from_db()
    action.refresh_from_db()
    assert (meeting.notes, meeting.cancelled_at, meeting.place) == ("", None, "Porin kaupungintalo")
    assert not MeetingAttendance.objects.exists()
    assert list(Action.objects.values_list("title", "status")) == [("Toisen ryhmän tehtävä", "open")]


def test_a_facilitator_moves_a_meeting(as_facilitator, group):
    meeting = MeetingFactory(group=group, days=3)
    day = timezone.localdate() + dt.timedelta(days=4)

    response = as_facilitator.post(
        f"/fi/groups/{group.pk}/meetings/{meeting.pk}/edit/",
        {"date": day.isoformat(), "starts": "09:00", "ends": "11:00", "place": "Kirjasto", "agenda": ""},
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == dt.datetime.combine(day, dt.time(9))
    assert meeting.place == "Kirjasto"


def test_a_facilitator_cancels_a_meeting_after_confirming(as_facilitator, group):
    meeting = MeetingFactory(group=group, days=3)

    assert as_facilitator.get(f"/fi/groups/{group.pk}/meetings/{meeting.pk}/cancel/").status_code == 200
    response = as_facilitator.post(f"/fi/groups/{group.pk}/meetings/{meeting.pk}/cancel/")

    assert response.status_code == 302
    assert Meeting.objects.get().cancelled_at is not None


def test_the_facilitator_takes_attendance_with_the_course_roster(as_facilitator, group, facilitator, member):
    meeting = MeetingFactory(group=group, days=0)
    url = f"/fi/groups/{group.pk}/meetings/{meeting.pk}/attendance/"

    html = as_facilitator.get(url).content.decode()
    assert f'name="status-{member.pk}"' in html
    assert f'name="status-{facilitator.pk}"' in html

    response = as_facilitator.post(
        url,
        {
            "row": [member.pk, facilitator.pk],
            f"status-{member.pk}": Attendance.Status.LATE,
            f"remark-{member.pk}": "Juna myöhässä",
            "action": "all-present",
        },
    )

    assert response.status_code == 302
    assert dict(MeetingAttendance.objects.values_list("membership_id", "status")) == {
        member.pk: Attendance.Status.LATE,
        facilitator.pk: Attendance.Status.PRESENT,
    }


def test_the_roster_refuses_a_row_of_someone_no_longer_on_it(as_facilitator, group, facilitator):
    meeting = MeetingFactory(group=group, days=0)
    stranger = MembershipFactory(group=DeveloperGroupFactory(name_fi="Toinen"))

    response = as_facilitator.post(
        f"/en/groups/{group.pk}/meetings/{meeting.pk}/attendance/",
        {"row": [stranger.pk], f"status-{stranger.pk}": "present"},
    )

    assert response.status_code == 400
    assert "The list of members has changed meanwhile." in response.content.decode()
    assert not MeetingAttendance.objects.exists()


def test_a_meeting_rosters_row_error_is_tied_to_its_row(as_facilitator, group, facilitator, member):
    meeting = MeetingFactory(group=group, days=0)

    response = as_facilitator.post(
        f"/fi/groups/{group.pk}/meetings/{meeting.pk}/attendance/",
        {"row": [member.pk, facilitator.pk], f"remark-{member.pk}": "Tuli myöhemmin", "action": "save"},
    )

    soup = BeautifulSoup(response.content, "html.parser")
    row = soup.select_one(f"fieldset:has(input[name='status-{member.pk}'])")
    assert soup.select_one(f"[id='{row['aria-describedby']}']").get_text(strip=True)
    assert all(radio["aria-invalid"] == "true" for radio in row.select("input[type=radio]"))
    (entry,) = soup.select(".error-summary li a")
    assert entry["href"] == f"#id_status-{member.pk}_0"
    assert entry.get_text(strip=True).startswith(display_name(member.user) + ":")


def test_attendance_of_a_meeting_to_come_is_refused_with_a_message(as_facilitator, group, facilitator):
    meeting = MeetingFactory(group=group, days=2)

    response = as_facilitator.post(
        f"/en/groups/{group.pk}/meetings/{meeting.pk}/attendance/",
        {"row": [facilitator.pk], f"status-{facilitator.pk}": "present"},
    )

    assert response.status_code == 400
    assert "from the meeting&#x27;s day on" in response.content.decode()


def test_the_facilitator_records_notes_and_the_actions_agreed(as_facilitator, group, member):
    meeting = MeetingFactory(group=group, days=-1)
    due = timezone.localdate() + dt.timedelta(days=20)

    response = as_facilitator.post(
        f"/fi/groups/{group.pk}/meetings/{meeting.pk}/notes/",
        {
            "notes": "Sovimme aloituspalaverista.",
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-0-title": "Palaverin runko",
            "actions-0-owner": str(member.pk),
            "actions-0-due_on": due.isoformat(),
            "actions-1-title": "",
            "actions-2-title": "",
        },
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes == "Sovimme aloituspalaverista."
    assert list(Action.objects.values_list("title", "owner", "due_on", "meeting")) == [
        ("Palaverin runko", member.pk, due, meeting.pk)
    ]


def test_an_action_row_without_a_title_is_pointed_out_and_nothing_is_saved(as_facilitator, group, member):
    meeting = MeetingFactory(group=group, days=-1)

    response = as_facilitator.post(
        f"/en/groups/{group.pk}/meetings/{meeting.pk}/notes/",
        {
            "notes": "Muistio",
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-title": "",
            "actions-0-owner": str(member.pk),
        },
    )

    assert response.status_code == 400
    assert "Say what is to be done." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.notes == ""


def test_the_owner_updates_their_action_and_another_member_may_not(client, group, member):
    mine = ActionFactory(group=group, title="Runko", owner=member)
    other = MembershipFactory(group=group)
    client.force_login(member.user)

    response = client.post(f"/fi/groups/{group.pk}/actions/{mine.pk}/status/", {"status": "done"})

    assert response.status_code == 302
    assert response["Location"] == f"/fi/groups/{group.pk}/#actions"
    mine.refresh_from_db()
    assert mine.status == Action.Status.DONE
    client.force_login(other.user)
    assert client.post(f"/fi/groups/{group.pk}/actions/{mine.pk}/status/", {"status": "open"}).status_code == 403
    assert client.get(f"/fi/groups/{group.pk}/actions/{mine.pk}/status/").status_code == 405


# Accepting an invitation


def test_an_unknown_invitation_link_is_not_found_and_says_so(client):
    response = client.get("/en/groups/invitations/not-a-token/")

    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()


def test_an_expired_invitation_says_so(client, group, coordinator):
    invitation = invite(group, email="aino@example.fi", by=coordinator)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))

    response = client.get(f"/en/groups/invitations/{invitation.token}/")

    assert response.status_code == 400
    assert "This invitation has expired." in response.content.decode()


def test_someone_without_an_account_chooses_a_password_joins_and_can_log_in_later(client, group, coordinator):
    invitation = invite(group, email="aino@example.fi", by=coordinator, first_name="Aino")
    url = f"/sv/groups/invitations/{invitation.token}/"
    assert 'value="Aino"' in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "first_name": "Aino",
            "last_name": "Aalto",
            "password1": "kehittaja-2026!",
            "password2": "kehittaja-2026!",
            "privacy_consent": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/sv/groups/{group.pk}/"
    assert client.get(response["Location"]).status_code == 200  # logged in already
    membership = Membership.objects.get()
    assert membership.user.profile.preferred_language == "sv"
    client.logout()
    login = client.post("/fi/accounts/login/", {"login": "aino@example.fi", "password": "kehittaja-2026!"})
    assert login.status_code == 302
    assert login["Location"] == "/fi/my/trainings/"


def test_the_new_account_form_says_what_its_fields_ask_for(client, group, coordinator):
    invitation = invite(group, email="aino@example.fi", by=coordinator)

    soup = BeautifulSoup(client.get(f"/fi/groups/invitations/{invitation.token}/").content, "html.parser")

    fields = {field["name"]: field.get("autocomplete") for field in soup.select("main form input:not([type=hidden])")}
    assert fields == {
        "first_name": "given-name",
        "last_name": "family-name",
        "password1": "new-password",
        "password2": "new-password",
        "privacy_consent": None,
    }


def test_the_new_account_form_checks_the_password_and_consent(client, group, coordinator):
    invitation = invite(group, email="aino@example.fi", by=coordinator)

    response = client.post(
        f"/en/groups/invitations/{invitation.token}/",
        {"first_name": "Aino", "last_name": "Aalto", "password1": "kehittaja-2026!", "password2": "toinen"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "The two passwords are not the same." in html
    assert "Please read and accept the privacy notice" in html
    assert not Membership.objects.exists()


def test_a_password_like_the_persons_own_address_is_refused(client, group, coordinator):
    invitation = invite(group, email="aino.aalto@example.fi", by=coordinator)

    response = client.post(
        f"/en/groups/invitations/{invitation.token}/",
        {
            "first_name": "Aino",
            "last_name": "Aalto",
            "password1": "aino.aalto@example",
            "password2": "aino.aalto@example",
            "privacy_consent": "on",
        },
    )

    assert response.status_code == 400
    assert "too similar" in response.content.decode()
    assert not Membership.objects.exists()


def test_an_address_with_an_account_logs_in_first_and_comes_back(client, group, coordinator):
    ParticipantFactory(username="aino@example.fi")
    invitation = invite(group, email="aino@example.fi", by=coordinator)
    url = f"/fi/groups/invitations/{invitation.token}/"

    html = client.get(url).content.decode()
    assert f'href="/fi/accounts/login/?next={url}"' in html
    assert client.post(url, {"first_name": "X", "last_name": "Y"}).status_code == 200
    assert not Membership.objects.exists()

    login = client.post(
        f"/fi/accounts/login/?next={url}", {"login": "aino@example.fi", "password": "salasana-123", "next": url}
    )
    assert login["Location"] == url
    response = client.post(url)
    assert response.status_code == 302
    assert Membership.objects.get().user.email == "aino@example.fi"


def test_an_account_that_only_claims_the_address_does_not_send_its_owner_to_log_in(client, group, coordinator):
    claimant_of("aino@example.fi")
    invitation = invite(group, email="aino@example.fi", by=coordinator)
    url = f"/fi/groups/invitations/{invitation.token}/"

    assert 'name="password1"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "first_name": "Aino",
            "last_name": "Aalto",
            "password1": "kehittaja-2026!",
            "password2": "kehittaja-2026!",
            "privacy_consent": "on",
        },
    )

    assert response.status_code == 302
    assert Membership.objects.get().user.emailaddress_set.get(email="aino@example.fi").verified


def test_a_colleague_logged_in_with_a_forwarded_link_is_told_how_the_invited_person_joins(client, group, coordinator):
    colleague = ParticipantFactory(username="colleague@example.fi")
    invitation = invite(group, email="aino.aalto@example.fi", by=coordinator)
    client.force_login(colleague)
    url = f"/en/groups/invitations/{invitation.token}/"

    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 400
    assert 'data-refusal="other_address"' in html
    assert "Join the group" not in html
    assert f'href="/en/accounts/logout/?next={url}"' in html
    assert 'href="/en/accounts/email/"' in html
    assert client.post(url).status_code == 400

    assert not Membership.objects.exists()
    assert not EmailAddress.objects.filter(email="aino.aalto@example.fi").exists()
    assert person_with_email("aino.aalto@example.fi") is None


def test_a_person_logged_in_with_another_address_of_their_account_is_told_which_account_joins(
    client, group, coordinator
):
    person = ParticipantFactory(username="aino.home@example.fi")
    EmailAddress.objects.create(user=person, email="aino.work@example.fi", verified=True)
    invitation = invite(group, email="aino.work@example.fi", by=coordinator)
    client.force_login(person)
    url = f"/en/groups/invitations/{invitation.token}/"

    html = client.get(url).content.decode()
    assert "The invitation was sent to aino.work@example.fi, an address of your account." in html
    client.post(url)

    assert Membership.objects.get().user == person


def test_an_invitation_for_another_accounts_address_is_refused_with_a_message(client, group, coordinator):
    ParticipantFactory(username="aino@example.fi")
    invitation = invite(group, email="aino@example.fi", by=coordinator)
    client.force_login(ParticipantFactory())

    response = client.post(f"/en/groups/invitations/{invitation.token}/")

    assert response.status_code == 400
    assert "which belongs to another account" in response.content.decode()
    assert not Membership.objects.exists()


def test_a_used_invitation_leads_its_acceptor_to_the_group_and_tells_anyone_else_it_is_used(client, group, coordinator):
    person = UserFactory(username="aino@example.fi", verified=True)
    invitation = invite(group, email="aino@example.fi", by=coordinator)
    client.force_login(person)
    client.post(f"/en/groups/invitations/{invitation.token}/")

    again = client.get(f"/en/groups/invitations/{invitation.token}/")
    client.logout()
    stranger = client.get(f"/en/groups/invitations/{invitation.token}/")

    assert again.status_code == 200
    assert f'href="/en/groups/{group.pk}/"' in again.content.decode()
    assert stranger.status_code == 400
    assert "This invitation has already been used." in stranger.content.decode()


def test_the_header_links_a_member_to_their_groups(as_member, home_page):
    html = as_member.get("/fi/").content.decode()

    assert 'href="/fi/my/groups/"' in html


def test_saved_marks_show_on_the_roster_again(as_facilitator, group, facilitator):
    meeting = MeetingFactory(group=group, days=0)
    save_meeting_attendance(meeting, marks={facilitator.pk: ("excused", "Lomalla")}, by=facilitator.user)

    html = as_facilitator.get(f"/fi/groups/{group.pk}/meetings/{meeting.pk}/attendance/").content.decode()

    (excused,) = re.findall(rf'<input[^>]*name="status-{facilitator.pk}" value="excused"[^>]*>', html)
    assert "checked" in excused
    assert 'value="Lomalla"' in html
