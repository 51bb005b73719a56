"""Journey: a coordinator logs in for the first time, is sent to set up an authenticator app,
confirms the password, enters a code from the app, and reaches the Wagtail admin; logging in again
asks for a code."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "salasana-123"


def period() -> int:
    return int(time.time()) // 30


def code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, period()))


@pytest.fixture
def coordinator(coordinator, settings):
    """Who must use a second factor, as in production."""
    settings.COORDINATORS_MUST_USE_TWO_FACTOR = True
    return coordinator


def log_in(page, base, email):
    page.goto(f"{base}/fi/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_coordinator_sets_up_an_authenticator_app_on_a_phone(browser, live_server, coordinator, assert_accessible):
    base = live_server.url
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="fi-FI")
    page = phone.new_page()

    log_in(page, base, coordinator.email)
    page.goto(f"{base}/admin/")
    # Sent to set up the second factor, which asks for the password again first.
    expect(page).to_have_url(re.compile(r"/fi/accounts/reauthenticate/"))
    assert_accessible(page)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/fi/accounts/2fa/totp/activate/")
    expect(page.locator("main img")).to_be_visible()  # the QR code to scan
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", code(secret))
    used_in = period()
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(f"{base}/fi/accounts/2fa/totp/activate/")

    page.goto(f"{base}/admin/")
    expect(page).to_have_url(f"{base}/admin/")
    phone.close()

    # The next log-in asks for a code from the app.
    again = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(again, base, coordinator.email)
    expect(again).to_have_url(f"{base}/fi/accounts/2fa/authenticate/")
    assert_accessible(again)
    while period() == used_in:  # a code is accepted only once: wait for the app's next one
        time.sleep(0.5)
    again.fill("input[name=code]", code(secret))
    again.locator("main form button[type=submit]").first.click()
    again.goto(f"{base}/admin/")
    expect(again).to_have_url(f"{base}/admin/")
