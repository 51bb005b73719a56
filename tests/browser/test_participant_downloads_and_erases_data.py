"""Journey: a participant on a phone, in Swedish, opens their data page from the profile,
downloads a copy, mistypes the password once, then erases the account and is logged out; the
coordinator reads the erasure in the audit log, on a laptop and on a phone."""

import io
import json
import re
import zipfile

from wagtail.users.models import UserProfile

import pytest
from playwright.sync_api import expect

from accounts.models import Profile
from tests.factories import (
    CoordinatorFactory,
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-123"


def log_in(page, base, lang, email):
    page.goto(f"{base}/{lang}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/{lang}/my/trainings/")


def fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_participant_downloads_their_data_and_erases_the_account(
    page, live_server, catalogue, assert_accessible, expected_console_errors
):
    expected_console_errors.append("status of 400")  # the mistyped password's page
    base = live_server.url
    person = ParticipantFactory(
        username="sara.svensson@example.fi",
        first_name="Sara",
        last_name="Svensson",
        profile={"preferred_language": "sv"},
    )
    EnrolmentFactory(offering=IntroductionSessionPageFactory(parent=catalogue, sessions=[12]), user=person)
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, base, "sv", person.email)

    page.goto(f"{base}/sv/my/profile/")
    page.get_by_role("link", name="Dina uppgifter").click()
    expect(page).to_have_url(f"{base}/sv/my/data/")
    assert_accessible(page)
    fits(page, 375)

    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner mina uppgifter (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    assert json.loads(archive.read("data.json"))["account"]["last_name"] == "Svensson"

    page.get_by_role("link", name="Radera mitt konto…").click()
    expect(page).to_have_url(f"{base}/sv/my/data/erase/")
    assert_accessible(page)
    fits(page, 375)
    page.fill("input[name=password]", "fel-lösenord")
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Radera mitt konto").click()
    expect(page.locator(".field-error")).to_have_text("Lösenordet är inte rätt.")
    assert_accessible(page)
    assert Profile.objects.get(user=person).erased_at is None

    page.fill("input[name=password]", PASSWORD)
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Radera mitt konto").click()
    expect(page).to_have_url(f"{base}/sv/account-erased/")
    expect(page.locator("h1")).to_have_text("Ditt konto har raderats")
    assert_accessible(page)
    fits(page, 375)
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()  # logged out
    assert Profile.objects.get(user=person).erased_at is not None

    coordinator = CoordinatorFactory(username="koordinaattori@example.fi", first_name="Kaisa", verified=True)
    UserProfile.objects.update_or_create(user=coordinator, defaults={"preferred_language": "fi"})
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "fi", coordinator.email)
    page.goto(f"{base}/admin/")
    page.locator("a[href='/admin/audit/']").first.click()
    expect(page).to_have_url(f"{base}/admin/audit/")
    row = page.locator("#audit-log tbody tr[data-action=account_erased]")
    expect(row).to_contain_text("Henkilötiedot poistettu")
    expect(row).to_contain_text("henkilön omasta pyynnöstä")
    expect(row).to_contain_text("Poistettu henkilö")
    assert_accessible(page)
    page.select_option("#id_action", "account_erased")
    page.locator("#audit-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/audit/\?.*action=account_erased"))
    expect(page.locator("#audit-log tbody tr")).to_have_count(1)
    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(page)
