"""Journey: a member opens their developer group from the header and reads it: the next meeting,
the notes of the last one and the actions agreed; they mark their own action under way, by
keyboard. At desktop width and on a phone."""

import pytest
from playwright.sync_api import expect

from developer_groups.models import Action, Membership
from tests.factories import ActionFactory, DeveloperGroupFactory, MeetingFactory, MembershipFactory, ParticipantFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-123"
NOTES = "Tiedonkulku koulun ja sijaishuoltopaikan välillä katkeaa lomien jälkeen."


@pytest.fixture
def group(home_page):
    group = DeveloperGroupFactory()
    facilitator = MembershipFactory(
        group=group,
        user=ParticipantFactory(username="helena@example.fi", first_name="Helena", last_name="Virtanen"),
        role=Membership.Role.FACILITATOR,
    )
    member = MembershipFactory(
        group=group,
        user=ParticipantFactory(username="mikko@example.fi", first_name="Mikko", last_name="Laine"),
    )
    held = MeetingFactory(group=group, days=-7, place="Pori", notes=NOTES)
    upcoming = MeetingFactory(
        group=group, days=5, place="", online_url="https://meet.example.fi/pori", agenda="Pilotin välikatsaus"
    )
    mine = ActionFactory(group=group, meeting=held, title="Kokeillaan aloituspalaveria", owner=member)
    theirs = ActionFactory(group=group, meeting=held, title="Runko luonnokseksi", owner=facilitator)
    return group, upcoming, mine, theirs


def log_in(page, base, email):
    page.goto(f"{base}/fi/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/fi/my/trainings/")


@pytest.mark.parametrize("width", [1280, 375])
def test_member_reads_the_notes_and_updates_their_action(open_page, live_server, group, assert_accessible, width):
    group, upcoming, mine, theirs = group
    base = live_server.url
    page = open_page(width)

    def check():
        page.wait_for_load_state()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    log_in(page, base, "mikko@example.fi")
    page.locator("header a[href='/fi/my/groups/']").click()
    check()
    page.locator(f".group-list a[href='/fi/groups/{group.pk}/']").click()
    check()

    expect(page.locator(".next-meeting")).to_contain_text("Pilotin välikatsaus")
    expect(page.locator(".next-meeting a[href='https://meet.example.fi/pori']")).to_be_visible()
    expect(page.locator(f"#meeting-{upcoming.pk}")).to_be_visible()
    expect(page.locator(".meeting-notes")).to_contain_text(NOTES)
    expect(page.locator("#actions")).to_contain_text("Runko luonnokseksi")
    expect(page.locator("#actions")).to_contain_text("Helena Virtanen")
    # Members plan nothing and mark nobody; only their own action has a status form.
    expect(page.locator(f"a[href='/fi/groups/{group.pk}/meetings/new/']")).to_have_count(0)
    expect(page.locator(f"#action-{theirs.pk} form")).to_have_count(0)

    status = page.locator(f"#action-{mine.pk} select[name=status]")
    status.focus()
    status.select_option("in_progress")
    page.keyboard.press("Tab")
    expect(page.locator(f"#action-{mine.pk} button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/fi/groups/{group.pk}/#actions")
    expect(page.locator(".message")).to_contain_text("Kokeillaan aloituspalaveria")
    check()
    mine.refresh_from_db()
    assert mine.status == Action.Status.IN_PROGRESS

    # The same page in Swedish names the group in Swedish.
    page.goto(f"{base}/sv/groups/{group.pk}/")
    expect(page.locator("h1")).to_have_text("MindMe-utvecklingsgruppen Björneborg")
