"""Journey, by keyboard alone: a visitor reaches the course's "Log in to enrol" with Tab and presses
Space, logs in, and, with details missing from the profile, presses Space on "Enrol", which opens
the enrolment form. What looks like a button is a button: Space works as Enter does."""

import re

from django.utils import translation
from django.utils.translation import gettext

import pytest
from playwright.sync_api import expect

from tests.factories import IntroductionSessionPageFactory, ParticipantFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 375


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return gettext(text)


def tab_to(page, control, *, presses: int = 60):
    """Press Tab until `control` has the focus, as a keyboard user moves through the page."""
    for _ in range(presses):
        if control.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {control}")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_space_presses_the_enrol_box_buttons(page, live_server, catalogue, assert_accessible, lang):
    course = IntroductionSessionPageFactory(parent=catalogue, capacity=10)
    person = ParticipantFactory(profile={"organisation": "", "preferred_language": lang})
    course_url = f"{live_server.url}/{lang}/koulutukset/{course.slug}/"
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(course_url)
    assert_accessible(page)

    log_in = page.get_by_role("button", name=said(lang, "Log in to enrol"))
    tab_to(page, log_in)
    page.keyboard.press("Space")

    expect(page).to_have_url(re.compile(rf"/{lang}/accounts/login/\?next=%2F{lang}%2Fkoulutukset%2F{course.slug}%2F$"))
    tab_to(page, page.locator("input[name=login]"))
    page.keyboard.type(person.email)
    page.keyboard.press("Tab")
    page.keyboard.type("salasana-123")
    page.keyboard.press("Enter")
    expect(page).to_have_url(course_url)
    assert_accessible(page)

    enrol = page.get_by_role("button", name=said(lang, "Enrol"))
    tab_to(page, enrol)
    page.keyboard.press("Space")

    expect(page).to_have_url(re.compile(rf"/{lang}/enrol/{course.pk}/"))
    expect(page.locator("input[name=profile-organisation]")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
