"""Journey: a visitor finds a MindMe series in Finnish and reads it again in Swedish."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, WorkshopSeriesPageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def programme(catalogue):
    IntroductionSessionPageFactory(parent=catalogue, title="Johdatus systeemisyyteen", title_sv="Introduktion")
    series = WorkshopSeriesPageFactory(
        parent=catalogue,
        title="MindMe – koulu kuuluu kaikille",
        title_sv="MindMe – skolan hör till alla",
        language="fi-sv",
        capacity=12,
        sessions=[5, 19, 33, 47, 61],
    )
    EnrolmentFactory.create_batch(4, offering=series)
    return series


@pytest.mark.parametrize("width", [1280, 375])
def test_visitor_filters_to_mindme_and_switches_to_swedish(page, live_server, programme, assert_accessible, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/fi/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    assert_accessible(page)

    page.get_by_role("link", name="Etsi koulutus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Koulutukset")
    page.get_by_label("Koulutuslaji").select_option("mindme")
    page.get_by_role("button", name="Näytä koulutukset").click()
    expect(page).to_have_url(re.compile(r"kind=mindme"))
    cards = page.locator(".offering-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("MindMe – koulu kuuluu kaikille")
    assert_accessible(page)

    cards.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("MindMe – koulu kuuluu kaikille")
    expect(page.locator(".session")).to_have_count(5)
    expect(page.locator(".offering-facts .places-left")).to_have_text("8 paikkaa jäljellä")
    assert_accessible(page)

    page.get_by_role("link", name="Svenska").click()
    expect(page).to_have_url(f"{live_server.url}/sv/koulutukset/{programme.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("MindMe – skolan hör till alla")
    expect(page.locator(".session")).to_have_count(5)
    expect(page.locator(".offering-facts .places-left")).to_have_text("8 platser kvar")
    assert_accessible(page)

    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
