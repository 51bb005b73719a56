import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from courses.models import Session
from courses.selectors import CatalogueFilters, catalogue_offerings, listing, offering_detail, upcoming_months
from enrolment.models import Enrolment
from tests.factories import (
    BasicCoursePageFactory,
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    RegionFactory,
    SectorFactory,
    WorkshopSeriesPageFactory,
)

pytestmark = pytest.mark.django_db


def titles(queryset):
    return [offering.title for offering in queryset]


def test_places_left_counts_only_confirmed_enrolments(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=5)
    EnrolmentFactory.create_batch(2, offering=offering)
    EnrolmentFactory(offering=offering, status=Enrolment.Status.WAITING)
    EnrolmentFactory(offering=offering, status=Enrolment.Status.CANCELLED)

    [listed] = listing(catalogue_offerings(catalogue, CatalogueFilters()).values_list("pk", flat=True))

    assert listed["places_left"] == 3
    assert listed["session_count"] == 1
    assert offering_detail(offering).places_left == 3


def test_places_left_never_goes_below_zero(catalogue):
    offering = IntroductionSessionPageFactory(parent=catalogue, capacity=1)
    EnrolmentFactory.create_batch(2, offering=offering)

    assert offering_detail(offering).places_left == 0


def test_schedule_annotations_span_all_sessions(catalogue):
    offering = BasicCoursePageFactory(parent=catalogue, sessions=[40, 5, 20])
    today = timezone.localdate()

    detail = offering_detail(offering)

    assert detail.starts_on == today + dt.timedelta(days=5)
    assert detail.ends_on == today + dt.timedelta(days=40)
    assert detail.session_count == 3
    assert detail.places_left == 20


def test_schedule_follows_sessions_when_a_new_revision_is_published(catalogue):
    offering = BasicCoursePageFactory(parent=catalogue, sessions=[5, 10])
    today = timezone.localdate()

    offering.sessions = [
        Session(date=today + dt.timedelta(days=60), starts_at=dt.time(9), ends_at=dt.time(12), place="Pori")
    ]
    offering.save_revision().publish()
    offering.refresh_from_db()

    assert (offering.starts_on, offering.ends_on) == (today + dt.timedelta(days=60),) * 2
    assert [listed.pk for listed in catalogue_offerings(catalogue, CatalogueFilters(past=False))] == [offering.pk]


def test_upcoming_come_soonest_first_and_past_ones_are_separate(catalogue):
    IntroductionSessionPageFactory(parent=catalogue, title="Later", sessions=[30])
    IntroductionSessionPageFactory(parent=catalogue, title="Sooner", sessions=[3])
    IntroductionSessionPageFactory(parent=catalogue, title="Old", sessions=[-60])
    IntroductionSessionPageFactory(parent=catalogue, title="Older", sessions=[-90])
    # A course that started but has sessions still ahead is upcoming.
    BasicCoursePageFactory(parent=catalogue, title="Running", sessions=[-10, 20])

    assert titles(catalogue_offerings(catalogue, CatalogueFilters())) == ["Running", "Sooner", "Later"]
    assert titles(catalogue_offerings(catalogue, CatalogueFilters(past=True))) == ["Old", "Older"]


def test_unpublished_offerings_are_not_listed(catalogue):
    IntroductionSessionPageFactory(parent=catalogue, title="Draft", live=False)

    assert titles(catalogue_offerings(catalogue, CatalogueFilters())) == []


def test_filter_by_kind(catalogue):
    IntroductionSessionPageFactory(parent=catalogue, title="Intro")
    WorkshopSeriesPageFactory(parent=catalogue, title="MindMe")

    assert titles(catalogue_offerings(catalogue, CatalogueFilters(kind="mindme"))) == ["MindMe"]
    assert titles(catalogue_offerings(catalogue, CatalogueFilters(kind="introduction"))) == ["Intro"]


def test_filter_by_region(catalogue):
    pohjanmaa = RegionFactory(slug="pohjanmaa", name_fi="Pohjanmaa", name_sv="Österbotten")
    IntroductionSessionPageFactory(parent=catalogue, title="Vaasa", region=pohjanmaa)
    IntroductionSessionPageFactory(parent=catalogue, title="Pori")

    assert titles(catalogue_offerings(catalogue, CatalogueFilters(region="pohjanmaa"))) == ["Vaasa"]


def test_language_filter_includes_bilingual_offerings(catalogue):
    IntroductionSessionPageFactory(parent=catalogue, title="Svenska", language="sv", sessions=[1])
    IntroductionSessionPageFactory(parent=catalogue, title="Tvåspråkig", language="fi-sv", sessions=[2])
    IntroductionSessionPageFactory(parent=catalogue, title="Suomi", language="fi", sessions=[3])

    assert titles(catalogue_offerings(catalogue, CatalogueFilters(language="sv"))) == ["Svenska", "Tvåspråkig"]
    assert titles(catalogue_offerings(catalogue, CatalogueFilters(language="en"))) == []


def test_filter_by_month_matches_any_session_in_it(catalogue):
    today = timezone.localdate()
    first_of_next = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    in_next_month = (first_of_next - today).days + 3
    BasicCoursePageFactory(parent=catalogue, title="Series", sessions=[in_next_month - 40, in_next_month])
    IntroductionSessionPageFactory(parent=catalogue, title="Much later", sessions=[in_next_month + 70])

    assert titles(catalogue_offerings(catalogue, CatalogueFilters(month=first_of_next))) == ["Series"]


def test_filter_by_audience(catalogue):
    school = SectorFactory(slug="koulu")
    child_protection = SectorFactory(slug="lastensuojelu", name_fi="Lastensuojelu")
    IntroductionSessionPageFactory(parent=catalogue, title="For schools", audiences=[school, child_protection])
    IntroductionSessionPageFactory(parent=catalogue, title="For others")

    assert titles(catalogue_offerings(catalogue, CatalogueFilters(audience="koulu"))) == ["For schools"]


def test_search_finds_offerings_by_any_language(catalogue):
    IntroductionSessionPageFactory(
        parent=catalogue, title="Johdatus psykiatrialle", title_sv="Introduktion för psykiatrin"
    )
    IntroductionSessionPageFactory(parent=catalogue, title="MindMe työpaja", title_sv="MindMe workshop")

    assert titles(catalogue_offerings(catalogue, CatalogueFilters(query="psykiatrialle"))) == ["Johdatus psykiatrialle"]
    assert titles(catalogue_offerings(catalogue, CatalogueFilters(query="psykiatrin"))) == ["Johdatus psykiatrialle"]
    assert titles(catalogue_offerings(catalogue, CatalogueFilters(query="zzzz"))) == []


def test_upcoming_months_lists_each_month_with_a_session_once(catalogue):
    BasicCoursePageFactory(parent=catalogue, sessions=[1, 2, 40, -40])

    months = upcoming_months()

    assert len(months) == len(set(months))
    assert all(month >= timezone.localdate().replace(day=1) for month in months)
    assert 1 <= len(months) <= 3


def _catalogue_queries(catalogue, n):
    for _ in range(n):
        offering = BasicCoursePageFactory(parent=catalogue, sessions=[5, 10, 15, 20, 25, 30])
        EnrolmentFactory(offering=offering)
    with CaptureQueriesContext(connection) as queries:
        rows = listing(catalogue_offerings(catalogue, CatalogueFilters()).values_list("pk", flat=True)[:5])
        assert all(row["places_left"] == 19 for row in rows)
    return len(queries)


def test_listing_queries_do_not_grow_with_offerings(catalogue):
    assert _catalogue_queries(catalogue, 2) == _catalogue_queries(catalogue, 8) == 4


def test_listing_keeps_the_given_order(catalogue):
    first, second = IntroductionSessionPageFactory.create_batch(2, parent=catalogue)

    assert [row["pk"] for row in listing([second.pk, first.pk])] == [second.pk, first.pk]
