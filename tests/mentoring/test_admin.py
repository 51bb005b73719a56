"""Coordinators' mentoring pages in the Wagtail admin: every agreement with planned against
delivered hours, making and editing agreements, mentees added and removed, the link to the
attestations; refusals and 404s. Assertions read data and markup, not interface texts."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import ERROR, INFO, SUCCESS, get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from mentoring.models import Agreement, Mentee
from tests.factories import MentoringSessionFactory, MunicipalityFactory, ParticipantFactory, UserFactory, claimant_of

pytestmark = pytest.mark.django_db


def last_level(response):
    return [message.level for message in get_messages(response.wsgi_request)][-1]


def agreement_form(**fields) -> dict:
    today = timezone.localdate()
    return {
        "mentor_email": "Uusi.Mentori@example.fi",
        "mentor_first_name": "Uusi",
        "mentor_last_name": "Mentori",
        "team": "Ulvilan koulun ja lastensuojelun tiimi",
        "municipality": str(MunicipalityFactory().pk),
        "organisation": "",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=120)).isoformat(),
        "goals": "Koulunkäynnin tuki sijoitetuille lapsille.",
        "planned_hours": "12.5",
        **fields,
    }


# The list


def test_the_list_shows_every_agreement_with_planned_and_delivered_hours(
    coordinator_client, agreement, asa, other_agreement
):
    MentoringSessionFactory(agreement=agreement, days=-10, duration_minutes=90, participants=[asa])
    MentoringSessionFactory(agreement=agreement, days=-3, duration_minutes=45, participants=[asa])

    response = coordinator_client.get("/admin/mentoring/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="agreement-{agreement.pk}" data-delivered-minutes="135" data-planned-hours="20.0"' in html
    assert f'id="agreement-{other_agreement.pk}" data-delivered-minutes="0"' in html
    assert f'href="/admin/certificates/mentoring/{agreement.pk}/"' in html


def test_the_list_searches(coordinator_client, agreement, other_agreement):
    html = coordinator_client.get("/admin/mentoring/", {"q": "Rauma"}).content.decode()

    assert f'id="agreement-{other_agreement.pk}"' in html
    assert f'id="agreement-{agreement.pk}"' not in html


def test_the_list_takes_the_same_queries_however_many_agreements(coordinator_client, agreement, asa, other_agreement):
    def queries():
        coordinator_client.get("/admin/mentoring/")
        with CaptureQueriesContext(connection) as captured:
            coordinator_client.get("/admin/mentoring/")
        return len(captured)

    MentoringSessionFactory(agreement=agreement, days=-3, duration_minutes=60, participants=[asa])
    few = queries()
    for n in range(4):
        copy = Agreement.objects.get(pk=other_agreement.pk)
        copy.pk, copy.team, copy.mentor = None, f"Tiimi {n}", ParticipantFactory()
        copy.save()
        MentoringSessionFactory(agreement=copy, days=-2, duration_minutes=30)

    assert queries() == few


def test_an_admin_user_without_the_mentoring_permission_is_turned_away(client, agreement, editor):
    client.force_login(editor)

    for url in ("/admin/mentoring/", f"/admin/mentoring/{agreement.pk}/", "/admin/mentoring/add/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" not in response["Location"]  # to the dashboard, with "no permission"


def test_the_agreement_page_hides_the_attestations_link_from_those_who_cannot_issue(client, agreement):
    # Manages mentoring in the admin, and may not issue certificates.
    manager = UserFactory()
    manager.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="mentoring",
            codename__in=["add_agreement", "change_agreement", "view_agreement", "add_mentee", "change_mentee"],
        ),
    )
    client.force_login(manager)

    html = client.get(f"/admin/mentoring/{agreement.pk}/").content.decode()

    assert "/admin/certificates/mentoring/" not in html


# One agreement


def test_the_agreement_page_shows_mentees_hours_and_sessions_but_not_the_working_notes(
    coordinator_client, agreement, asa, bjorn
):
    delivered = MentoringSessionFactory(
        agreement=agreement, days=-10, duration_minutes=90, participants=[asa, bjorn], notes="Mentorin oma muistiinpano"
    )
    planned = MentoringSessionFactory(agreement=agreement, days=4, participants=[asa])

    response = coordinator_client.get(f"/admin/mentoring/{agreement.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="mentee-{asa.pk}" data-minutes="90"' in html
    assert f'id="session-{delivered.pk}" data-delivered="true"' in html
    assert f'id="session-{planned.pk}" data-delivered="false"' in html
    assert "Mentorin oma muistiinpano" not in html
    assert f'href="/admin/certificates/mentoring/{agreement.pk}/"' in html
    assert f'href="/admin/mentoring/{agreement.pk}/edit/"' in html


def test_a_missing_agreement_is_404(coordinator_client):
    assert coordinator_client.get("/admin/mentoring/999999/").status_code == 404
    assert coordinator_client.get("/admin/mentoring/999999/edit/").status_code == 404
    assert coordinator_client.post("/admin/mentoring/999999/mentees/add/", {}).status_code == 404


# Making and editing agreements


def test_a_coordinator_makes_an_agreement_with_a_new_mentor(coordinator_client, coordinator):
    response = coordinator_client.post("/admin/mentoring/add/", agreement_form())

    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/mentoring/{agreement.pk}/"
    assert agreement.mentor.email == "uusi.mentori@example.fi"
    assert agreement.mentor.has_usable_password() is False
    assert (agreement.created_by, str(agreement.planned_hours)) == (coordinator, "12.5")


def test_an_existing_account_becomes_the_mentor(coordinator_client, mentor):
    coordinator_client.post("/admin/mentoring/add/", agreement_form(mentor_email=mentor.email.upper()))

    assert Agreement.objects.get().mentor == mentor


def test_an_account_that_only_claims_the_mentors_address_does_not_become_the_mentor(coordinator_client):
    stranger = claimant_of("uusi.mentori@example.fi")

    coordinator_client.post("/admin/mentoring/add/", agreement_form())

    mentor = Agreement.objects.get().mentor
    assert mentor != stranger
    assert (mentor.email, mentor.has_usable_password()) == ("uusi.mentori@example.fi", False)


def test_a_refused_agreement_comes_back_with_what_was_typed_and_makes_no_account(coordinator_client):
    today = timezone.localdate()
    users = get_user_model().objects.count()

    response = coordinator_client.post(
        "/admin/mentoring/add/", agreement_form(ends_on=(today - dt.timedelta(days=1)).isoformat())
    )

    assert response.status_code == 400
    assert 'value="Ulvilan koulun ja lastensuojelun tiimi"' in response.content.decode()
    assert Agreement.objects.count() == 0
    assert get_user_model().objects.count() == users


def test_a_coordinator_edits_an_agreement(coordinator_client, agreement):
    form = coordinator_client.get(f"/admin/mentoring/{agreement.pk}/edit/").content.decode()
    response = coordinator_client.post(
        f"/admin/mentoring/{agreement.pk}/edit/",
        agreement_form(mentor_email=agreement.mentor.email, team="Uusi nimi", planned_hours="30"),
    )

    assert f'value="{agreement.mentor.email}"' in form
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.team, str(agreement.planned_hours)) == ("Uusi nimi", "30.0")


def test_an_edit_the_service_refuses_shows_its_reason_by_the_field(coordinator_client, agreement, asa):
    response = coordinator_client.post(
        f"/admin/mentoring/{agreement.pk}/edit/", agreement_form(mentor_email=asa.user.email)
    )

    assert response.status_code == 400
    agreement.refresh_from_db()
    assert agreement.mentor != asa.user


# Mentees


def test_a_coordinator_adds_a_mentee_by_email(coordinator_client, agreement):
    person = ParticipantFactory()

    response = coordinator_client.post(
        f"/admin/mentoring/{agreement.pk}/mentees/add/",
        {"email": person.email.upper(), "first_name": "X", "last_name": "Y"},
    )

    assert response.status_code == 302
    assert last_level(response) == SUCCESS
    assert list(agreement.mentees.values_list("user", flat=True)) == [person.pk]


def test_an_account_that_only_claims_the_address_does_not_become_the_mentee(coordinator_client, agreement):
    stranger = claimant_of("laura.makinen@example.fi")

    coordinator_client.post(
        f"/admin/mentoring/{agreement.pk}/mentees/add/",
        {"email": "Laura.Makinen@example.fi", "first_name": "Laura", "last_name": "Mäkinen"},
    )

    mentee = agreement.mentees.get()
    assert mentee.user != stranger
    assert (mentee.user.email, mentee.user.has_usable_password()) == ("laura.makinen@example.fi", False)


def test_adding_someone_already_in_tells_so_and_adds_nothing(coordinator_client, agreement, asa):
    response = coordinator_client.post(
        f"/admin/mentoring/{agreement.pk}/mentees/add/", {"email": asa.user.email, "first_name": "Å", "last_name": "T"}
    )

    assert response.status_code == 302
    assert last_level(response) == INFO
    assert agreement.mentees.count() == 1


@pytest.mark.parametrize("data", [{"email": "not-an-email", "first_name": "A", "last_name": "B"}, "mentor"])
def test_an_invalid_or_refused_mentee_comes_back_on_the_page(coordinator_client, agreement, data):
    if data == "mentor":
        data = {"email": agreement.mentor.email, "first_name": "M", "last_name": "M"}

    response = coordinator_client.post(f"/admin/mentoring/{agreement.pk}/mentees/add/", data)

    assert response.status_code == 400
    assert last_level(response) == ERROR
    assert agreement.mentees.count() == 0


def test_a_coordinator_removes_a_mentee_without_delivered_sessions(coordinator_client, agreement, asa, bjorn):
    MentoringSessionFactory(agreement=agreement, days=-5, duration_minutes=60, participants=[bjorn])

    removed = coordinator_client.post(f"/admin/mentoring/{agreement.pk}/mentees/{asa.pk}/remove/")
    kept = coordinator_client.post(f"/admin/mentoring/{agreement.pk}/mentees/{bjorn.pk}/remove/")

    assert (removed.status_code, kept.status_code) == (302, 302)
    assert last_level(kept) == ERROR
    assert list(Mentee.objects.filter(agreement=agreement)) == [bjorn]


def test_a_mentee_of_another_agreement_is_404_and_removing_needs_a_post(
    coordinator_client, agreement, asa, other_agreement
):
    stranger = other_agreement.mentees.get()

    assert coordinator_client.post(f"/admin/mentoring/{agreement.pk}/mentees/{stranger.pk}/remove/").status_code == 404
    assert coordinator_client.get(f"/admin/mentoring/{agreement.pk}/mentees/{asa.pk}/remove/").status_code == 405
    assert Mentee.objects.filter(pk__in=[stranger.pk, asa.pk]).count() == 2


def test_the_admin_menu_shows_mentoring_to_coordinators_only(client, coordinator, editor):

    # The sidebar is drawn from JSON data.
    client.force_login(coordinator)
    assert '"/admin/mentoring/"' in client.get("/admin/").content.decode()
    client.force_login(editor)
    assert '"/admin/mentoring/"' not in client.get("/admin/").content.decode()
