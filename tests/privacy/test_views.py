"""The person's data page, download and erasure, and the coordinators' pages for requests."""

import io
import json
import re
import zipfile

from django.utils import timezone

import pytest

from accounts.models import Profile
from audit.models import Entry
from privacy.selectors import personal_data
from tests.factories import InvitationFactory, ParticipantFactory, TrainerFactory, UserFactory, claimant_of

pytestmark = pytest.mark.django_db


def unzip(response) -> zipfile.ZipFile:
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))


def test_the_data_page_offers_download_correction_and_erasure(client, anna):
    client.force_login(anna)

    html = client.get("/fi/my/data/").content.decode()

    assert 'action="/fi/my/data/download/"' in html
    assert 'href="/fi/my/profile/"' in html
    assert 'href="/fi/my/data/erase/"' in html


def test_the_download_holds_everything_kept_about_the_person(client, anna, history):
    client.force_login(anna)

    response = client.get("/sv/my/data/download/")

    archive = unzip(response)
    assert set(archive.namelist()) == {"data.json", "README.txt", f"certificates/{history['certificate'].number}.pdf"}
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == "anna.virta@example.fi"
    assert data["profile"]["organisation"] == "Porin perhekeskus"
    done = next(e for e in data["enrolments"] if e["training"] == history["past"].title_sv)
    assert done["answers"] == {"Ruokavalio": "Gluteeniton"}
    assert done["attendance"][0]["status"] == "Försenad"  # words in the language it was made in
    assert done["attendance"][0]["remark"] == "Juna myöhässä"
    assert done["history"][0]["reason"] == "Annan pyynnöstä"
    assert data["certificates"][0]["number"] == history["certificate"].number
    assert data["developer_groups"][0]["meetings"][0]["remark"] == "Alusti"
    assert data["mentoring_received"][0]["sessions"][0]["summary"] == "Yhteenveto Annalle."
    assert "Dina uppgifter" in archive.read("README.txt").decode()


def test_the_download_never_holds_someone_elses_data(client, anna, history):
    other = ParticipantFactory(first_name="Olli", last_name="Muu")
    client.force_login(other)

    data = json.loads(unzip(client.get("/fi/my/data/download/")).read("data.json"))

    assert data["enrolments"] == []
    assert data["certificates"] == []
    assert data["mentoring_received"] == []
    assert "Virta" not in json.dumps(data)


def test_the_personal_data_costs_the_same_queries_however_much_there_is(anna, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(40) as small:
        personal_data(ParticipantFactory())
    with django_assert_max_num_queries(40) as large:
        personal_data(anna)

    assert len(large.captured_queries) <= len(small.captured_queries) + 2


def test_a_wrong_password_erases_nothing(client, anna):
    client.force_login(anna)

    response = client.post("/fi/my/data/erase/", {"password": "väärä", "confirm": "on"})

    assert response.status_code == 400
    assert "Salasana ei ole oikein." in response.content.decode()
    anna.refresh_from_db()
    assert anna.is_active
    assert anna.email


def test_the_password_to_erase_is_asked_as_the_current_one(client, anna):
    client.force_login(anna)

    html = client.get("/fi/my/data/erase/").content.decode()

    assert re.search(r'<input type="password" name="password" autocomplete="current-password"', html)


def test_without_the_tick_nothing_is_erased(client, anna):
    client.force_login(anna)

    response = client.post("/fi/my/data/erase/", {"password": "salasana-123"})

    assert response.status_code == 400
    assert Profile.objects.get(user=anna).erased_at is None


def test_erasing_ones_own_account_logs_out_for_good(client, anna, history):
    client.force_login(anna)

    response = client.post("/fi/my/data/erase/", {"password": "salasana-123", "confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/fi/account-erased/"
    assert client.get("/fi/my/trainings/").status_code == 302  # logged out
    assert not client.login(username="anna.virta@example.fi", password="salasana-123")
    assert Entry.objects.get(action=Entry.Action.ACCOUNT_ERASED).details == {"why": "own_request"}
    assert "poistettu" in client.get("/fi/account-erased/").content.decode()


def test_the_verification_page_says_the_name_is_withheld(client, anna, history):
    client.force_login(anna)
    client.post("/fi/my/data/erase/", {"password": "salasana-123", "confirm": "on"})

    html = client.get(f"/fi/verify/{history['certificate'].display_code}/").content.decode()

    assert "Tämä todistus on voimassa." in html
    assert "Ei näytetä" in html
    assert "Anna" not in html


def test_staff_are_told_to_ask_a_coordinator_and_cannot_post(client):
    trainer = TrainerFactory()
    client.force_login(trainer)

    page = client.get("/fi/my/data/erase/")
    post = client.post("/fi/my/data/erase/", {"password": "salasana-123", "confirm": "on"})

    assert "Pyydä koordinaattoria" in page.content.decode()
    assert post.status_code == 400
    trainer.refresh_from_db()
    assert trainer.is_active


# The coordinators' pages


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_a_coordinator_finds_a_person_by_name_or_email(coordinator_client, anna):
    ParticipantFactory(first_name="Bertta", last_name="Berg")

    by_name = coordinator_client.get("/admin/personal-data/", {"q": "virta anna"})
    by_email = coordinator_client.get("/admin/personal-data/", {"q": "anna.virta@"})

    assert [person.pk for person in by_name.context["people"]] == [anna.pk]
    assert [person.pk for person in by_email.context["people"]] == [anna.pk]
    assert f'href="/admin/personal-data/{anna.pk}/"' in by_name.content.decode()


def test_a_coordinators_download_of_someones_data_is_logged(coordinator_client, coordinator, anna, history):
    assert coordinator_client.get(f"/admin/personal-data/{anna.pk}/").status_code == 200

    response = coordinator_client.get(f"/admin/personal-data/{anna.pk}/data.zip")

    assert json.loads(unzip(response).read("data.json"))["account"]["last_name"] == "Virta"
    entry = Entry.objects.get(action=Entry.Action.EXPORTED)
    assert (entry.actor, entry.subject, entry.details) == (
        coordinator,
        anna,
        {"what": "personal_data", "format": "zip"},
    )


def test_a_coordinator_erases_someone_with_a_reason(coordinator_client, anna, history):
    refused = coordinator_client.post(f"/admin/personal-data/{anna.pk}/erase/", {"reason": "", "confirm": "on"})
    assert refused.status_code == 400
    assert Profile.objects.get(user=anna).erased_at is None

    response = coordinator_client.post(
        f"/admin/personal-data/{anna.pk}/erase/", {"reason": "Pyysi sähköpostilla 2.12.", "confirm": "on"}
    )

    assert response.status_code == 302
    assert Profile.objects.get(user=anna).erased_at is not None
    # An erased person is no longer found, and their page is gone.
    assert coordinator_client.get(f"/admin/personal-data/{anna.pk}/").status_code == 404
    assert list(coordinator_client.get("/admin/personal-data/", {"q": "erased"}).context["people"]) == []


def test_the_erase_address_takes_only_a_post(coordinator_client, anna):
    assert coordinator_client.get(f"/admin/personal-data/{anna.pk}/erase/").status_code == 405


def test_admin_users_without_the_permission_are_refused(client, anna, editor):
    client.force_login(editor)

    for url in (f"/admin/personal-data/{anna.pk}/", f"/admin/personal-data/{anna.pk}/data.zip"):
        assert client.get(url).status_code == 302  # Wagtail's "no permission" redirect
    response = client.post(f"/admin/personal-data/{anna.pk}/erase/", {"reason": "x", "confirm": "on"})
    assert response.status_code == 302
    assert Profile.objects.get(user=anna).erased_at is None
    assert not Entry.objects.exists()


def test_the_admin_does_not_delete_someone_with_records_but_points_to_erasure(client, anna, history):
    from django.contrib.auth import get_user_model
    from django.db.models import ProtectedError

    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)

    page = client.get(f"/admin/users/delete/{anna.pk}/")
    post = client.post(f"/admin/users/delete/{anna.pk}/")

    for response in (page, post):
        assert response.status_code == 302
        assert response["Location"] == f"/admin/personal-data/{anna.pk}/"
    assert get_user_model().objects.filter(pk=anna.pk).exists()
    # The database backs the rule: enrolments, memberships and mentoring keep their person.
    with pytest.raises(ProtectedError):
        anna.delete()


def test_the_admin_deletes_an_account_with_no_records(client):
    from django.contrib.auth import get_user_model

    admin = UserFactory(is_superuser=True, is_staff=True)
    stray = UserFactory()
    client.force_login(admin)

    response = client.post(f"/admin/users/delete/{stray.pk}/")

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=stray.pk).exists()


def test_after_erasure_the_coordinators_pages_name_the_person_erased(coordinator_client, coordinator, anna, history):
    from django.urls import reverse

    from privacy.services import erase_own_account

    erase_own_account(anna)
    pages = [
        reverse("enrolment_admin:course", args=[history["past"].pk]),
        reverse("enrolment_admin:attendance", args=[history["past"].pk]),
        reverse("mentoring_admin:agreement", args=[history["agreement"].pk]),
    ]

    for address in pages:
        text = coordinator_client.get(address).content.decode()
        assert "Poistettu henkilö" in text, address
        assert "Anna" not in text, address


def test_the_download_leaves_out_invitations_to_an_address_the_account_only_claims(client, anna, history):
    InvitationFactory(group=history["group"], email="aino@example.fi", expires_at=timezone.now())
    client.force_login(claimant_of("aino@example.fi"))

    data = json.loads(unzip(client.get("/fi/my/data/download/")).read("data.json"))

    assert data["developer_group_invitations"] == []
