"""Journey: a facilitator on a phone opens today's meeting of their developer group, takes
attendance with the course roster, records the notes and an agreed action, and plans the next
meeting."""

import datetime as dt

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from developer_groups.models import Action, Meeting, MeetingAttendance, Membership
from tests.factories import (
    DeveloperGroupFactory,
    MeetingFactory,
    MembershipFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-123"


@pytest.fixture
def group(home_page):
    group = DeveloperGroupFactory()
    people = {
        "Helena": ParticipantFactory(username="helena@example.fi", first_name="Helena", last_name="Virtanen"),
        "Mikko": ParticipantFactory(username="mikko@example.fi", first_name="Mikko", last_name="Laine"),
        "Laura": ParticipantFactory(username="laura@example.fi", first_name="Laura", last_name="Mäkinen"),
    }
    memberships = {
        name: MembershipFactory(
            group=group,
            user=person,
            role=Membership.Role.FACILITATOR if name == "Helena" else Membership.Role.MEMBER,
        )
        for name, person in people.items()
    }
    # The meeting has just ended, whatever the hour the suite runs: the group's page shows notes
    # under past meetings only (a meeting at 9.00 failed the journey before 11.00).
    ends_at = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(minutes=1)
    meeting = MeetingFactory(group=group, starts_at=ends_at - dt.timedelta(hours=2), ends_at=ends_at)
    return group, meeting, memberships


def log_in(page, base, email):
    page.goto(f"{base}/fi/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/fi/my/trainings/")


def test_facilitator_takes_attendance_records_notes_and_plans_the_next_meeting_on_a_phone(
    open_page, live_server, group, assert_accessible
):
    group, meeting, members = group
    base = live_server.url
    page = open_page(375, 812)

    def check():
        page.wait_for_load_state()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375

    log_in(page, base, "helena@example.fi")
    page.locator("header a[href='/fi/my/groups/']").click()
    check()
    page.locator(f".group-list a[href='/fi/groups/{group.pk}/']").click()
    check()

    page.locator(f"a[href='/fi/groups/{group.pk}/meetings/{meeting.pk}/attendance/']").first.click()
    check()
    mikko, laura, helena = members["Mikko"], members["Laura"], members["Helena"]
    page.locator(f"input[name='status-{mikko.pk}'][value='late']").check()
    page.locator(f"input[name='status-{laura.pk}'][value='absent']").check()
    page.locator(f"input[name='remark-{laura.pk}']").fill("Sairastui")
    page.locator("button[name=action][value=all-present]").click()
    expect(page.locator(".message")).to_be_visible()
    check()
    assert dict(MeetingAttendance.objects.values_list("membership_id", "status")) == {
        mikko.pk: "late",
        laura.pk: "absent",
        helena.pk: "present",
    }

    page.locator(".back-link a").click()
    page.locator(f"a[href='/fi/groups/{group.pk}/meetings/{meeting.pk}/notes/']").first.click()
    check()
    page.fill("textarea[name=notes]", "Sovimme yhteisestä aloituspalaverista jokaisen uuden sijoituksen alussa.")
    page.fill("input[name=actions-0-title]", "Aloituspalaverin runko luonnokseksi")
    page.select_option("select[name=actions-0-owner]", str(mikko.pk))
    page.fill("input[name=actions-0-due_on]", (timezone.localdate() + dt.timedelta(days=14)).isoformat())
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/fi/groups/{group.pk}/#meeting-{meeting.pk}")
    expect(page.locator(f"#meeting-{meeting.pk}")).to_contain_text("Sovimme yhteisestä aloituspalaverista")
    expect(page.locator("#actions")).to_contain_text("Aloituspalaverin runko luonnokseksi")
    check()
    action = Action.objects.get()
    assert (action.owner, action.meeting) == (mikko, meeting)

    page.locator(f"a[href='/fi/groups/{group.pk}/meetings/new/']").click()
    check()
    next_day = timezone.localdate() + dt.timedelta(days=28)
    page.fill("input[name=date]", next_day.isoformat())
    page.fill("input[name=starts]", "13:00")
    page.fill("input[name=ends]", "15:00")
    page.fill("input[name=online_url]", "https://meet.example.fi/pori")
    page.fill("textarea[name=agenda]", "Kokemukset aloituspalaverista")
    page.locator("main form button[type=submit]").click()
    planned = Meeting.objects.exclude(pk=meeting.pk).get()
    expect(page).to_have_url(f"{base}/fi/groups/{group.pk}/#meeting-{planned.pk}")
    expect(page.locator(f"#meeting-{planned.pk}")).to_contain_text("Kokemukset aloituspalaverista")
    check()
    assert timezone.localtime(planned.starts_at).replace(tzinfo=None) == dt.datetime.combine(next_day, dt.time(13))
