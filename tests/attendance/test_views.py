"""The trainer's pages and the participant's check-in.

Assertions read data and markup (names, ids, addresses, status codes and message levels), not
interface texts, which change with the translations.
"""

import datetime as dt
import re
from urllib.parse import unquote

from django.contrib.auth.models import Permission
from django.contrib.messages import INFO, SUCCESS, get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import pytest
from bs4 import BeautifulSoup

from accounts.selectors import display_name
from attendance import services
from attendance.models import Attendance, AttendanceChange
from attendance.services import check_in_token, save_roster
from enrolment.models import Enrolment
from tests.factories import (
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    ParticipantFactory,
    TrainerFactory,
    UserFactory,
    claimant_of,
)

pytestmark = pytest.mark.django_db

PRESENT, LATE, EXCUSED, ABSENT = Attendance.Status.values


def roster_url(session, action=""):
    return f"/fi/trainer/sessions/{session.pk}/{action}"


def participants(offering, count, **profile):
    return [EnrolmentFactory(offering=offering, user=ParticipantFactory(profile=profile or True)) for _ in range(count)]


def levels(response):
    return [message.level for message in get_messages(response.wsgi_request)]


def roster_post(enrolments, action="save", **statuses):
    """The roster form as the browser sends it: a `row` per person shown, their status and remark."""
    data = {"action": action, "row": [str(e.pk) for e in enrolments]}
    for enrolment in enrolments:
        data[f"remark-{enrolment.pk}"] = ""
    data.update(statuses)
    return data


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


@pytest.fixture
def other_course(catalogue):
    return IntroductionSessionPageFactory(parent=catalogue, title="Toinen kurssi", sessions=[0, -3])


# Dashboard


def test_dashboard_lists_the_trainers_own_sessions_only(trainer_client, offering, other_course, trainer):
    TrainerFactory(trains=[other_course])
    participants(offering, 2)

    response = trainer_client.get("/fi/trainer/")

    html = response.content.decode()
    assert response.status_code == 200
    for session in offering.sessions.all():
        assert f'href="/fi/trainer/sessions/{session.pk}/"' in html
    for session in other_course.sessions.all():
        assert f"/fi/trainer/sessions/{session.pk}/" not in html
    assert "Toinen kurssi" not in html
    assert "Johdatus" in html
    today = offering.sessions.get(date=offering.starts_on)
    assert f'href="/fi/trainer/sessions/{today.pk}/check-in-code/"' in html


def test_dashboard_counts_cost_the_same_queries_for_few_and_many_sessions(client, catalogue):
    trainer = TrainerFactory()
    client.force_login(trainer)

    def queries():
        client.get("/fi/trainer/")
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/fi/trainer/")
        assert response.status_code == 200
        return len(captured)

    course = IntroductionSessionPageFactory(parent=catalogue, sessions=[0])
    course.trainers.add(trainer)
    course.save()
    few = queries()
    for days in (1, 2, 3):
        more = IntroductionSessionPageFactory(parent=catalogue, sessions=[days, -days])
        more.trainers.add(trainer)
        more.save()
        participants(more, 2)
    assert queries() == few


def test_dashboard_of_someone_who_trains_nothing_is_empty(client, offering):
    client.force_login(ParticipantFactory())

    response = client.get("/fi/trainer/")

    assert response.status_code == 200
    assert "/fi/trainer/sessions/" not in response.content.decode()


def test_header_links_to_the_dashboard_for_trainers_only(client, offering, trainer):
    client.force_login(ParticipantFactory())
    assert 'href="/fi/trainer/"' not in client.get("/fi/my/trainings/").content.decode()

    client.force_login(trainer)
    assert 'href="/fi/trainer/"' in client.get("/fi/my/trainings/").content.decode()


def test_the_header_asks_nothing_more_for_anonymous_visitors(client, offering):
    client.get("/fi/")
    with CaptureQueriesContext(connection) as anonymous:
        client.get("/fi/")
    client.force_login(UserFactory())
    client.get("/fi/")
    with CaptureQueriesContext(connection) as logged_in:
        client.get("/fi/")

    trainer_queries = [q["sql"] for q in anonymous.captured_queries if "trainers" in q["sql"]]
    assert trainer_queries == []
    assert len([q for q in logged_in.captured_queries if "trainers" in q["sql"]]) == 1


# Roster


def test_roster_lists_confirmed_participants_with_organisation_and_a_fieldset_each(
    trainer_client, offering, today_session
):
    (confirmed,) = participants(offering, 1, organisation="Kokkolan kaupunki")
    waiting = EnrolmentFactory(offering=offering, status=Enrolment.Status.WAITING, user=ParticipantFactory())

    response = trainer_client.get(roster_url(today_session))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<fieldset") == 1
    assert f'<legend><span class="roster-name">{confirmed.user.get_full_name()}</span>' in html
    assert "Kokkolan kaupunki" in html
    assert waiting.user.get_full_name() not in html
    for status in (PRESENT, LATE, EXCUSED, ABSENT):
        assert f'name="status-{confirmed.pk}" value="{status}"' in html
    assert f'name="remark-{confirmed.pk}"' in html
    assert f'href="{roster_url(today_session, "check-in-code/")}"' in html
    assert f'href="{roster_url(today_session, "walk-in/")}"' in html


def test_roster_is_not_found_for_the_trainer_of_another_course(client, other_course, today_session):
    client.force_login(TrainerFactory(trains=[other_course]))

    assert client.get(roster_url(today_session)).status_code == 404
    assert client.post(roster_url(today_session), {"action": "all-present"}).status_code == 404


def test_roster_is_not_found_for_participants_even_of_that_course(client, offering, today_session):
    (enrolment,) = participants(offering, 1)
    client.force_login(enrolment.user)

    assert client.get(roster_url(today_session)).status_code == 404
    assert client.get(roster_url(today_session, "check-in-code/")).status_code == 404


def test_a_coordinator_may_mark_any_roster(client, offering, today_session):
    coordinator = UserFactory()
    coordinator.user_permissions.add(Permission.objects.get(codename="change_enrolment"))
    client.force_login(coordinator)

    assert client.get(roster_url(today_session)).status_code == 200


def test_anonymous_visitors_are_asked_to_log_in(client, today_session):
    response = client.get(roster_url(today_session))

    assert response.status_code == 302
    assert response["Location"] == f"/fi/accounts/login/?next={roster_url(today_session)}"


def test_one_post_saves_the_whole_roster(trainer_client, offering, today_session, trainer):
    first, second, third = participants(offering, 3)
    data = roster_post(
        [first, second, third],
        **{f"status-{first.pk}": PRESENT, f"status-{second.pk}": LATE, f"remark-{second.pk}": "juna myöhässä"},
    )

    response = trainer_client.post(roster_url(today_session), data)

    assert response.status_code == 302
    assert response["Location"] == roster_url(today_session)
    assert levels(response) == [SUCCESS]
    marks = dict(Attendance.objects.values_list("enrolment_id", "status"))
    assert marks == {first.pk: PRESENT, second.pk: LATE}  # nobody chose a status for the third
    assert Attendance.objects.get(enrolment=second).remark == "juna myöhässä"
    assert Attendance.objects.get(enrolment=first).marked_by == trainer


def test_saving_the_roster_twice_changes_nothing(trainer_client, offering, today_session):
    first, second = participants(offering, 2)
    data = roster_post([first, second], **{f"status-{first.pk}": PRESENT, f"status-{second.pk}": ABSENT})
    trainer_client.post(roster_url(today_session), data, follow=True)
    before = list(Attendance.objects.order_by("pk").values())

    response = trainer_client.post(roster_url(today_session), data)

    assert response.status_code == 302
    assert levels(response) == [INFO]
    assert list(Attendance.objects.order_by("pk").values()) == before
    assert not AttendanceChange.objects.exists()


def test_the_saved_roster_shows_the_marks_chosen(trainer_client, offering, today_session, trainer):
    (enrolment,) = participants(offering, 1)
    save_roster(today_session, marks={enrolment.pk: (EXCUSED, "lapsi sairas")}, by=trainer)

    html = trainer_client.get(roster_url(today_session)).content.decode()

    assert re.search(rf'name="status-{enrolment.pk}" value="excused"[^>]*checked', html)
    assert 'value="lapsi sairas"' in html


def test_mark_all_present_fills_the_rows_without_a_status_and_saves(trainer_client, offering, today_session):
    absent, late, *others = participants(offering, 4)
    shown = [absent, late, *others]
    data = roster_post(shown, action="all-present", **{f"status-{absent.pk}": ABSENT, f"status-{late.pk}": LATE})

    response = trainer_client.post(roster_url(today_session), data)

    assert response.status_code == 302
    marks = dict(Attendance.objects.values_list("enrolment_id", "status"))
    assert marks == {absent.pk: ABSENT, late.pk: LATE, **{e.pk: PRESENT for e in others}}


def test_mark_all_present_leaves_out_someone_who_enrolled_after_the_page_was_loaded(
    trainer_client, offering, today_session
):
    shown = participants(offering, 2)
    (newcomer,) = participants(offering, 1)

    trainer_client.post(roster_url(today_session), roster_post(shown, action="all-present"))

    assert set(Attendance.objects.values_list("enrolment_id", flat=True)) == {e.pk for e in shown}
    assert not Attendance.objects.filter(enrolment=newcomer).exists()


def test_a_remark_without_a_status_comes_back_with_what_was_typed(trainer_client, offering, today_session):
    first, second = participants(offering, 2)
    data = roster_post([first, second], **{f"status-{first.pk}": PRESENT, f"remark-{second.pk}": "soitti aamulla"})

    response = trainer_client.post(roster_url(today_session), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="soitti aamulla"' in html
    assert re.search(rf'name="status-{first.pk}" value="present"[^>]*checked', html)
    assert 'class="roster-row has-error' in html
    assert not Attendance.objects.exists()


def test_a_rows_error_is_tied_to_its_row_and_named_in_the_summary(trainer_client, offering, today_session):
    """The row's group is described by its message and its statuses are marked invalid; the summary
    names the person and links to the row's first status."""
    first, second = participants(offering, 2)
    data = roster_post([first, second], **{f"status-{first.pk}": PRESENT, f"remark-{second.pk}": "soitti aamulla"})

    soup = BeautifulSoup(trainer_client.post(roster_url(today_session), data).content, "html.parser")

    row = soup.select_one(f"fieldset:has(input[name='status-{second.pk}'])")
    (message,) = soup.select(f"[id='{row['aria-describedby']}']")
    assert message.get_text(strip=True)
    radios = row.select("input[type=radio]")
    assert [radio["aria-invalid"] for radio in radios] == ["true"] * len(Attendance.Status.values)
    other_row = soup.select_one(f"fieldset:has(input[name='status-{first.pk}'])")
    assert not other_row.has_attr("aria-describedby")
    assert not other_row.select("[aria-invalid]")
    (entry,) = soup.select(".error-summary li a")
    assert entry["href"] == f"#{radios[0]['id']}"
    assert entry.get_text(" ", strip=True) == f"{display_name(second.user)}: {message.get_text(strip=True)}"


@pytest.mark.parametrize("status", ["", "asleep"])
def test_an_empty_or_unknown_status_is_refused(trainer_client, offering, today_session, status):
    (enrolment,) = participants(offering, 1)

    response = trainer_client.post(
        roster_url(today_session), roster_post([enrolment], **{f"status-{enrolment.pk}": status})
    )

    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_a_row_cancelled_meanwhile_stops_the_save(trainer_client, offering, today_session):
    staying, leaving = participants(offering, 2)
    Enrolment.objects.filter(pk=leaving.pk).update(status=Enrolment.Status.CANCELLED)

    response = trainer_client.post(
        roster_url(today_session),
        roster_post([staying, leaving], **{f"status-{staying.pk}": PRESENT, f"status-{leaving.pk}": PRESENT}),
    )

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_roster_of_a_session_still_ahead_lists_the_participants_read_only(trainer_client, offering, later_session):
    first, second = participants(offering, 2, organisation="Kokkolan kaupunki")

    response = trainer_client.get(roster_url(later_session))

    html = response.content.decode()
    assert response.status_code == 200
    for enrolment in (first, second):
        assert enrolment.user.get_full_name() in html
        assert f'name="status-{enrolment.pk}"' not in html
    assert "Kokkolan kaupunki" in html
    assert 'id="marking-opens"' in html
    assert 'value="save"' not in html
    assert 'value="all-present"' not in html
    assert f'href="{roster_url(later_session, "walk-in/")}"' not in html


def test_the_roster_of_today_has_no_note_on_marking_opening(trainer_client, offering, today_session):
    participants(offering, 1)

    html = trainer_client.get(roster_url(today_session)).content.decode()

    assert 'id="marking-opens"' not in html
    assert 'value="save"' in html


def test_posting_the_roster_of_a_session_still_ahead_marks_nobody(trainer_client, offering, later_session):
    (enrolment,) = participants(offering, 1)

    response = trainer_client.post(
        roster_url(later_session), roster_post([enrolment], **{f"status-{enrolment.pk}": PRESENT})
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'id="marking-opens"' in html
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("row", ["²", "٣", "9" * 5000, "-1", "1\x00"])
def test_a_row_that_cannot_be_an_enrolment_is_ignored_not_a_server_error(trainer_client, offering, today_session, row):
    (enrolment,) = participants(offering, 1)
    data = roster_post([enrolment], **{f"status-{enrolment.pk}": PRESENT})
    data["row"] = [*data["row"], row]

    response = trainer_client.post(roster_url(today_session), data)

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert not Attendance.objects.exists()


def test_the_roster_shows_who_checked_in_with_the_code(trainer_client, offering, today_session):
    checked_in, marked = participants(offering, 2)
    services.check_in(today_session, user=checked_in.user)
    save_roster(today_session, marks={marked.pk: (PRESENT, "")}, by=marked.user)

    html = trainer_client.get(roster_url(today_session)).content.decode()

    assert html.count("checked-in") == 1
    row = html[html.index(checked_in.user.get_full_name()) :]
    assert row.index("checked-in") < row.index("</fieldset>")


def roster_queries(client, session, enrolments):
    client.get(roster_url(session))  # warm the per-process caches first
    with CaptureQueriesContext(connection) as get:
        assert client.get(roster_url(session)).status_code == 200
    Attendance.objects.all().delete()
    data = roster_post(enrolments, action="all-present", **{f"status-{enrolments[0].pk}": LATE})
    with CaptureQueriesContext(connection) as post:
        assert client.post(roster_url(session), data).status_code == 302
    assert Attendance.objects.count() == len(enrolments)
    with CaptureQueriesContext(connection) as correction:
        data[f"status-{enrolments[0].pk}"] = ABSENT
        assert client.post(roster_url(session), data).status_code == 302
    return len(get), len(post), len(correction)


def test_roster_costs_the_same_queries_for_5_and_200_participants(client, catalogue):
    # 200 marks are 1,200 values to insert: more than the 999 Django 5.2 assumes of SQLite, which
    # used to split the insert (lms/sqlite/base.py).
    def measure(count):
        course = IntroductionSessionPageFactory(parent=catalogue, sessions=[0, 7])
        trainer = TrainerFactory(trains=[course])
        client.force_login(trainer)
        enrolments = participants(course, count)
        return roster_queries(client, course.sessions.get(date=course.starts_on), enrolments)

    few, many = measure(5), measure(200)

    assert few == many, f"GET, POST, correction: {few} queries for 5 participants, {many} for 200"


# Check-in code and self check-in

CONFIRM_URL = "/fi/check-in/"


def scan(client, session, *, age=0):
    """The phone opens the address of the QR code shown `age` seconds ago."""
    token = check_in_token(session, at=timezone.now() - dt.timedelta(seconds=age))
    return client.get(f"/fi/check-in/{token}/")


def test_the_check_in_code_page_shows_a_qr_code_of_the_current_code(trainer_client, today_session):
    response = trainer_client.get(roster_url(today_session, "check-in-code/"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html
    address = re.search(r'href="(http://testserver/fi/check-in/[^"/]+/)"', html).group(1)
    token = address.rsplit("/", 2)[-2]
    assert services.scanned_session(token) == today_session
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_check_in_code_page_fetches_the_next_code_when_it_is_due_by_a_static_script(trainer_client, today_session):
    html = trainer_client.get(roster_url(today_session, "check-in-code/")).content.decode()

    assert re.search(r'<script src="/static/attendance/check_in_code\.js[^"]*" defer></script>', html)
    due = int(re.search(r'data-check-in-code data-next-code-in-ms="(\d+)"', html).group(1))
    assert 500 <= due <= (services.CHECK_IN_CODE_SECONDS + 0.5) * 1000


@pytest.mark.parametrize(("language", "word"), [("fi", "klo"), ("sv", "kl.")])
def test_the_time_of_the_code_says_klo_once(trainer_client, today_session, language, word):
    response = trainer_client.get(f"/{language}/trainer/sessions/{today_session.pk}/check-in-code/")

    made = re.search(r'<p class="check-in-code-made">([^<]*)</p>', response.content.decode()).group(1)
    assert made.count(word) == 1, made
    assert re.search(rf"\d{{1,2}}\.\d{{1,2}}\.\d{{4}} {re.escape(word)} \d{{1,2}}\.\d{{2}}", made), made


def test_check_in_code_is_not_found_for_another_courses_trainer(client, other_course, today_session):
    client.force_login(TrainerFactory(trains=[other_course]))

    assert client.get(roster_url(today_session, "check-in-code/")).status_code == 404


def test_participant_checks_in_by_scanning_the_code(client, offering, today_session, later_session):
    (enrolment,) = participants(offering, 1)
    client.force_login(enrolment.user)

    scanned = scan(client, today_session)
    assert (scanned.status_code, scanned["Location"]) == (302, CONFIRM_URL)
    page = client.get(CONFIRM_URL)
    assert page.status_code == 200
    assert '<form method="post">' in page.content.decode()
    assert not Attendance.objects.exists()

    response = client.post(CONFIRM_URL)

    assert response.status_code == 302
    assert response["Location"] == "/fi/my/trainings/"
    assert levels(response) == [SUCCESS]
    mark = Attendance.objects.get()
    assert (mark.session, mark.enrolment, mark.status, mark.checked_in) == (today_session, enrolment, PRESENT, True)
    scan(client, today_session)
    assert '<form method="post">' not in client.get(CONFIRM_URL).content.decode()  # already present: nothing to press


def test_checking_in_after_the_trainer_has_marked_you_tells_the_mark_and_changes_nothing(
    client, offering, today_session, trainer
):
    (enrolment,) = participants(offering, 1)
    save_roster(today_session, marks={enrolment.pk: (LATE, "")}, by=trainer)
    client.force_login(enrolment.user)
    scan(client, today_session)

    page = client.get(CONFIRM_URL).content.decode()
    assert '<form method="post">' not in page
    assert 'data-status="late"' in page

    response = client.post(CONFIRM_URL)

    assert response.status_code == 302
    assert response["Location"] == "/fi/my/trainings/"
    (message,) = get_messages(response.wsgi_request)
    assert message.level == INFO
    with translation.override("fi"):
        assert str(Attendance.Status.LATE.label) in message.message
    mark = Attendance.objects.get()
    assert (mark.status, mark.marked_by, mark.checked_in) == (LATE, trainer, False)
    assert not AttendanceChange.objects.exists()


def test_a_check_in_scanned_before_logging_in_waits_through_the_log_in(client, offering, today_session):
    (enrolment,) = participants(offering, 1)
    person = enrolment.user
    person.set_password("salasana-123")
    person.save()

    assert scan(client, today_session)["Location"] == CONFIRM_URL
    to_log_in = client.get(CONFIRM_URL)
    assert unquote(to_log_in["Location"]) == f"/fi/accounts/login/?next={CONFIRM_URL}"
    # Logging in takes longer than a code lives; the scan was checked when it was made.
    logged_in = client.post(
        "/fi/accounts/login/", {"login": person.email, "password": "salasana-123", "next": CONFIRM_URL}
    )
    assert logged_in["Location"] == CONFIRM_URL
    response = client.post(CONFIRM_URL)

    assert response["Location"] == "/fi/my/trainings/"
    assert Attendance.objects.get().enrolment == enrolment


def test_a_forwarded_link_stops_working_within_a_minute(client, offering, today_session):
    in_the_room, at_home = participants(offering, 2)
    client.force_login(in_the_room.user)
    forwarded_to = Client()
    forwarded_to.force_login(at_home.user)

    assert scan(client, today_session, age=30)["Location"] == CONFIRM_URL  # the code before the one shown
    stale = scan(forwarded_to, today_session, age=60)

    assert stale.status_code == 400
    assert 'role="alert"' in stale.content.decode()
    assert forwarded_to.post(CONFIRM_URL).status_code == 400  # nothing scanned in this browser
    assert not Attendance.objects.exists()


def test_a_code_is_checked_when_scanned_before_any_log_in(client, today_session):
    assert client.get("/fi/check-in/forged:token/").status_code == 400
    assert scan(client, today_session, age=90).status_code == 400
    assert client.get(CONFIRM_URL).status_code == 302  # to log in, with nothing scanned


def test_check_in_without_a_place_is_refused_on_sight_and_on_post(client, offering, today_session):
    client.force_login(ParticipantFactory())
    scan(client, today_session)

    page = client.get(CONFIRM_URL)
    posted = client.post(CONFIRM_URL)

    assert (page.status_code, posted.status_code) == (400, 400)
    assert 'role="alert"' in page.content.decode()
    assert '<form method="post">' not in page.content.decode()
    assert not Attendance.objects.exists()


def test_the_code_of_a_later_session_does_not_check_in_today(client, offering, later_session):
    (enrolment,) = participants(offering, 1)
    client.force_login(enrolment.user)

    response = scan(client, later_session)

    assert response.status_code == 400
    assert client.post(CONFIRM_URL).status_code == 400
    assert not Attendance.objects.exists()


# Walk-ins


def test_trainer_adds_a_walk_in_who_is_enrolled_and_marked_present(trainer_client, offering, today_session, trainer):
    assert trainer_client.get(roster_url(today_session, "walk-in/")).status_code == 200

    response = trainer_client.post(
        roster_url(today_session, "walk-in/"),
        {"email": "kavija@example.fi", "first_name": "Kaisa", "last_name": "Kävijä"},
    )

    assert response.status_code == 302
    assert response["Location"] == roster_url(today_session)
    assert levels(response) == [SUCCESS]
    enrolment = Enrolment.objects.get(user__email="kavija@example.fi")
    assert (enrolment.offering_id, enrolment.status, enrolment.created_by) == (
        offering.pk,
        Enrolment.Status.CONFIRMED,
        trainer,
    )
    assert Attendance.objects.get(enrolment=enrolment).status == PRESENT
    assert "Kaisa Kävijä" in trainer_client.get(roster_url(today_session)).content.decode()


def test_a_walk_in_is_never_given_to_an_account_that_only_claims_the_address(trainer_client, today_session):
    stranger = claimant_of("kavija@example.fi")

    trainer_client.post(
        roster_url(today_session, "walk-in/"),
        {"email": "Kavija@Example.fi", "first_name": "Kaisa", "last_name": "Kävijä"},
    )

    enrolment = Enrolment.objects.get()
    assert enrolment.user != stranger
    assert (enrolment.user.email, enrolment.user.has_usable_password()) == ("kavija@example.fi", False)
    assert not Attendance.objects.filter(enrolment__user=stranger).exists()


def test_an_invalid_walk_in_comes_back_with_what_was_typed(trainer_client, today_session):
    response = trainer_client.post(
        roster_url(today_session, "walk-in/"), {"email": "not an email", "first_name": "Kaisa", "last_name": ""}
    )

    assert response.status_code == 400
    assert 'value="Kaisa"' in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_walk_in_form_does_not_offer_the_trainers_own_details(trainer_client, today_session):
    """The trainer types someone else's name and address: the browser is not to fill in the
    trainer's own, nor keep these for whoever uses the device next."""
    soup = BeautifulSoup(trainer_client.get(roster_url(today_session, "walk-in/")).content, "html.parser")

    assert {field["name"]: field["autocomplete"] for field in soup.select("main form input:not([type=hidden])")} == {
        "email": "off",
        "first_name": "off",
        "last_name": "off",
    }


def test_a_walk_in_at_a_session_still_ahead_is_refused(trainer_client, later_session):
    page = trainer_client.get(roster_url(later_session, "walk-in/"))

    assert page.status_code == 200
    assert 'id="marking-opens"' in page.content.decode()
    assert 'name="email"' not in page.content.decode()

    response = trainer_client.post(
        roster_url(later_session, "walk-in/"),
        {"email": "kavija@example.fi", "first_name": "Kaisa", "last_name": "Kävijä"},
    )

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Enrolment.objects.exists()
    assert not Attendance.objects.exists()


def test_walk_in_is_not_found_for_another_courses_trainer_or_a_participant(
    client, offering, other_course, today_session
):
    for person in (TrainerFactory(trains=[other_course]), ParticipantFactory()):
        client.force_login(person)
        response = client.post(
            roster_url(today_session, "walk-in/"),
            {"email": "kavija@example.fi", "first_name": "Kaisa", "last_name": "Kävijä"},
        )
        assert response.status_code == 404
    assert not Enrolment.objects.exists()
