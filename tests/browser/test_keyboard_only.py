"""Journeys by the keyboard alone, at 375 px in Finnish and Swedish: a newcomer signs up (and gets
a field wrong), logs in (with a wrong password first), enrols (leaving the profile's questions
empty first) and cancels; a trainer marks a roster with the arrow keys and corrects the row an
error names. No mouse: Tab, Shift+Tab, Enter, Space and the arrow keys. Each page is checked with
axe, its focus indicators (each control's, 3:1 against what is next to it) and its type scale;
after an error the summary has the focus, names what to correct and leads to it."""

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext, ngettext

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from attendance.models import Attendance
from enrolment.models import Enrolment
from tests.factories import (
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    MunicipalityFactory,
    ParticipantFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Kurssi-paikka-2026!"
WIDTH = 375


@dataclass
class Keyboard:
    page: Page
    lang: str
    tab_to: object
    checks: tuple

    def check(self):
        """What every page of the journey passes, and nothing sticks out sideways."""
        self.page.wait_for_load_state()
        for check in self.checks:
            check(self.page)
        assert self.page.evaluate("document.documentElement.scrollWidth") <= WIDTH

    def press(self, selector: str, key: str = "Enter"):
        self.tab_to(self.page, selector)
        self.page.keyboard.press(key)

    def type(self, selector: str, text: str):
        self.tab_to(self.page, selector)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def choose_next(self, selector: str):
        """The next option of a closed list: the arrow key chooses it without opening the list."""
        self.press(selector, "ArrowDown")

    def translated(self, text: str) -> str:
        with translation.override(self.lang):
            return gettext(text)

    def expect_error_summary(self, count: int, *, naming: str = ""):
        """The page came back with `count` errors: the count leads the title, and the summary has
        the focus, one link per error."""
        with translation.override(self.lang):
            prefix = ngettext("Error (%(count)d): ", "Errors (%(count)d): ", count) % {"count": count}
        expect(self.page).to_have_title(re.compile("^" + re.escape(prefix)))
        summary = self.page.locator(".error-summary")
        expect(summary).to_be_focused()
        expect(summary.locator("h2")).to_have_text(self.translated("Please correct the following"))
        expect(summary.locator("li a")).to_have_count(count)
        if naming:
            expect(summary).to_contain_text(naming)

    def follow_summary_link(self, number: int, control: str):
        """From the focused summary, Tab to its `number`th link and Enter: the focus is on the
        control to correct."""
        for _ in range(number):
            self.page.keyboard.press("Tab")
        expect(self.page.locator(".error-summary li a").nth(number - 1)).to_be_focused()
        self.page.keyboard.press("Enter")
        expect(self.page.locator(control)).to_be_focused()


@pytest.fixture
def expected_console_errors():
    # A form sent back with errors answers 400 (enrolment, the roster): the browser logs it.
    return ["status of 400"]


@pytest.fixture
def keyboard(page, tab_to, assert_accessible, assert_focus_visible, assert_type_scale):
    def start(lang):
        page.set_viewport_size({"width": WIDTH, "height": 800})
        return Keyboard(page, lang, tab_to, (assert_accessible, assert_type_scale, assert_focus_visible))

    return start


@pytest.fixture
def course(catalogue):
    return IntroductionSessionPageFactory(
        parent=catalogue,
        title="Johdatus systeemisyyteen",
        title_sv="Introduktion till systemiskt arbete",
        capacity=5,
        sessions=[30],
    )


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_newcomer_signs_up_logs_in_enrols_and_cancels_by_keyboard_alone(keyboard, page, live_server, course, lang):
    municipality, sector = MunicipalityFactory(), SectorFactory()
    email = f"aino.{lang}@example.fi"
    journey = keyboard(lang)

    # The front page, the catalogue and the course, from link to link.
    page.goto(f"{live_server.url}/{lang}/")
    journey.check()
    journey.press(f"header a[href='/{lang}/koulutukset/']")
    expect(page).to_have_url(re.compile(rf"/{lang}/koulutukset/$"))
    journey.check()
    journey.press(f".offering-grid a[href$='/{course.slug}/']")
    expect(page).to_have_url(re.compile(rf"/{course.slug}/$"))
    journey.check()
    journey.press(".enrol-box a[href*='/accounts/signup/']")

    # Sign-up with the password typed differently the second time: one error, and the way to it.
    expect(page).to_have_url(re.compile(rf"/{lang}/accounts/signup/"))
    journey.check()
    journey.type("input[name=first_name]", "Aino")
    journey.type("input[name=last_name]", "Aaltonen")
    journey.type("input[name=email]", email)
    journey.type("input[name=password1]", PASSWORD)
    journey.type("input[name=password2]", PASSWORD + "x")
    journey.press("input[name=privacy_consent]", "Space")
    journey.press("main form button[type=submit]")
    journey.expect_error_summary(1, naming=journey.translated("Password (again)"))
    journey.follow_summary_link(1, "input[name=password2]")
    expect(page.locator("input[name=password2]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=password2]")).to_have_attribute("aria-describedby", "id_password2_error")
    expect(page.locator("#id_password2_error")).to_be_visible()
    journey.check()
    # A password is never sent back: both are typed again.
    journey.type("input[name=password1]", PASSWORD)
    journey.type("input[name=password2]", PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{lang}/accounts/confirm-email/$"))
    journey.check()

    # The address is confirmed (the email's link is another journey's); log in, a wrong password
    # first: both fields are marked invalid, described by the one message.
    EmailAddress.objects.filter(email=email).update(verified=True)
    journey.press(f"header a[href='/{lang}/accounts/login/']")
    expect(page).to_have_url(re.compile(rf"/{lang}/accounts/login/$"))
    journey.check()
    journey.type("input[name=login]", email)
    journey.type("input[name=password]", "not-the-password")
    page.keyboard.press("Enter")
    journey.expect_error_summary(1)
    journey.follow_summary_link(1, "input[name=login]")
    for field in ("login", "password"):
        expect(page.locator(f"input[name={field}]")).to_have_attribute("aria-invalid", "true")
        described_by = page.locator(f"input[name={field}]").get_attribute("aria-describedby")
        assert "non-field-errors" in described_by.split()
    journey.check()
    journey.type("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{lang}/my/trainings/$"))

    # Enrolling asks for the profile's missing details; sent empty, four errors, one per field.
    journey.press(f"header a[href='/{lang}/koulutukset/']")
    expect(page).to_have_url(re.compile(rf"/{lang}/koulutukset/$"))
    journey.press(f".offering-grid a[href$='/{course.slug}/']")
    expect(page).to_have_url(re.compile(rf"/{course.slug}/$"))
    journey.check()
    journey.press(f".enrol-box form[action='/{lang}/enrol/{course.pk}/'] button", "Space")
    expect(page.locator("input[name=profile-first_name]")).to_have_value("Aino")
    journey.check()
    journey.press("main form button[type=submit]")
    journey.expect_error_summary(4, naming=journey.translated("Organisation"))
    journey.follow_summary_link(1, "input[name=profile-organisation]")
    journey.check()
    journey.type("input[name=profile-organisation]", "Porin kaupunki, perhesosiaalityö")
    journey.choose_next("select[name=profile-municipality]")
    expect(page.locator("select[name=profile-municipality]")).to_have_value(str(municipality.pk))
    journey.choose_next("select[name=profile-sector]")
    expect(page.locator("select[name=profile-sector]")).to_have_value(str(sector.pk))
    journey.type("input[name=profile-job_title]", "Sosiaaliohjaaja")
    page.keyboard.press("Enter")

    # My trainings (its sessions disclosure and the read-only calendar address take the focus
    # too), the profile, and the cancellation.
    expect(page).to_have_url(re.compile(rf"/{lang}/my/trainings/$"))
    enrolment = Enrolment.objects.get(offering=course, user__email=email)
    assert enrolment.status == Enrolment.Status.CONFIRMED
    journey.check()
    journey.press(f"header a[href='/{lang}/my/profile/']")
    expect(page).to_have_url(re.compile(rf"/{lang}/my/profile/$"))
    expect(page.locator("input[name=job_title]")).to_have_value("Sosiaaliohjaaja")
    journey.check()
    journey.press(f"header a[href='/{lang}/my/trainings/']")
    expect(page).to_have_url(re.compile(rf"/{lang}/my/trainings/$"))
    journey.press("a.cancel-link")
    expect(page).to_have_url(re.compile(rf"/{lang}/my/enrolments/{enrolment.pk}/cancel/$"))
    journey.check()
    journey.press("main form button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/{lang}/my/enrolments/{enrolment.pk}/$"))
    expect(page.locator(".message-success")).to_be_visible()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CANCELLED
    journey.check()


@pytest.fixture
def roster(catalogue):
    course = IntroductionSessionPageFactory(
        parent=catalogue, title="Johdatus systeemisyyteen", title_sv="Introduktion till systemiskt arbete", sessions=[0]
    )
    trainer = UserFactory(username="kouluttaja@example.fi", first_name="Tuula", last_name="Toivonen", verified=True)
    course.trainers.add(trainer)
    course.save_revision().publish()
    people = [
        ParticipantFactory(username="laura@example.fi", first_name="Laura", last_name="Mäkinen"),
        ParticipantFactory(username="johan@example.fi", first_name="Johan", last_name="Lindqvist"),
    ]
    return trainer, course.sessions.get(), [EnrolmentFactory(offering=course, user=person) for person in people]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_trainer_marks_a_roster_by_arrow_keys_and_corrects_the_row_an_error_names(
    keyboard, page, live_server, roster, assert_focus_visible, lang
):
    trainer, session, (laura, johan) = roster
    journey = keyboard(lang)
    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    journey.type("input[name=login]", trainer.email)
    journey.type("input[name=password]", "salasana-123")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{lang}/my/trainings/$"))
    journey.press(f"header a[href='/{lang}/trainer/']")
    expect(page).to_have_url(re.compile(rf"/{lang}/trainer/$"))
    journey.check()
    journey.press(f".trainer-sessions a[href='/{lang}/trainer/sessions/{session.pk}/']")
    expect(page).to_have_url(re.compile(rf"/{lang}/trainer/sessions/{session.pk}/$"))
    journey.check()

    # Laura present (Space on her first status); for Johan a remark and no status.
    journey.press(f"input[name='status-{laura.pk}']", "Space")
    expect(page.locator(f"input[name='status-{laura.pk}'][value=present]")).to_be_checked()
    journey.type(f"input[name='remark-{johan.pk}']", "Tuli kesken päivän")
    page.keyboard.press("Enter")  # Save, the form's first button

    # Nothing saved. The summary names Johan; his row's group is described by its message, and his
    # statuses are marked invalid.
    journey.expect_error_summary(1, naming="Johan Lindqvist")
    assert not Attendance.objects.exists()
    message = journey.translated("Choose a status to go with the remark.")
    row = page.locator("fieldset.roster-row", has_text="Johan Lindqvist")
    described_by = row.get_attribute("aria-describedby")
    expect(page.locator(f"[id='{described_by}']")).to_have_text(message)
    expect(row.locator("input[type=radio][aria-invalid=true]")).to_have_count(4)
    expect(page.locator(".error-summary li a")).to_have_attribute("href", f"#id_status-{johan.pk}_0")

    # From the summary to Johan's first status; the arrow keys go through the statuses, checking
    # each in turn: present, late.
    journey.follow_summary_link(1, f"#id_status-{johan.pk}_0")
    journey.check()
    journey.press(f"#id_status-{johan.pk}_0", "Space")
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"input[name='status-{johan.pk}'][value=late]")).to_be_checked()
    expect(page.locator(f"input[name='status-{laura.pk}'][value=present]")).to_be_checked()
    journey.press("button[name=action][value=save]")

    expect(page.locator(".message")).to_be_visible()
    expect(page.locator(".error-summary")).to_have_count(0)
    marks = dict(Attendance.objects.values_list("enrolment_id", "status"))
    assert marks == {laura.pk: Attendance.Status.PRESENT, johan.pk: Attendance.Status.LATE}
    assert Attendance.objects.get(enrolment=johan).remark == "Tuli kesken päivän"
    journey.check()  # with statuses checked

    # At 200 % zoom of a 1280 px screen (640 px) the page keeps its margins: no focus ring is cut
    # at the edge. On a laptop the remark field has room for a sentence.
    page.set_viewport_size({"width": 640, "height": 800})
    assert_focus_visible(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator(f"input[name='remark-{johan.pk}']").bounding_box()["width"] >= 240
