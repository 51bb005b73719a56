"""Coordinators' participant and waiting lists in the Wagtail admin.

Assertions read data and markup (ids, data-status, names), not interface texts, which change with
the translations.
"""

import csv
import datetime as dt
import io
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import ERROR, INFO, SUCCESS, get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from wagtail.models import GroupPagePermission

import openpyxl
import pytest
from allauth.account.models import EmailAddress

from courses.models import EnrolmentQuestion
from enrolment.models import Enrolment, EnrolmentEvent
from enrolment.services import add_participant
from tests.factories import (
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    ParticipantFactory,
    TrainerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Status = Enrolment.Status
Action = EnrolmentEvent.Action


@pytest.fixture
def offering(catalogue):
    return IntroductionSessionPageFactory(parent=catalogue, capacity=2)


def url(offering, action="", enrolment=None):
    base = f"/admin/enrolments/{offering.pk}/"
    return f"{base}{enrolment.pk}/{action}/" if enrolment else f"{base}{action}"


def person(first_name, last_name, organisation="Porin kaupunki"):
    return ParticipantFactory(first_name=first_name, last_name=last_name, profile={"organisation": organisation})


def levels(response):
    return [message.level for message in get_messages(response.wsgi_request)]


def enrolled(offering, *people):
    """Enrol through the service, as a coordinator would: seats first, then the waiting list."""
    return [add_participant(offering, user=someone, by=someone) for someone in people]


# Lists


def test_coordinator_sees_participants_and_the_waiting_list_in_order(coordinator_client, offering):
    aino, bertta, cecilia, doris = (person(n, "Testinen") for n in ("Aino", "Bertta", "Cecilia", "Doris"))
    enrolled(offering, aino, bertta, cecilia, doris)

    response = coordinator_client.get(url(offering))

    html = response.content.decode()
    assert response.status_code == 200
    for name in ("Aino", "Bertta", "Cecilia", "Doris"):
        assert f"{name} Testinen" in html
    assert html.count('data-status="confirmed"') == 2
    assert html.count('data-status="waiting"') == 2
    waiting = html[html.index('id="waiting-heading"') :]
    assert waiting.index("Cecilia") < waiting.index("Doris")
    assert "Porin kaupunki" in html


def test_offering_list_shows_drafts_upcoming_first_with_their_counts(coordinator_client, catalogue, offering):
    draft = IntroductionSessionPageFactory(parent=catalogue, live=False, sessions=[40])
    past = IntroductionSessionPageFactory(parent=catalogue, sessions=[-30])
    enrolled(offering, *(ParticipantFactory() for _ in range(3)))
    EnrolmentFactory(offering=offering, status=Status.PENDING)
    EnrolmentFactory(offering=offering, status=Status.CANCELLED)

    response = coordinator_client.get("/admin/enrolments/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/admin/enrolments/{draft.pk}/"' in html
    # Upcoming soonest first (10 days, then 40), the past last.
    assert html.index(f"/admin/enrolments/{offering.pk}/") < html.index(f"/admin/enrolments/{draft.pk}/")
    assert html.index(f"/admin/enrolments/{draft.pk}/") < html.index(f"/admin/enrolments/{past.pk}/")
    row = response.context["offerings"].get(pk=offering.pk)
    assert (row.confirmed, row.waiting, row.pending) == (2, 1, 1)


def test_list_filters_by_status_and_searches_name_email_and_organisation(coordinator_client, offering):
    offering.capacity = 5
    offering.save()
    aino = person("Aino", "Aaltonen", organisation="Rauman perheneuvola")
    bertta = person("Bertta", "Berg")
    enrolled(offering, aino, bertta)
    pending = EnrolmentFactory(offering=offering, user=person("Cecilia", "Cederberg"), status=Status.PENDING)

    def shown(**query):
        return [e.pk for e in coordinator_client.get(url(offering), query).context["enrolments"]]

    assert len(shown()) == 3
    assert shown(status="pending") == [pending.pk]
    assert len(shown(status="confirmed")) == 2
    assert shown(q="perheneuvola") == [aino.enrolments.get().pk]
    assert shown(q="berg bertta") == [bertta.enrolments.get().pk]
    assert shown(q=bertta.email.upper()) == [bertta.enrolments.get().pk]
    assert shown(status="nonsense") == shown()


def test_each_enrolments_history_is_on_the_page(coordinator_client, offering, coordinator):
    enrolment = add_participant(offering, user=ParticipantFactory(), by=coordinator, reason="Puhelimitse")

    html = coordinator_client.get(url(offering)).content.decode()

    dialog = html[html.index(f'id="enrolment-history-{enrolment.pk}"') :]
    dialog = dialog[: dialog.index("</template>")]
    assert "Puhelimitse" in dialog
    assert "Kaisa Koordinaattori" in dialog
    assert f'data-a11y-dialog-show="enrolment-history-{enrolment.pk}"' in html


def test_a_walk_ins_history_names_it_in_the_readers_language(coordinator_client, catalogue):
    from attendance.services import add_walk_in

    course = IntroductionSessionPageFactory(parent=catalogue, sessions=[0])
    trainer = TrainerFactory(trains=[course])
    with translation.override("sv"):  # the trainer's language is not the reader's
        enrolment = add_walk_in(course.sessions.get(), email="k@example.fi", first_name="K", last_name="K", by=trainer)

    html = coordinator_client.get(url(course)).content.decode()

    dialog = html[html.index(f'id="enrolment-history-{enrolment.pk}"') :]
    dialog = dialog[: dialog.index("</template>")]
    with translation.override("sv"):
        swedish = str(Action.WALK_IN.label)
    with translation.override(html.split('lang="', 1)[1].split('"', 1)[0]):
        assert str(Action.WALK_IN.label) in dialog
    assert swedish not in dialog


# Actions


def test_coordinator_approves_a_pending_enrolment(
    coordinator_client, coordinator, offering, mailoutbox, django_capture_on_commit_callbacks
):
    pending = EnrolmentFactory(offering=offering, user=ParticipantFactory(), status=Status.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url(offering, "approve", pending), {"next": url(offering) + "?status=pending"}
        )

    assert response.status_code == 302
    assert response["Location"] == url(offering) + "?status=pending"
    assert levels(response) == [SUCCESS]
    pending.refresh_from_db()
    assert pending.status == Status.CONFIRMED
    assert pending.events.get().by == coordinator
    assert [message.to for message in mailoutbox] == [[pending.user.email]]


def test_approving_twice_changes_nothing(coordinator_client, offering):
    confirmed = EnrolmentFactory(offering=offering, user=ParticipantFactory())

    response = coordinator_client.post(url(offering, "approve", confirmed))

    assert levels(response) == [INFO]
    assert not confirmed.events.exists()


def test_coordinator_moves_a_waiting_person_with_a_reason(coordinator_client, coordinator, catalogue):
    full = IntroductionSessionPageFactory(parent=catalogue, capacity=1)
    _seated, first, second, third = enrolled(full, *(ParticipantFactory() for _ in range(4)))

    response = coordinator_client.post(url(full, "move", third), {"position": "1", "reason": "Esihenkilön pyyntö"})

    assert response.status_code == 302
    assert response["Location"] == url(full)
    assert levels(response) == [SUCCESS]
    line = list(full.enrolments.filter(status=Status.WAITING).order_by("position").values_list("pk", flat=True))
    assert line == [third.pk, first.pk, second.pk]
    event = third.events.get(action=Action.MOVED)
    assert (event.by, event.reason) == (coordinator, "3 → 1: Esihenkilön pyyntö")


def test_moving_without_a_reason_is_refused_and_changes_nothing(coordinator_client, catalogue):
    full = IntroductionSessionPageFactory(parent=catalogue, capacity=1)
    _seated, first, second = enrolled(full, *(ParticipantFactory() for _ in range(3)))

    response = coordinator_client.post(url(full, "move", second), {"position": "1", "reason": "  "})

    assert response.status_code == 302
    assert levels(response) == [ERROR]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, second.position) == (1, 2)
    assert not EnrolmentEvent.objects.filter(action=Action.MOVED).exists()


def test_coordinator_adds_a_new_person_by_hand(
    coordinator_client, coordinator, offering, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url(offering, "add/"),
            {"email": " Uusi.Henkilo@Example.fi ", "first_name": "Uusi", "last_name": "Henkilö", "reason": "Puhelu"},
        )

    assert response.status_code == 302
    assert levels(response) == [SUCCESS]
    enrolment = offering.enrolments.get()
    account = enrolment.user
    assert (account.email, account.first_name, account.last_name) == ("uusi.henkilo@example.fi", "Uusi", "Henkilö")
    assert not account.has_usable_password()
    assert not EmailAddress.objects.filter(user=account, verified=True).exists()
    assert EmailAddress.objects.filter(user=account, email="uusi.henkilo@example.fi", primary=True).exists()
    assert (enrolment.status, enrolment.created_by) == (Status.CONFIRMED, coordinator)
    event = enrolment.events.get()
    assert (event.action, event.by, event.reason) == (Action.ADDED, coordinator, "Puhelu")
    assert [message.to for message in mailoutbox] == [["uusi.henkilo@example.fi"]]


def test_adding_by_hand_finds_an_existing_account_by_email(coordinator_client, offering):
    existing = ParticipantFactory(email="liisa@example.fi", first_name="Liisa", last_name="Laine")

    coordinator_client.post(
        url(offering, "add/"), {"email": "LIISA@example.fi", "first_name": "Toinen", "last_name": "Nimi"}
    )
    again = coordinator_client.post(
        url(offering, "add/"), {"email": "liisa@example.fi", "first_name": "Liisa", "last_name": "Laine"}
    )

    assert offering.enrolments.get().user == existing
    existing.refresh_from_db()
    assert (existing.first_name, existing.last_name) == ("Liisa", "Laine")
    assert levels(again)[-1] == INFO
    assert get_user_model().objects.count() == 2  # the participant and the coordinator


def test_an_account_that_only_claims_the_address_is_not_given_the_place(coordinator_client, offering):
    # A stranger adds someone's address to their own account on allauth's Email addresses page.
    stranger, client = ParticipantFactory(), Client()
    client.force_login(stranger)
    client.post("/fi/accounts/email/", {"action_add": "", "email": "Uusi.Henkilo@Example.fi"})

    coordinator_client.post(
        url(offering, "add/"), {"email": "uusi.henkilo@example.fi", "first_name": "Uusi", "last_name": "Henkilö"}
    )

    account = offering.enrolments.get().user
    assert account != stranger
    assert (account.email, account.has_usable_password()) == ("uusi.henkilo@example.fi", False)
    assert offering.title not in client.get("/fi/my/trainings/").content.decode()


def test_an_account_made_in_the_django_admin_takes_the_place_over_once_it_confirms_the_address(
    coordinator_client, offering, mailoutbox
):
    client = Client()
    made_in_admin = UserFactory(email="pekka.perala@example.fi")  # no allauth address, nothing verified

    coordinator_client.post(
        url(offering, "add/"), {"email": "Pekka.Perala@Example.fi", "first_name": "Pekka", "last_name": "Perälä"}
    )
    assert offering.enrolments.get().user != made_in_admin
    mailoutbox.clear()
    client.post("/fi/accounts/login/", {"login": "pekka.perala@example.fi", "password": "salasana-123"})
    confirm = re.search(r"https?://[^/\s]+(/\S+/accounts/confirm-email/\S+/)", mailoutbox[0].body).group(1)
    client.post(confirm)

    assert offering.enrolments.get().user == made_in_admin


def test_adding_by_hand_to_a_full_course_goes_to_the_waiting_list(coordinator_client, catalogue):
    full = IntroductionSessionPageFactory(parent=catalogue, capacity=1)
    enrolled(full, ParticipantFactory())

    coordinator_client.post(url(full, "add/"), {"email": "jono@example.fi", "first_name": "J", "last_name": "Jono"})

    assert full.enrolments.get(user__email="jono@example.fi").status == Status.WAITING


def test_an_invalid_add_form_comes_back_with_what_was_typed(coordinator_client, offering):
    back = url(offering) + "?status=waiting"
    response = coordinator_client.post(
        url(offering, "add/"), {"email": "ei-osoite", "first_name": "Matti", "last_name": "", "next": back}
    )

    assert response.status_code == 400
    assert 'value="Matti"' in response.content.decode()
    assert response.context["next_url"] == back
    assert response.context["add_form"].errors.keys() == {"email", "last_name"}
    assert not offering.enrolments.exists()


def test_cancelling_on_someones_behalf_gives_the_seat_to_the_first_in_line(
    coordinator_client, coordinator, catalogue, mailoutbox, django_capture_on_commit_callbacks
):
    full = IntroductionSessionPageFactory(parent=catalogue, capacity=1)
    seated, first, second = enrolled(full, *(ParticipantFactory() for _ in range(3)))

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url(full, "cancel", seated), {"reason": "Sairastui"})

    assert response.status_code == 302
    assert levels(response) == [SUCCESS]
    for enrolment in (seated, first, second):
        enrolment.refresh_from_db()
    assert seated.status == Status.CANCELLED
    assert (first.status, second.status) == (Status.CONFIRMED, Status.WAITING)
    assert [(e.pk, e.place) for e in coordinator_client.get(url(full)).context["waiting"]] == [(second.pk, 1)]
    event = seated.events.get(action=Action.CANCELLED)
    assert (event.by, event.reason) == (coordinator, "Sairastui")
    assert sorted(message.to[0] for message in mailoutbox) == sorted([seated.user.email, first.user.email])


def test_an_enrolment_of_another_offering_is_not_found(coordinator_client, catalogue, offering):
    elsewhere = EnrolmentFactory(offering=IntroductionSessionPageFactory(parent=catalogue), status=Status.PENDING)

    response = coordinator_client.post(url(offering, "approve", elsewhere))

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == Status.PENDING


# Exports


@pytest.fixture
def exported(offering, catalogue):
    """An offering with a question, a confirmed person with a risky organisation, one waiting and one
    late cancellation; the question's answer is stored in Finnish as the enrolment form stores it."""
    offering.capacity = 1
    offering.save()
    question = EnrolmentQuestion.objects.create(offering=offering, label_fi="Ruokavalio", label_en="Diet")
    answers = {str(question.pk): {"question": "Ruokavalio", "answer": '=HYPERLINK("http://x")'}}
    confirmed = add_participant(offering, user=person("Äijä", "Öhman", organisation="+Pori"), by=None, answers=answers)
    waiting = add_participant(offering, user=person("Åsa", "Ek"), by=None)
    late = EnrolmentFactory(
        offering=offering,
        user=person("Myöhä", "Peruja"),
        status=Status.CANCELLED,
        late_cancellation=True,
        cancelled_at=timezone.now(),
        answers={"999": {"question": "Poistettu kysymys", "answer": "vanha vastaus"}},
    )
    return {"question": question, "confirmed": confirmed, "waiting": waiting, "late": late}


def test_csv_export_has_the_rows_of_the_filter_answers_and_guards_formulas(coordinator_client, offering, exported):
    response = coordinator_client.get(url(offering, "export.csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{offering.slug}-')
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(body[1:])))
    assert len(header) == 14 + 2  # fixed columns, the question, the removed question
    assert header[-2:] == [exported["question"].label, "Poistettu kysymys"]
    by_name = {row[1]: row for row in rows}
    assert set(by_name) == {"Äijä", "Åsa", "Myöhä"}
    assert by_name["Äijä"][0] == "Öhman"
    assert by_name["Äijä"][3] == "'+Pori"
    assert by_name["Äijä"][-2] == '\'=HYPERLINK("http://x")'
    assert by_name["Åsa"][8] == "1"
    assert by_name["Myöhä"][-1] == "vanha vastaus"
    assert by_name["Myöhä"][12] != by_name["Äijä"][12]  # late cancellation: yes / no

    waiting_only = coordinator_client.get(url(offering, "export.csv"), {"status": "waiting"})
    _header, *rows = list(csv.reader(io.StringIO(waiting_only.content.decode("utf-8")[1:])))
    assert [row[1] for row in rows] == ["Åsa"]


def test_csv_export_read_by_finnish_excel_runs_no_formula_after_a_semicolon(coordinator_client, offering):
    add_participant(offering, user=person("Aino", "Aalto", organisation="Porin kaupunki;=1+1;"), by=None)

    body = coordinator_client.get(url(offering, "export.csv")).content.decode("utf-8")[1:]

    # Excel set to Finnish splits on semicolons, honouring quotes; other programs on commas.
    as_finnish_excel = [cell for row in csv.reader(io.StringIO(body), delimiter=";") for cell in row]
    assert "'=1+1" in as_finnish_excel
    assert not [cell for cell in as_finnish_excel if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    _header, row = list(csv.reader(io.StringIO(body)))
    assert row[3] == "Porin kaupunki;'=1+1;"


def test_xlsx_export_has_the_same_rows_and_never_a_formula(coordinator_client, offering, exported):
    # Searching ignores case; on SQLite only for ASCII letters, so "Öhman" is typed as it is spelt.
    response = coordinator_client.get(url(offering, "export.xlsx"), {"q": "Öhman"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows()]
    assert [cell.value for cell in header][-1] == exported["question"].label
    assert len(rows) == 1
    row = rows[0]
    assert (row[0].value, row[1].value, row[2].value) == ("Öhman", "Äijä", exported["confirmed"].user.email)
    answer, organisation = row[-1], row[3]
    assert answer.value == '=HYPERLINK("http://x")'
    assert (answer.data_type, answer.quotePrefix) == ("s", True)
    assert (organisation.value, organisation.quotePrefix) == ("+Pori", True)
    assert isinstance(row[9].value, dt.datetime)
    assert all(cell.data_type != "f" for line in (header, *rows) for cell in line)


# Who may


@pytest.mark.parametrize("role", ["participant", "trainer"])
def test_people_outside_the_admin_are_sent_to_log_in(client, offering, role):
    someone = ParticipantFactory() if role == "participant" else UserFactory()
    pending = EnrolmentFactory(offering=offering, status=Status.PENDING)
    client.force_login(someone)

    for address in (url(offering), url(offering, "export.csv"), "/admin/enrolments/"):
        response = client.get(address)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    client.post(url(offering, "approve", pending))

    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_admin_users_without_the_enrolment_permission_are_refused(client, editor, offering):
    pending = EnrolmentFactory(offering=offering, status=Status.PENDING)
    client.force_login(editor)

    for address in (
        url(offering),
        url(offering, "export.xlsx"),
        "/admin/enrolments/",
        url(offering, "approve", pending),
    ):
        response = client.get(address)
        # Wagtail answers PermissionDenied in its admin with the dashboard and an error message.
        assert (response.status_code, response["Location"]) == (302, "/admin/"), address
    response = client.post(url(offering, "approve", pending))
    assert (response.status_code, response["Location"]) == (302, "/admin/")

    pending.refresh_from_db()
    assert pending.status == Status.PENDING
    assert '"/admin/enrolments/"' not in client.get("/admin/").content.decode()


def test_menu_page_header_and_page_listing_lead_coordinators_to_the_lists(
    coordinator_client, coordinator, offering, catalogue
):
    GroupPagePermission.objects.create(
        group=coordinator.groups.get(), page=catalogue, permission=Permission.objects.get(codename="change_page")
    )
    link = f'href="/admin/enrolments/{offering.pk}/"'

    # The sidebar is drawn from JSON data.
    assert '"/admin/enrolments/"' in coordinator_client.get("/admin/").content.decode()
    assert link in coordinator_client.get(f"/admin/pages/{offering.pk}/edit/").content.decode()
    listing = coordinator_client.get(f"/admin/pages/{catalogue.pk}/").content.decode()
    assert link in listing
    assert f'href="/admin/enrolments/{catalogue.pk}/"' not in listing


# Cost


def test_offering_list_costs_the_same_queries_for_1_and_5_offerings(coordinator_client, catalogue, offering):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get("/admin/enrolments/").status_code == 200
        return len(captured)

    enrolled(offering, ParticipantFactory())
    coordinator_client.get("/admin/enrolments/")
    one = queries()
    for _ in range(4):
        enrolled(IntroductionSessionPageFactory(parent=catalogue), ParticipantFactory())

    assert queries() == one


def test_course_page_costs_the_same_queries_for_2_and_20_participants(coordinator_client, catalogue):
    full = IntroductionSessionPageFactory(parent=catalogue, capacity=5, approval_required=False)
    question = EnrolmentQuestion.objects.create(offering=full, label_fi="Odotukset")

    def add(count):
        """`count` enrolled (seats, then the waiting list) with answers and history, as many pending."""
        for _ in range(count):
            answers = {str(question.pk): {"question": "Odotukset", "answer": "Paljon"}}
            add_participant(full, user=ParticipantFactory(), by=None, answers=answers)
            EnrolmentFactory(offering=full, user=ParticipantFactory(), status=Status.PENDING)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get(url(full)).status_code == 200
        return len(captured)

    add(2)
    coordinator_client.get(url(full))  # caches warmed: content types, site, menu
    few = queries()
    add(18)
    many = queries()

    assert full.enrolments.filter(status=Status.WAITING).count() == 15
    assert many == few, f"{few} queries for 2 participants, {many} for 20"
