"""One answer to "can I enrol, and is there room": a card in the catalogue and on the home page, the
course page, its enrol button and the enrolment rules all say the same (courses.availability)."""

import datetime as dt

from django.utils import timezone, translation
from django.utils.translation import gettext

import pytest

from courses import availability
from courses.models import Offering
from enrolment.services import EnrolmentRefused, check_can_enrol
from tests import written
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def pages(client, offering, language="fi") -> dict[str, str]:
    """The home page's card, the catalogue's card and the course page's box, as HTML."""

    def part(html, start, end):
        begin = html.index(start)
        return html[begin : html.index(end, begin)]

    title = offering.title if language == "fi" else offering.title_sv
    home = client.get(f"/{language}/").content.decode()
    catalogue = client.get(f"/{language}/koulutukset/").content.decode()
    course = client.get(f"/{language}/koulutukset/{offering.slug}/").content.decode()
    return {
        "home": part(home[home.index(title) :], "<dl", "</article>"),
        "catalogue": part(catalogue[catalogue.index(title) :], "<dl", "</article>"),
        "course": part(course, 'class="offering-facts"', "</aside>"),
    }


def test_a_closed_enrolment_says_so_everywhere_and_never_how_many_places_are_left(client, catalogue):
    closed = IntroductionSessionPageFactory(parent=catalogue, capacity=5, enrolment_closes=timezone.now() - HOUR)
    EnrolmentFactory(offering=closed)
    full = IntroductionSessionPageFactory(parent=catalogue, capacity=1, enrolment_closes=timezone.now() - HOUR)
    EnrolmentFactory(offering=full)
    client.force_login(ParticipantFactory())

    for offering in (closed, full):
        for where, html in pages(client, offering).items():
            assert "Ilmoittautuminen on päättynyt" in html, where
            assert "jäljellä" not in html, where
            assert "jonotuslista" not in html, where
            assert f"/fi/enrol/{offering.pk}/" not in html, where


def test_an_open_enrolment_says_the_places_left_or_the_waiting_list_and_offers_the_matching_button(client, catalogue):
    room = IntroductionSessionPageFactory(parent=catalogue, capacity=5, enrolment_closes=timezone.now() + HOUR)
    EnrolmentFactory(offering=room)
    full = IntroductionSessionPageFactory(parent=catalogue, capacity=1)
    EnrolmentFactory(offering=full)
    client.force_login(ParticipantFactory())

    with translation.override("sv"):
        enrol, join, full_text = gettext("Enrol"), gettext("Join the waiting list"), gettext("Full – waiting list")

    for html in pages(client, room, "sv").values():
        assert "4 platser kvar" in html
    assert f"{enrol}</button>" in pages(client, room, "sv")["course"]
    for html in pages(client, full, "sv").values():
        assert full_text in html
    assert f"{join}</button>" in pages(client, full, "sv")["course"]


def test_before_the_window_opens_and_after_the_start_the_pages_say_so_and_offer_no_button(client, catalogue):
    opens = timezone.localtime() + dt.timedelta(days=3)
    not_yet = IntroductionSessionPageFactory(parent=catalogue, enrolment_opens=opens)
    # Still listed, as a running series is: its last session is ahead.
    started = IntroductionSessionPageFactory(parent=catalogue, sessions=[-1, 5])
    client.force_login(ParticipantFactory())

    for where, html in pages(client, not_yet).items():
        assert f"Ilmoittautuminen alkaa {written.moment(opens.date(), opens.time(), 'fi')}" in html, where
        assert "jäljellä" not in html, where
        assert "<button" not in html, where
    for where, html in pages(client, started).items():
        assert "Koulutus on alkanut" in html, where
        assert "jäljellä" not in html, where
        assert "<button" not in html, where


def test_a_cached_card_changes_when_the_window_closes_without_anyone_saving_the_page(client, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=5, enrolment_closes=timezone.now() + HOUR)
    assert "5 paikkaa jäljellä" in pages(client, offering)["catalogue"]

    # The same revision, an hour later: time passes, the card is in the cache.
    Offering.objects.filter(pk=offering.pk).update(enrolment_closes=timezone.now() - HOUR)

    for where in ("home", "catalogue"):
        card = pages(client, offering)[where]
        assert "Ilmoittautuminen on päättynyt" in card, where
        assert "5 paikkaa jäljellä" not in card, where


def test_the_enrolment_rules_refuse_for_the_reason_the_pages_show(catalogue):
    person = ParticipantFactory()
    cases = {
        "not_open": IntroductionSessionPageFactory(parent=catalogue, enrolment_opens=timezone.now() + HOUR),
        "closed": IntroductionSessionPageFactory(parent=catalogue, enrolment_closes=timezone.now() - HOUR),
        "started": IntroductionSessionPageFactory(parent=catalogue, sessions=[-1, 5]),
    }

    for code, offering in cases.items():
        with pytest.raises(EnrolmentRefused) as refused:
            check_can_enrol(offering, user=person)
        assert refused.value.code == code
    check_can_enrol(IntroductionSessionPageFactory(parent=catalogue), user=person)


@pytest.mark.parametrize(
    ("window", "days", "state"),
    [
        ({}, (0, 0), availability.OPEN),  # the first session's day itself is still open
        ({"opens_at": 1}, (5, 5), availability.NOT_YET),
        ({"closes_at": -1}, (5, 5), availability.CLOSED),
        ({"closes_at": 1}, (5, 5), availability.OPEN),
        ({}, (-1, 5), availability.STARTED),
        ({"closes_at": -100}, (-1, 5), availability.STARTED),
        ({}, (-5, -1), availability.ENDED),
    ],
)
def test_availability_follows_the_window_and_the_sessions(window, days, state):
    now = timezone.now()
    today = timezone.localdate(now)
    found = availability.availability(
        opens_at=now + dt.timedelta(hours=window["opens_at"]) if "opens_at" in window else None,
        closes_at=now + dt.timedelta(hours=window["closes_at"]) if "closes_at" in window else None,
        starts_on=today + dt.timedelta(days=days[0]),
        ends_on=today + dt.timedelta(days=days[1]),
        places_left=0,
        now=now,
    )

    assert found.state == state
    assert found.full == (state == availability.OPEN)
