from django.utils import timezone

import pytest

from tests import written
from tests.factories import (
    AdvancedCoursePageFactory,
    BasicCoursePageFactory,
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    OrganisationFactory,
    RegionFactory,
    WorkshopSeriesPageFactory,
)

pytestmark = pytest.mark.django_db


def test_root_redirects_to_finnish(client, home_page):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/fi/"


@pytest.mark.parametrize(
    ("language", "catalogue_title", "upcoming"),
    [
        ("fi", "Koulutukset", "Tulevat koulutukset"),
        ("sv", "Utbildningar", "Kommande utbildningar"),
        ("en", "Trainings", "Upcoming trainings"),
    ],
)
def test_catalogue_speaks_the_language_of_its_url(client, catalogue, language, catalogue_title, upcoming):
    response = client.get(f"/{language}/koulutukset/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert f"<h1>{catalogue_title}</h1>" in html
    assert upcoming in html


def test_offering_shows_the_same_sessions_and_places_in_every_language(client, catalogue):
    offering = WorkshopSeriesPageFactory(
        parent=catalogue,
        title="MindMe – koulu kuuluu kaikille",
        title_sv="MindMe – skolan hör till alla",
        capacity=10,
        sessions=[7, 21],
    )
    EnrolmentFactory.create_batch(3, offering=offering)

    finnish = client.get(f"/fi/koulutukset/{offering.slug}/").content.decode()
    swedish = client.get(f"/sv/koulutukset/{offering.slug}/").content.decode()

    assert "MindMe – koulu kuuluu kaikille" in finnish
    assert "MindMe – skolan hör till alla" in swedish
    assert "7 paikkaa jäljellä" in finnish
    assert "7 platser kvar" in swedish
    for html in (finnish, swedish):
        assert 'data-places-left="7"' in html
        assert html.count('class="session"') == 2


def test_dates_and_times_follow_the_locale(client, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, sessions=[12])
    session = offering.sessions.get()
    day = f"{session.date.day}.{session.date.month}.{session.date.year}"

    assert "klo 9.00–12.00" in client.get(f"/fi/koulutukset/{offering.slug}/").content.decode()
    assert day in client.get(f"/fi/koulutukset/{offering.slug}/").content.decode()
    assert "kl. 9.00–12.00" in client.get(f"/sv/koulutukset/{offering.slug}/").content.decode()
    assert "9:00–12:00" in client.get(f"/en/koulutukset/{offering.slug}/").content.decode()


def test_places_left_are_never_served_from_a_shared_cache(client, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=2)

    for url in ("/fi/", "/fi/koulutukset/", f"/fi/koulutukset/{offering.slug}/"):
        assert client.get(url)["Cache-Control"] == "no-cache, private"

    assert 'data-places-left="2"' in client.get(f"/fi/koulutukset/{offering.slug}/").content.decode()
    EnrolmentFactory(offering=offering)
    assert 'data-places-left="1"' in client.get(f"/fi/koulutukset/{offering.slug}/").content.decode()


def test_full_offering_says_waiting_list(client, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=1)
    EnrolmentFactory(offering=offering)

    assert "Täynnä – jonotuslista" in client.get("/fi/koulutukset/").content.decode()


def test_catalogue_filters_by_query_string(client, catalogue):
    IntroductionSessionPageFactory(parent=catalogue, title="Johdatus Turussa")
    WorkshopSeriesPageFactory(parent=catalogue, title="Työpajat Porissa")

    html = client.get("/fi/koulutukset/", {"kind": "mindme"}).content.decode()

    assert "Työpajat Porissa" in html
    assert "Johdatus Turussa" not in html


def test_the_unfiltered_filter_fields_are_rendered_once_and_follow_their_choices(client, catalogue, monkeypatch):
    from courses import cards

    rendered = []
    real = cards.get_template

    def counting(name):
        rendered.append(name)
        return real(name)

    monkeypatch.setattr(cards, "get_template", counting)
    region = RegionFactory(slug="satakunta", name_fi="Satakunta")
    IntroductionSessionPageFactory(parent=catalogue, title="Johdatus Porissa", region=region)

    first = client.get("/fi/koulutukset/").content.decode()
    second = client.get("/fi/koulutukset/").content.decode()
    unfiltered_renders = rendered.count(cards.FILTERS_TEMPLATE)
    chosen = client.get("/fi/koulutukset/", {"region": "satakunta"}).content.decode()
    searched = client.get("/fi/koulutukset/", {"q": "Pori"}).content.decode()
    region.name_fi = "Satakunnan alue"
    region.save()  # reference data edited: the choices' cache is cleared (courses.signals)
    renamed = client.get("/fi/koulutukset/").content.decode()
    swedish = client.get("/sv/koulutukset/").content.decode()

    assert unfiltered_renders == 1
    assert first == second
    assert '<option value="satakunta" selected>Satakunta</option>' in chosen
    assert 'value="Pori"' in searched
    assert rendered.count(cards.FILTERS_TEMPLATE) == 5  # chosen, searched, renamed and Swedish afresh
    assert '<option value="satakunta">Satakunnan alue</option>' in renamed
    assert "Alla regioner" in swedish


def test_bad_filter_values_are_reported_and_ignored(client, catalogue):
    IntroductionSessionPageFactory(parent=catalogue, title="Johdatus Turussa")
    WorkshopSeriesPageFactory(parent=catalogue, title="Työpajat Porissa")

    response = client.get("/fi/koulutukset/", {"kind": "nonsense", "month": "2026-13", "q": "Turussa"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kaikkia suodattimia ei ymmärretty" in html
    assert "Koulutuslaji: " in html
    assert "Kuukausi: " in html
    # The valid search term is kept in the form and applied to the list.
    assert 'value="Turussa"' in html
    assert "Johdatus Turussa" in html
    assert "Työpajat Porissa" not in html


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1999-12", "2100-01"])
def test_a_month_far_outside_the_programme_is_refused_not_a_server_error(client, catalogue, month):
    IntroductionSessionPageFactory(parent=catalogue, title="Johdatus Turussa")

    response = client.get("/fi/koulutukset/", {"month": month})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kuukausi: " in html
    assert "Johdatus Turussa" in html


# A NUL byte is refused before the page (tests/lms/test_identifiers.py).
@pytest.mark.parametrize("query", ['"', 'Turussa"', "AND OR NOT", "*", "(Turussa", "NEAR(", "' OR 1=1 --"])
def test_search_operators_and_quotes_are_read_as_plain_words(client, catalogue, query):
    IntroductionSessionPageFactory(parent=catalogue, title="Johdatus Turussa")

    response = client.get("/fi/koulutukset/", {"q": query})

    assert response.status_code == 200
    if "Turussa" in query:
        assert "Johdatus Turussa" in response.content.decode()


def test_a_private_offering_is_not_listed(client, catalogue):
    from wagtail.models import PageViewRestriction

    hidden = IntroductionSessionPageFactory(parent=catalogue, title="Suljettu koulutus")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)

    assert "Suljettu koulutus" not in client.get("/fi/koulutukset/").content.decode()
    assert "Suljettu koulutus" not in client.get("/fi/koulutukset/", {"q": "Suljettu"}).content.decode()


def test_a_moved_offering_card_links_to_its_new_address(client, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, title="Johdatus", slug="vanha")
    assert "/fi/koulutukset/vanha/" in client.get("/fi/koulutukset/").content.decode()

    offering.slug = "uusi"
    offering.save_revision().publish()

    html = client.get("/fi/koulutukset/").content.decode()
    assert "/fi/koulutukset/uusi/" in html
    assert "/fi/koulutukset/vanha/" not in html


def test_seo_title_written_in_finnish_is_not_shown_to_swedish_readers(client, catalogue):
    IntroductionSessionPageFactory(
        parent=catalogue, title="Johdatus", title_sv="Introduktion", slug="johdatus", seo_title="Hakukoneotsikko"
    )

    assert "<title>Hakukoneotsikko" in client.get("/fi/koulutukset/johdatus/").content.decode()
    assert "<title>Introduktion" in client.get("/sv/koulutukset/johdatus/").content.decode()


def test_past_offerings_are_reachable(client, catalogue):
    IntroductionSessionPageFactory(parent=catalogue, title="Mennyt", sessions=[-20])

    assert "Mennyt" not in client.get("/fi/koulutukset/").content.decode()
    assert "Mennyt" in client.get("/fi/koulutukset/", {"when": "past"}).content.decode()


def test_language_switcher_keeps_the_page_and_the_filters(client, catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue)

    html = client.get(f"/fi/koulutukset/{offering.slug}/").content.decode()
    assert f'href="/sv/koulutukset/{offering.slug}/" hreflang="sv"' in html
    assert f'href="/en/koulutukset/{offering.slug}/" hreflang="en"' in html

    html = client.get("/fi/koulutukset/", {"kind": "mindme"}).content.decode()
    assert 'href="/sv/koulutukset/?kind=mindme" hreflang="sv"' in html


def test_catalogue_paginates(client, catalogue):
    for days in range(1, 24):
        IntroductionSessionPageFactory(parent=catalogue, sessions=[days])

    first = client.get("/fi/koulutukset/").context["page_obj"]
    second = client.get("/fi/koulutukset/", {"page": 2}).context["page_obj"]

    assert len(first.object_list) == 12
    assert len(second.object_list) == 11


def test_home_page_leads_to_the_catalogue_and_shows_what_is_coming(client, catalogue):
    IntroductionSessionPageFactory(parent=catalogue, title="Pian alkava")

    html = client.get("/fi/").content.decode()

    assert 'href="/fi/koulutukset/"' in html
    assert "Pian alkava" in html


def test_enrolment_window_is_shown(client, catalogue):
    offering = IntroductionSessionPageFactory(
        parent=catalogue, enrolment_opens=timezone.now() + timezone.timedelta(days=3)
    )

    assert "Ilmoittautuminen alkaa" in client.get(f"/fi/koulutukset/{offering.slug}/").content.decode()


@pytest.mark.parametrize(
    ("language", "until"), [("fi", "Ilmoittautuminen auki {} asti"), ("sv", "Anmälan öppen till {}")]
)
def test_enrolment_that_closes_at_midnight_is_open_until_the_last_minute_of_the_day_before(
    client, catalogue, language, until
):
    import datetime as dt

    last_day = timezone.localdate() + dt.timedelta(days=5)
    midnight = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min))
    offering = IntroductionSessionPageFactory(parent=catalogue, sessions=[10], enrolment_closes=midnight)

    html = client.get(f"/{language}/koulutukset/{offering.slug}/").content.decode()

    assert until.format(written.moment(last_day, dt.time(23, 59), language)) in html


def test_missing_page_answers_404_in_the_visitors_language(client, catalogue):
    response = client.get("/sv/koulutukset/finns-inte/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="sv"' in html
    assert "Sidan hittades inte" in html
    assert 'href="/sv/koulutukset/"' in html


def test_public_pages_send_a_strict_content_security_policy(client, catalogue):
    policy = client.get("/fi/koulutukset/")["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_preview_of_an_unsaved_offering_shows_its_edited_sessions(catalogue):
    import datetime as dt

    from courses.models import IntroductionSessionPage, Session

    page = IntroductionSessionPage(
        title="Luonnos",
        slug="luonnos",
        lead_fi="Ingressi.",
        capacity=15,
        region=RegionFactory(),
        organiser=OrganisationFactory(),
    )
    page.sessions = [Session(date=dt.date(2027, 3, 12), starts_at=dt.time(9), ends_at=dt.time(12), place="Pori")]
    page.set_url_path(catalogue)

    response = page.make_preview_request()

    assert response.status_code == 200
    html = response.content.decode()
    assert "12.3.2027" in html
    assert 'data-places-left="15"' in html


def test_prerequisite_links_only_to_a_published_basic_course(client, catalogue):
    basic = BasicCoursePageFactory(parent=catalogue, title="Peruskoulutus", slug="perus")
    AdvancedCoursePageFactory(parent=catalogue, title="Jatkokoulutus", slug="jatko", prerequisite=basic)
    assert 'href="/fi/koulutukset/perus/"' in client.get("/fi/koulutukset/jatko/").content.decode()

    basic.unpublish()

    assert 'href="/fi/koulutukset/perus/"' not in client.get("/fi/koulutukset/jatko/").content.decode()
