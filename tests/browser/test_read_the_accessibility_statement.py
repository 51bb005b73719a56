"""Journey: a visitor on a phone opens the accessibility statement from the footer of the front
page, in Finnish or Swedish, and finds where to send feedback."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

STATEMENT = {"fi": "Saavutettavuusseloste", "sv": "Tillgänglighetsutlåtande"}
FEEDBACK = {"fi": "Palaute", "sv": "Respons"}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_visitor_reads_the_accessibility_statement_from_the_footer(
    page, live_server, catalogue, settings, assert_accessible, lang
):
    settings.CONTACT_EMAIL = "saavutettavuus@vasso.example.fi"
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/{lang}/")

    page.locator("footer").get_by_role("link", name=STATEMENT[lang]).click()

    expect(page).to_have_url(f"{live_server.url}/{lang}/accessibility/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("main h1")).to_have_text(STATEMENT[lang])
    expect(page.get_by_role("heading", name=FEEDBACK[lang])).to_be_visible()
    expect(page.locator("main a[href='mailto:saavutettavuus@vasso.example.fi']")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
