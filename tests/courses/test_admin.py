"""The admin tells courses of one title apart by where and when, and names trainers."""

import datetime as dt
import re

from django.utils import timezone

import pytest

from tests.factories import (
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    MunicipalityFactory,
    RegionFactory,
    TrainerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_introductions(catalogue):
    """One title held in Salo and Pori, and one that names its place."""
    region = RegionFactory(slug="varsinais-suomi", name_fi="Varsinais-Suomi")
    salo = MunicipalityFactory(name_fi="Salo", region=region)
    return [
        IntroductionSessionPageFactory(
            parent=catalogue, title="Johdatus systeemisyyteen", region=region, municipality=salo, sessions=[30]
        ),
        IntroductionSessionPageFactory(
            parent=catalogue, title="Johdatus systeemisyyteen", municipality=MunicipalityFactory(), sessions=[44, 51]
        ),
        IntroductionSessionPageFactory(
            parent=catalogue, title="Johdatus systeemisyyteen, Salo", region=region, municipality=salo, sessions=[60]
        ),
    ]


def day(days: int) -> str:
    date = timezone.localdate() + dt.timedelta(days=days)
    return f"{date.day}.{date.month}.{date.year}"


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_explorer_tells_courses_of_one_title_apart_by_place_and_dates(
    coordinator_client, catalogue, two_introductions
):
    page = text(coordinator_client.get(f"/admin/pages/{catalogue.pk}/").content.decode())

    assert f"Johdatus systeemisyyteen (Salo, {day(30)})" in page
    assert f"Johdatus systeemisyyteen (Pori, {day(44)}–{day(51)})" in page
    # The place the title names is not said twice.
    assert f"Johdatus systeemisyyteen, Salo ({day(60)})" in page


def test_a_courses_enrolment_pages_show_the_whole_title_with_place_and_dates(coordinator_client, two_introductions):
    salo = two_introductions[0]
    EnrolmentFactory(offering=salo)

    for url in (f"/admin/enrolments/{salo.pk}/", f"/admin/enrolments/{salo.pk}/attendance/"):
        html = coordinator_client.get(url).content.decode()

        assert '<h2 id="summary-heading" class="w-h3">Johdatus systeemisyyteen</h2>' in html
        assert f"Tietoisku · Salo · {day(30)}" in text(html)


def test_the_list_of_offerings_says_where_each_is_held(coordinator_client, two_introductions):
    rows = text(coordinator_client.get("/admin/enrolments/").content.decode())

    assert f"Johdatus systeemisyyteen Tietoisku Salo {day(30)}" in rows
    assert f"Johdatus systeemisyyteen Tietoisku Pori {day(44)}–{day(51)}" in rows


def test_the_editor_lists_trainers_by_name_with_their_address(coordinator_client, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue)
    for first, last in (("Tiina", "Virtanen"), ("Aapo", "Aalto")):
        TrainerFactory(username=f"{first.lower()}@example.fi", first_name=first, last_name=last)
    UserFactory(username="ei-kouluttaja@example.fi", first_name="Eino")

    html = coordinator_client.get(f"/admin/pages/{offering.pk}/edit/").content.decode()

    select = re.search(r'<select name="trainers".*?</select>', html, re.S).group(0)
    labels = re.findall(r"<option[^>]*>\s*(.*?)\s*</option>", select)
    assert labels == ["Aapo Aalto (aapo@example.fi)", "Tiina Virtanen (tiina@example.fi)"]
