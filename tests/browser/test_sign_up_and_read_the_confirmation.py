"""Journey: a newcomer on a phone, in Finnish or Swedish, goes from the log-in page to sign-up by
its link (which says so: Swedish said "Har du redan ett konto? Då kan du logga in."), creates an
account and reads the confirmation email: it names the portal, greets them by name and signs as
the programme, never "from" a host (allauth wrote "Terve palvelusta 127.0.0.1:8000!"). The link
in it confirms the address and logs them in."""

import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Uusi-tili-2026!"
WORDS = {
    "fi": {
        "log_in": "Kirjaudu sisään",
        "to_sign_up": "Luo käyttäjätili",
        "subject": "Vahvista sähköpostiosoitteesi – Systeeminen työ ja MindMe – koulutukset",
        "hello": "Hei Aino,",
        "regards": "Ystävällisin terveisin\nSysteeminen työ ja MindMe – koulutukset\n",
    },
    "sv": {
        "log_in": "Logga in",
        "to_sign_up": "Skapa ett konto",
        "subject": "Bekräfta din e-postadress – Systemiskt arbete och MindMe – utbildningar",
        "hello": "Hej Aino,",
        "regards": "Med vänliga hälsningar\nSystemiskt arbete och MindMe – utbildningar\n",
    },
}


def the_email(outbox, address, timeout=5.0):
    # The live server sends from its own thread into the locmem outbox this thread reads.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in outbox:
            if address in message.to:
                return message
        time.sleep(0.05)
    raise AssertionError(f"no email to {address}")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_newcomer_signs_up_from_the_log_in_page_and_confirms_the_address(
    page, live_server, home_page, assert_accessible, mailoutbox, lang
):
    words = WORDS[lang]
    email = f"aino.{lang}@example.fi"
    page.set_viewport_size({"width": 375, "height": 800})

    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    expect(page.locator("main h1")).to_have_text(words["log_in"])
    expect(page.locator("main")).not_to_contain_text("Har du redan ett konto? Då kan du")
    assert_accessible(page)
    page.locator("main").get_by_role("link", name=words["to_sign_up"]).click()

    expect(page).to_have_url(re.compile(rf"/{lang}/accounts/signup/"))
    expect(page.locator("main h1")).to_have_text(words["to_sign_up"])
    assert_accessible(page)
    page.fill("input[name=first_name]", "Aino")
    page.fill("input[name=last_name]", "Aaltonen")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("input[name=privacy_consent]").check()
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/{lang}/accounts/confirm-email/")
    assert_accessible(page)
    message = the_email(mailoutbox, email)
    assert message.subject == words["subject"]
    assert message.body.startswith(f"{words['hello']}\n\n")
    assert words["regards"] in message.body
    assert not re.search(r"127\.0\.0\.1|localhost|testserver", re.sub(r"https?://\S+", "", message.body))

    link = re.search(rf"https?://\S+(/{lang}/accounts/confirm-email/\S+/)", message.body).group(1)
    page.goto(live_server.url + link)
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(f"header a[href^='/{lang}/accounts/logout/']")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
