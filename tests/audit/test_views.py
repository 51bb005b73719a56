"""The coordinators' audit log page in the Wagtail admin: read, filtered, never edited."""

import datetime as dt

from django.utils import timezone

from wagtail.users.models import UserProfile

import pytest

from audit import services as audit
from audit.models import Entry
from tests.factories import IntroductionSessionPageFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/admin/audit/"


@pytest.fixture
def log(catalogue, coordinator):
    trainer = UserFactory(first_name="Tuomas", last_name="Kouluttaja")
    anna = UserFactory(first_name="Anna", last_name="Virta", email="anna.virta@example.fi")
    ben = UserFactory(first_name="Ben", last_name="Berg")
    offering = IntroductionSessionPageFactory(parent=catalogue, title="Johdatus systeemisyyteen")
    old = audit.entry(
        audit.Action.ENROLMENT_APPROVED,
        actor=coordinator,
        subject=ben,
        offering=offering,
        details={"status": "waiting"},
    )
    old.at = timezone.now() - dt.timedelta(days=40)
    audit.record_many([old])
    audit.record(
        audit.Action.ATTENDANCE_CORRECTED,
        actor=trainer,
        subject=anna,
        offering=offering,
        details={"date": "2026-03-12", "from": "absent", "to": "present"},
    )
    audit.record(audit.Action.ANSWERS_PURGED, actor=None, offering=offering, details={"count": 7})
    return {"trainer": trainer, "anna": anna, "ben": ben, "offering": offering}


def rows(response) -> list[str]:
    return [entry.action for entry in response.context["page"].object_list]


def test_the_log_lists_who_did_what_to_whom_newest_first(coordinator_client, log):
    response = coordinator_client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert rows(response) == ["answers_purged", "attendance_corrected", "enrolment_approved"]
    assert "Tuomas Kouluttaja" in html
    assert "Anna Virta" in html
    assert "Poissa → Paikalla (12.3.2026)" in html
    assert "Johdatus systeemisyyteen" in html
    assert "Järjestelmä (ajastettu tehtävä)" in html
    assert "7 ilmoittautumista" in html


def test_the_log_reads_in_the_coordinators_language(coordinator_client, log, coordinator):
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "sv"
    profile.save()

    html = coordinator_client.get(URL).content.decode()

    assert "Frånvarande → Närvarande" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "attendance_corrected"}, ["attendance_corrected"]),
        ({"person": "virta anna"}, ["attendance_corrected"]),
        ({"person": "anna.virta@example"}, ["attendance_corrected"]),
        ({"actor": "koordinaattori"}, ["enrolment_approved"]),
        ({"date_to": (timezone.localdate() - dt.timedelta(days=30)).isoformat()}, ["enrolment_approved"]),
        ({"date_from": timezone.localdate().isoformat()}, ["answers_purged", "attendance_corrected"]),
        ({"person": "nobody"}, []),
    ],
)
def test_the_log_filters_by_action_person_actor_and_period(coordinator_client, log, query, expected):
    response = coordinator_client.get(URL, query)

    assert response.status_code == 200
    assert rows(response) == expected


def test_a_filter_the_form_refuses_is_shown_with_its_error(coordinator_client, log):
    response = coordinator_client.get(URL, {"date_from": "2026-05-01", "date_to": "2026-04-01"})

    assert response.status_code == 400
    assert response.context["page"] is None
    assert "Jakson loppu on ennen sen alkua." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "0001-01-01"}, "date_from"),
        ({"date_to": "9999-12-31"}, "date_to"),
        ({"date_to": "1.1.2100"}, "date_to"),
    ],
)
def test_a_date_outside_the_programmes_years_is_refused_not_a_500(coordinator_client, log, query, field):
    # The first and last days Python holds have no start of day in UTC, or no next day.
    response = coordinator_client.get(URL, query)

    assert response.status_code == 400
    assert response.context["form"].errors[field] == ["Anna päivämäärä vuosien 2000 ja 2099 väliltä."]


def test_the_log_pages_through_entries_in_a_fixed_number_of_queries(
    coordinator_client, log, django_assert_max_num_queries
):
    audit.record_many(
        [audit.entry(audit.Action.EXPORTED, actor=log["trainer"], details={"what": "report", "format": "csv"})] * 120
    )
    with django_assert_max_num_queries(25):
        response = coordinator_client.get(URL, {"p": 2})

    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].number == 2


def test_nobody_without_the_permission_reads_the_log(client, log, editor):
    client.force_login(editor)

    response = client.get(URL)

    assert response.status_code == 302  # Wagtail's "no permission" redirect to the dashboard
    assert Entry.objects.count() == 3


def test_the_menu_shows_the_log_to_coordinators(coordinator_client, log):
    # The sidebar is drawn from JSON data.
    assert '"/admin/audit/"' in coordinator_client.get("/admin/").content.decode()


def test_the_log_is_read_only(coordinator_client, log):
    response = coordinator_client.post(URL, {"action": "exported"})

    assert response.status_code == 405
    assert Entry.objects.count() == 3
