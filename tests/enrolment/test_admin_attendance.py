"""Coordinators' attendance page in the Wagtail admin: the grid, the corrections and completion
decided by hand.

Assertions read data and markup (ids, data attributes, names), not interface texts, which change
with the translations.
"""

import re

from django.contrib.messages import ERROR, INFO, SUCCESS, get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from attendance.models import Attendance, AttendanceChange
from attendance.services import override_completion, save_roster
from enrolment.models import Enrolment
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

PRESENT, LATE, EXCUSED, ABSENT = (status.value for status in Attendance.Status)


@pytest.fixture
def offering(catalogue, trainer):
    """Four sessions, the first mandatory; 75 % of four is three."""
    offering = IntroductionSessionPageFactory(parent=catalogue, sessions=[-14, -7, -1, 7], completion_share=75)
    offering.trainers.add(trainer)
    offering.sessions.filter(pk=first_session(offering).pk).update(mandatory=True)
    return offering


def sessions(offering):
    return list(offering.sessions.order_by("date"))


def first_session(offering):
    return sessions(offering)[0]


def participant(offering, first_name):
    return EnrolmentFactory(offering=offering, user=ParticipantFactory(first_name=first_name, last_name="Testinen"))


def mark(offering, by, **statuses):
    """`mark(offering, by, s0={enrolment: "present"}, …)`: sN is the offering's Nth session."""
    for key, marks in statuses.items():
        session = sessions(offering)[int(key[1:])]
        save_roster(session, marks={e.pk: (status, "") for e, status in marks.items()}, by=by)


def url(offering, action="attendance", enrolment=None):
    base = f"/admin/enrolments/{offering.pk}/"
    return f"{base}{enrolment.pk}/{action}/" if enrolment else f"{base}{action}/"


def row(html, enrolment):
    start = html.index(f'id="attendance-{enrolment.pk}"')
    return html[start : html.index("</tr>", start)]


def levels(response):
    return [message.level for message in get_messages(response.wsgi_request)]


# The grid


def test_grid_shows_each_participants_marks_and_completion(coordinator_client, offering, trainer):
    s0, s1, s2, s3 = sessions(offering)
    done, missed, going = (
        participant(offering, "Aino"),
        participant(offering, "Bertta"),
        participant(offering, "Cecilia"),
    )
    cancelled = EnrolmentFactory(offering=offering, status=Enrolment.Status.CANCELLED)
    mark(offering, trainer, s0={done: PRESENT, missed: ABSENT, going: PRESENT}, s1={done: LATE}, s2={done: PRESENT})

    response = coordinator_client.get(url(offering))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-completion="completed"' in row(html, done)
    assert f'data-session="{s1.pk}" data-status="late"' in row(html, done)
    assert f'data-session="{s3.pk}" data-status=""' in row(html, done)
    assert "3 / 3" in row(html, done)
    # Absent from the mandatory first session: no longer possible, whatever comes.
    assert 'data-completion="closed"' in row(html, missed)
    assert f'data-session="{s0.pk}" data-status="absent"' in row(html, missed)
    assert 'data-completion="open"' in row(html, going)
    assert f'id="attendance-{cancelled.pk}"' not in html
    assert html.index("Aino") < html.index("Bertta") < html.index("Cecilia")
    assert html.count("data-mandatory") == 1
    assert f'data-session="{s0.pk}" data-mandatory' in html


def test_each_session_heading_links_to_its_roster_where_marks_are_corrected(coordinator_client, offering):
    participant(offering, "Aino")
    roster = f"/fi/trainer/sessions/{first_session(offering).pk}/"

    html = coordinator_client.get(url(offering)).content.decode()

    assert f'href="{roster}"' in html
    assert coordinator_client.get(roster).status_code == 200


def test_course_page_leads_to_the_attendance_page(coordinator_client, offering):
    html = coordinator_client.get(f"/admin/enrolments/{offering.pk}/").content.decode()

    assert f'href="{url(offering)}"' in html


# The trail of corrections


def test_a_corrected_mark_is_listed_with_who_when_and_from_what_to_what(coordinator_client, offering, trainer):
    aino = participant(offering, "Aino")
    first = first_session(offering)
    mark(offering, trainer, s0={aino: ABSENT})
    save_roster(first, marks={aino.pk: (EXCUSED, "Sairaana, todistus tuotu")}, by=trainer)

    html = coordinator_client.get(url(offering)).content.decode()

    trail = html[html.index('id="attendance-changes"') :]
    change = AttendanceChange.objects.get()
    line = trail[trail.index(f'data-change="{change.pk}"') :]
    line = line[: line.index("</tr>")]
    assert 'data-from="absent" data-to="excused"' in line
    assert "Tuula Kouluttaja" in line
    assert "Aino Testinen" in line
    assert "Sairaana, todistus tuotu" in line
    assert f'data-session="{first.pk}" data-status="excused"' in row(html, aino)


def test_a_correction_shows_who_made_the_mark_it_replaced_and_when(coordinator_client, coordinator, offering, trainer):
    aino = participant(offering, "Aino")
    first = first_session(offering)
    mark(offering, trainer, s0={aino: LATE})
    marked_at = Attendance.objects.get().marked_at
    save_roster(first, marks={aino.pk: (PRESENT, "")}, by=coordinator)

    html = coordinator_client.get(url(offering)).content.decode()

    change = AttendanceChange.objects.get()
    trail = html[html.index(f'data-change="{change.pk}"') :]
    line = trail[: trail.index("</tr>")]
    earlier = line[line.index('class="earlier-mark"') :]
    earlier = earlier[: earlier.index("</td>")]
    assert "Tuula Kouluttaja" in earlier
    assert f'<time datetime="{timezone.localtime(marked_at).isoformat()}">' in earlier
    assert "Kaisa Koordinaattori" in line
    assert "Kaisa Koordinaattori" not in earlier


def test_the_trail_shows_the_newest_corrections_and_counts_them_all(coordinator_client, offering, trainer, monkeypatch):
    from enrolment.admin_views import AttendanceView

    monkeypatch.setattr(AttendanceView, "changes_shown", 2)
    aino = participant(offering, "Aino")
    first = first_session(offering)
    for status in (ABSENT, LATE, PRESENT, EXCUSED):
        save_roster(first, marks={aino.pk: (status, "")}, by=trainer)

    response = coordinator_client.get(url(offering))

    newest = list(AttendanceChange.objects.order_by("-pk").values_list("pk", flat=True))
    assert [change.pk for change in response.context["changes"]] == newest[:2]
    assert response.context["change_count"] == 3


# Completion decided by hand


def test_coordinator_decides_completion_with_a_reason(coordinator_client, coordinator, offering):
    aino = participant(offering, "Aino")

    response = coordinator_client.post(
        url(offering, "completion", aino), {"decision": "completed", "reason": "Korvaava tehtävä palautettu"}
    )

    assert response.status_code == 302
    assert response["Location"] == url(offering)
    assert levels(response) == [SUCCESS]
    aino.refresh_from_db()
    assert (aino.completed, aino.completion_override) == (True, True)
    assert aino.completion_override_reason == "Korvaava tehtävä palautettu"
    assert aino.completion_override_by == coordinator
    assert aino.completion_override_at is not None
    shown = row(coordinator_client.get(url(offering)).content.decode(), aino)
    assert 'data-override="yes"' in shown
    assert "Korvaava tehtävä palautettu" in shown
    assert "Kaisa Koordinaattori" in shown


def test_deciding_not_completed_against_attendance(coordinator_client, offering, trainer):
    aino = participant(offering, "Aino")
    mark(offering, trainer, s0={aino: PRESENT}, s1={aino: PRESENT}, s2={aino: PRESENT})
    aino.refresh_from_db()
    assert aino.completed

    coordinator_client.post(url(offering, "completion", aino), {"decision": "not_completed", "reason": "Ei tehtävää"})

    aino.refresh_from_db()
    assert (aino.completed, aino.completion_override) == (False, False)
    assert 'data-override="no"' in row(coordinator_client.get(url(offering)).content.decode(), aino)


@pytest.mark.parametrize(
    "data",
    [{"decision": "completed", "reason": "  "}, {"decision": "not_completed"}, {"decision": "maybe", "reason": "x"}],
)
def test_a_decision_without_a_reason_is_refused_and_keeps_what_was_typed(coordinator_client, offering, data):
    aino = participant(offering, "Aino")

    response = coordinator_client.post(url(offering, "completion", aino), data)

    assert response.status_code == 400
    assert levels(response) == [ERROR]
    assert response.context["decided"] == aino
    assert response.context["completion_form"].errors
    html = response.content.decode()
    kept = html[html.index('id="decision"') : html.index('id="attendance-grid"')]
    assert bool(re.search(f'value="{data["decision"]}"[^>]*checked', kept)) == (data["decision"] != "maybe")
    aino.refresh_from_db()
    assert (aino.completed, aino.completion_override, aino.completion_override_by) == (False, None, None)


def test_back_to_the_rule(coordinator_client, coordinator, offering, trainer):
    aino = participant(offering, "Aino")
    mark(offering, trainer, s0={aino: PRESENT})
    override_completion(aino, completed=True, by=coordinator, reason="Poikkeuslupa")

    response = coordinator_client.post(url(offering, "completion", aino), {"decision": "rule", "reason": ""})

    assert response.status_code == 302
    assert levels(response) == [SUCCESS]
    aino.refresh_from_db()
    assert (aino.completed, aino.completion_override) == (False, None)
    assert 'data-completion="open"' in row(coordinator_client.get(url(offering)).content.decode(), aino)


def test_only_confirmed_participants_have_their_completion_decided(coordinator_client, offering):
    waiting = EnrolmentFactory(offering=offering, status=Enrolment.Status.WAITING)

    response = coordinator_client.post(url(offering, "completion", waiting), {"decision": "completed", "reason": "x"})

    assert levels(response) == [INFO]
    waiting.refresh_from_db()
    assert waiting.completion_override is None


def test_an_enrolment_of_another_course_is_not_found(coordinator_client, catalogue, offering):
    elsewhere = participant(IntroductionSessionPageFactory(parent=catalogue), "Aino")

    response = coordinator_client.post(url(offering, "completion", elsewhere), {"decision": "completed", "reason": "x"})

    assert response.status_code == 404
    assert coordinator_client.get(f"/admin/enrolments/{catalogue.pk}/attendance/").status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.completion_override is None


# Who may


@pytest.mark.parametrize("role", ["participant", "trainer"])
def test_trainers_and_participants_are_sent_to_log_in(client, offering, trainer, role):
    aino = participant(offering, "Aino")
    client.force_login(aino.user if role == "participant" else trainer)

    response = client.get(url(offering))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    response = client.post(url(offering, "completion", aino), {"decision": "completed", "reason": "Itse päätetty"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

    aino.refresh_from_db()
    assert aino.completion_override is None


def test_admin_users_without_the_enrolment_permission_are_refused(client, editor, offering):
    aino = participant(offering, "Aino")
    client.force_login(editor)

    for response in (
        client.get(url(offering)),
        client.post(url(offering, "completion", aino), {"decision": "completed", "reason": "x"}),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")

    aino.refresh_from_db()
    assert aino.completion_override is None


# Cost


def test_attendance_page_costs_the_same_queries_for_2_and_20_participants(coordinator_client, offering, trainer):
    first, second = sessions(offering)[:2]

    def add(count):
        """`count` participants, each marked at two sessions and corrected once."""
        enrolments = [participant(offering, "Osallistuja") for _ in range(count)]
        save_roster(first, marks={e.pk: (ABSENT, "") for e in enrolments}, by=trainer)
        save_roster(first, marks={e.pk: (PRESENT, "Korjattu") for e in enrolments}, by=trainer)
        save_roster(second, marks={e.pk: (LATE, "") for e in enrolments}, by=trainer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get(url(offering)).status_code == 200
        return len(captured)

    add(2)
    coordinator_client.get(url(offering))  # caches warmed: content types, site, menu
    few = queries()
    add(18)
    many = queries()

    assert AttendanceChange.objects.count() == 20
    assert many == few, f"{few} queries for 2 participants, {many} for 20"
