"""Journey: a coordinator creates a developer group in the Wagtail admin and invites a member by
email, and finds the group's admin pages usable on a phone too; the member, who has no account,
opens the link on a phone, chooses a password, lands on the group's page, and can log in with the
new account later."""

import datetime as dt
import re
import time

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from developer_groups.models import DeveloperGroup, Invitation, Membership
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-123"
NEW_PASSWORD = "Kehittaja-ryhma-2026!"


def log_in(page, base, email, password=PASSWORD):
    page.goto(f"{base}/fi/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/fi/my/trainings/")


def fill_date(page, name, day):
    """Types the date as the field's value without focusing it: a focus opens Wagtail's date
    picker a moment later, whose month buttons have no names (axe) and which stays open if the
    focus has moved on by then."""
    page.locator(f"input[name={name}]").evaluate(
        "(input, value) => { input.value = value; input.dispatchEvent(new Event('change', {bubbles: true})); }",
        day.isoformat(),
    )


def no_open_pickers(page):
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)


def fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def email_to(outbox, address, timeout=5.0):
    # The live server sends from its own thread into the locmem outbox this thread reads.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in outbox:
            if address in message.to:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no email to {address}: {[(m.to, m.subject) for m in outbox]}")


def test_coordinator_sets_up_a_group_and_invites_a_member_who_joins_from_a_phone(
    open_page, live_server, coordinator, home_page, mailoutbox, assert_accessible
):
    MunicipalityFactory(name_fi="Kankaanpää", name_sv="Kankaanpää", name_en="Kankaanpää")
    base = live_server.url
    today = timezone.localdate()
    page = open_page(1280)
    log_in(page, base, coordinator.email)

    page.goto(f"{base}/admin/")
    page.locator("a[href='/admin/developer-groups/']").first.click()
    expect(page).to_have_url(f"{base}/admin/developer-groups/")
    assert_accessible(page)
    page.locator("a[href='/admin/developer-groups/new/']").first.click()
    page.select_option("select[name=municipality]", label="Kankaanpää")
    fill_date(page, "starts_on", today)
    fill_date(page, "ends_on", today + dt.timedelta(days=300))
    page.get_by_role("tab").nth(1).click()  # the Finnish texts' tab, after the group's own
    page.fill("input[name=name_fi]", "MindMe-kehittäjäryhmä Kankaanpää")
    page.fill("input[name=theme_fi]", "Koulupoissaolojen varhainen tunnistaminen")
    page.fill("textarea[name=description_fi]", "Koulun ja lastensuojelun yhteinen malli.")
    no_open_pickers(page)
    assert_accessible(page)
    page.locator("main form[method=post] button[type=submit]").first.click()

    group = DeveloperGroup.objects.get()
    expect(page).to_have_url(f"{base}/admin/developer-groups/{group.pk}/members/")
    expect(page.locator(".messages")).to_contain_text("MindMe-kehittäjäryhmä Kankaanpää")
    assert_accessible(page)
    page.fill("#invite-form input[name=email]", "aino.aalto@example.fi")
    page.fill("#invite-form input[name=first_name]", "Aino")
    page.select_option("#invite-form select[name=role]", "member")
    page.locator("#invite-form button[type=submit]").click()
    invitation = Invitation.objects.get()
    expect(page.locator(f"#invitation-{invitation.pk}")).to_have_attribute("data-state", "pending")
    assert_accessible(page)
    assert (group.starts_on, group.ends_on) == (today, today + dt.timedelta(days=300))

    # The same admin pages on the coordinator's phone: readable, nothing sticking out sideways.
    pocket = open_page(375, 812)
    log_in(pocket, base, coordinator.email)
    for path in (
        "/admin/developer-groups/",
        f"/admin/developer-groups/edit/{group.pk}/",
        f"/admin/developer-groups/{group.pk}/members/",
    ):
        pocket.goto(f"{base}{path}")
        expect(pocket.locator("main h1, main h2").first).to_be_visible()
        no_open_pickers(pocket)
        assert_accessible(pocket)
        fits(pocket, 375)
    expect(pocket.locator(f"#invitation-{invitation.pk}")).to_have_attribute("data-state", "pending")

    link = re.search(r"http://\S+/groups/invitations/\S+/", email_to(mailoutbox, "aino.aalto@example.fi").body)
    member = open_page(375, 812)
    member.goto(link.group(0).replace("http://testserver", base))
    expect(member.locator("h2")).to_contain_text("MindMe-kehittäjäryhmä Kankaanpää")
    expect(member.locator("input[name=first_name]")).to_have_value("Aino")
    assert_accessible(member)
    fits(member, 375)
    member.fill("input[name=last_name]", "Aalto")
    member.fill("input[name=password1]", NEW_PASSWORD)
    member.fill("input[name=password2]", NEW_PASSWORD)
    # By keyboard: tick the consent, pass the privacy notice's link and press the button.
    member.locator("input[name=privacy_consent]").focus()
    member.keyboard.press("Space")
    member.keyboard.press("Tab")
    member.keyboard.press("Tab")
    expect(member.locator("main form button[type=submit]")).to_be_focused()
    member.keyboard.press("Enter")

    expect(member).to_have_url(f"{base}/fi/groups/{group.pk}/")
    expect(member.locator(".message")).to_contain_text("Aino Aalto")
    assert_accessible(member)
    fits(member, 375)
    membership = Membership.objects.get()
    assert (membership.user.email, membership.role) == ("aino.aalto@example.fi", "member")

    member.goto(f"{base}/fi/accounts/logout/")
    member.locator("main form button[type=submit]").click()
    log_in(member, base, "aino.aalto@example.fi", NEW_PASSWORD)
    member.locator("header a[href='/fi/my/groups/']").click()
    expect(member.locator(".group-list")).to_contain_text("MindMe-kehittäjäryhmä Kankaanpää")
    assert_accessible(member)
