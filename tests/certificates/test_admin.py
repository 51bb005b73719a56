"""Coordinators' certificate pages in the Wagtail admin: who completed, issuing in a batch and
following its progress, failures and their retry, revoking and reissuing.

Assertions read data and markup (ids, data attributes, names), not interface texts, which change
with the translations.
"""

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import ERROR, INFO, SUCCESS, get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from wagtail.users.models import UserProfile

import pytest

from certificates import services
from certificates.models import BatchItem, Certificate, IssueBatch
from certificates.services import issue_certificate, revoke_certificate, start_batch
from certificates.tasks import run_batch
from enrolment.models import Enrolment
from tests.factories import (
    EnrolmentFactory,
    IntroductionSessionPageFactory,
    ParticipantFactory,
    TrainerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% stand-in for the rendered certificate\n"


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch):
    """The pages are under test here, not the PDF (tests/certificates/test_pdf.py)."""
    monkeypatch.setattr(services, "render_certificate", lambda certificate: PDF)


@pytest.fixture
def completed(course):
    """Three who completed the course, in alphabetical order."""
    return [
        EnrolmentFactory(
            offering=course, user=ParticipantFactory(first_name=first, last_name="Testinen"), completed=True
        )
        for first in ("Aino", "Björn", "Eero")
    ]


def url(course, *parts):
    return "/".join([f"/admin/certificates/{course.pk}", *map(str, parts)]) + "/"


def batch_url(batch, action=""):
    return f"/admin/certificates/batches/{batch.pk}/{action + '/' if action else ''}"


def row(html, enrolment):
    start = html.index(f'id="participant-{enrolment.pk}"')
    return html[start : html.index("</tr>", start)]


def levels(response):
    return [message.level for message in get_messages(response.wsgi_request)]


def progress(html) -> tuple[int, int]:
    tag = re.search(r'<progress id="batch-progress"[^>]*>', html).group(0)
    return int(re.search(r'value="(\d+)"', tag).group(1)), int(re.search(r'max="(\d+)"', tag).group(1))


# The course's page


def test_course_page_lists_who_completed_with_their_certificate_and_a_box_for_the_rest(
    coordinator_client, course, completed
):
    with_certificate, *without = completed
    certificate = issue_certificate(with_certificate, issued_by=None)
    unfinished = EnrolmentFactory(offering=course, user=ParticipantFactory(), completed=False)
    cancelled = EnrolmentFactory(
        offering=course, user=ParticipantFactory(), completed=True, status=Enrolment.Status.CANCELLED
    )

    response = coordinator_client.get(url(course))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-certificate="{certificate.number}"' in row(html, with_certificate)
    assert f'href="{url(course, certificate.pk, "pdf")}"' in row(html, with_certificate)
    assert f'action="{url(course, certificate.pk, "revoke")}"' in html
    assert f'action="{url(course, certificate.pk, "reissue")}"' in html
    assert 'name="enrolment"' not in row(html, with_certificate)
    for enrolment in without:
        assert f'name="enrolment" value="{enrolment.pk}" form="issue-form"' in row(html, enrolment)
    assert 'name="all" value="1" form="issue-form"' in html
    assert re.search(rf'<form method="post" action="{url(course, "issue")}" id="issue-form"', html)
    assert f'id="participant-{unfinished.pk}"' not in html
    assert f'id="participant-{cancelled.pk}"' not in html


def test_an_earlier_certificate_is_listed_under_the_valid_one(coordinator_client, course, completed):
    first = issue_certificate(completed[0], issued_by=None)
    services.reissue_certificate(first, by=None, reason="Nimi korjattu", name="Aino Korjattu")
    current = Certificate.objects.get(enrolment=completed[0], status="valid")

    html = row(coordinator_client.get(url(course)).content.decode(), completed[0])

    assert f'data-certificate="{current.number}"' in html
    assert 'class="earlier" data-status="superseded"' in html
    assert f'href="{url(course, first.pk, "pdf")}"' in html


def test_the_enrolment_page_links_to_the_certificates(coordinator_client, course):
    html = coordinator_client.get(f"/admin/enrolments/{course.pk}/").content.decode()

    assert f'href="{url(course)}"' in html


# Issuing


def test_issuing_to_the_ticked_participants_starts_a_batch_and_opens_its_progress(
    coordinator_client, coordinator, course, completed, mailoutbox, django_capture_on_commit_callbacks
):
    chosen = completed[:2]

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url(course, "issue"), {"enrolment": [e.pk for e in chosen]})

    batch = IssueBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == batch_url(batch)
    assert INFO in levels(response)
    assert (batch.offering_id, batch.requested_by, batch.total, batch.status) == (course.pk, coordinator, 2, "finished")
    assert set(Certificate.objects.values_list("enrolment_id", flat=True)) == {e.pk for e in chosen}
    assert sorted(message.to[0] for message in mailoutbox) == sorted(e.user.email for e in chosen)

    html = coordinator_client.get(batch_url(batch)).content.decode()
    assert progress(html) == (2, 2)
    assert 'data-status="finished"' in html
    assert 'http-equiv="refresh"' not in html
    assert 'id="failures"' not in html


@pytest.mark.parametrize("value", ["²", "9" * 30, "9" * 5000, "1\x00"])
def test_a_tick_that_cannot_be_an_enrolment_starts_nothing(coordinator_client, course, completed, value):
    response = coordinator_client.post(url(course, "issue"), {"enrolment": [value]})

    assert response.status_code in (302, 400)
    assert not IssueBatch.objects.exists()


def test_choosing_all_issues_to_everyone_without_a_certificate(
    coordinator_client, course, completed, django_capture_on_commit_callbacks
):
    issued = issue_certificate(completed[0], issued_by=None)
    EnrolmentFactory(offering=course, user=ParticipantFactory(), completed=False)

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url(course, "issue"), {"all": "1"})

    batch = IssueBatch.objects.get()
    assert set(batch.items.values_list("enrolment_id", flat=True)) == {completed[1].pk, completed[2].pk}
    assert Certificate.objects.filter(status="valid").count() == 3
    assert Certificate.objects.get(enrolment=completed[0]) == issued


def test_issuing_to_nobody_or_to_another_courses_participants_starts_nothing(
    coordinator_client, catalogue, course, completed
):
    elsewhere = EnrolmentFactory(offering=IntroductionSessionPageFactory(parent=catalogue), completed=True)

    for data in ({}, {"enrolment": ["x"]}, {"enrolment": [elsewhere.pk]}):
        response = coordinator_client.post(url(course, "issue"), data)
        assert (response.status_code, response["Location"]) == (302, url(course)), data
        assert ERROR in levels(response)

    assert not IssueBatch.objects.exists()


def test_a_running_batch_page_refreshes_itself_and_shows_how_far_it_is(coordinator_client, course, completed):
    batch = start_batch(course, enrolments=completed, by=None)  # queued; no worker in this test
    BatchItem.objects.filter(batch=batch, enrolment=completed[0]).update(state=BatchItem.State.DONE)
    IssueBatch.objects.filter(pk=batch.pk).update(status=IssueBatch.Status.RUNNING, done=1)

    html = coordinator_client.get(batch_url(batch)).content.decode()

    assert progress(html) == (1, 3)
    assert '<meta http-equiv="refresh" content="2">' in html
    assert re.search(r'id="batch-count"[^>]*>\s*<strong>1 [^<]* 3</strong>', html)
    assert 'id="batch-stalled"' not in html
    head = html[: html.index("</head>")]
    assert 'http-equiv="refresh"' in head
    assert "<script>" not in html[html.index('id="batch"') :]


def test_failures_are_listed_with_their_error_and_retried(
    coordinator_client, course, completed, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    failing = completed[1]

    def refuse_one(certificate):
        if certificate.enrolment_id == failing.pk:
            raise OSError("Tallennustila ei vastaa")
        return PDF

    monkeypatch.setattr(services, "render_certificate", refuse_one)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url(course, "issue"), {"all": "1"})
    batch = IssueBatch.objects.get()

    html = coordinator_client.get(batch_url(batch)).content.decode()
    assert progress(html) == (2, 3)  # finished: the bar shows those issued, never full with a failure
    failures = html[html.index('id="failures"') :]
    assert f'data-enrolment="{failing.pk}"' in failures
    assert "Tallennustila ei vastaa" in failures
    assert f'action="{batch_url(batch, "retry")}"' in html

    monkeypatch.setattr(services, "render_certificate", lambda certificate: PDF)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(batch_url(batch, "retry"))

    assert response["Location"] == batch_url(batch)
    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.status) == (3, 0, "finished")
    assert Certificate.objects.filter(enrolment=failing, status="valid").exists()
    assert len(mailoutbox) == 3
    assert 'id="failures"' not in coordinator_client.get(batch_url(batch)).content.decode()


def heading(html) -> str:
    """The text of the batch page's heading, without its markup."""
    match = re.search(r'<h2 id="progress-heading"[^>]*>(.*?)</h2>', html, re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_a_batch_in_which_three_of_four_failed_says_so_with_each_persons_reason_and_is_retried_once_put_right(
    coordinator_client, course, completed, django_capture_on_commit_callbacks
):
    # Three names that were saved before the forms checked them; one that prints.
    fine, *unprintable = [*completed, EnrolmentFactory(offering=course, user=ParticipantFactory(), completed=True)]
    for enrolment, character in zip(unprintable, "😀♥☺", strict=True):
        get_user_model().objects.filter(pk=enrolment.user_id).update(last_name=f"Testinen {character}")

    with django_capture_on_commit_callbacks(execute=True):
        issued = coordinator_client.post(url(course, "issue"), {"all": "1"})
    batch = IssueBatch.objects.get()
    assert SUCCESS not in levels(issued)  # started, not a success: the page says how it went

    html = coordinator_client.get(batch_url(batch)).content.decode()
    assert 'data-status="finished" data-failed="3"' in html
    assert re.search(r"\b3\b.*\b4\b", heading(html))  # 3 of 4 failed, in the heading
    assert 'class="help-block help-critical"' in html
    assert 'id="batch-failed"' in html
    failures = html[html.index('id="failures"') :]
    for enrolment, character in zip(unprintable, "😀♥☺", strict=True):
        reason = BatchItem.objects.get(batch=batch, enrolment=enrolment).error
        assert character in reason
        assert f'data-enrolment="{enrolment.pk}"' in failures
        assert escape(reason) in failures
    assert f'data-enrolment="{fine.pk}"' not in failures
    course_page = coordinator_client.get(url(course)).content.decode()
    assert str(batch.get_outcome_display()) in course_page
    assert batch.get_outcome_display() != batch.get_status_display()

    # The people correct their names; the coordinator retries the failed ones.
    for enrolment in unprintable:
        get_user_model().objects.filter(pk=enrolment.user_id).update(last_name="Testinen")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(batch_url(batch, "retry"))

    html = coordinator_client.get(batch_url(batch)).content.decode()
    assert 'data-status="finished" data-failed="0"' in html
    assert re.search(r"\b4\b", heading(html))
    assert 'id="batch-failed"' not in html
    assert Certificate.objects.filter(status="valid").count() == 4


def test_a_batch_that_stopped_moving_can_be_resumed(
    coordinator_client, course, completed, django_capture_on_commit_callbacks
):
    # Its run was lost with its worker: the items wait, and nothing will pick them up.
    batch = start_batch(course, enrolments=completed, by=None)
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    IssueBatch.objects.filter(pk=batch.pk).update(created_at=long_ago, started_at=long_ago, status="running")
    BatchItem.objects.filter(batch=batch).update(updated_at=long_ago)

    html = coordinator_client.get(batch_url(batch)).content.decode()
    assert 'id="batch-stalled"' in html
    assert 'http-equiv="refresh"' not in html

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(batch_url(batch, "retry"))

    batch.refresh_from_db()
    assert (batch.done, batch.status) == (3, "finished")
    assert Certificate.objects.filter(status="valid").count() == 3


def test_retrying_a_batch_with_nothing_left_says_so(coordinator_client, course, completed):
    batch = start_batch(course, enrolments=completed[:1], by=None)
    run_batch(batch.pk)

    response = coordinator_client.post(batch_url(batch, "retry"))

    assert ERROR in levels(response)
    assert IssueBatch.objects.get(pk=batch.pk).status == "finished"


# Revoking and reissuing


@pytest.mark.parametrize(("language", "words"), [("fi", "Mitätöi"), ("sv", "Återkalla"), ("en", "Revoke")])
def test_the_revoke_button_says_revoke_in_the_glossarys_words(
    coordinator_client, coordinator, course, completed, language, words
):
    # Finnish "Peru" read as cancelling something; a certificate is revoked, "mitätöidä".
    UserProfile.objects.update_or_create(user=coordinator, defaults={"preferred_language": language})
    certificate = issue_certificate(completed[0], issued_by=None)

    html = coordinator_client.get(url(course)).content.decode()

    toggle = re.search(
        rf'<button[^>]*data-a11y-dialog-show="certificate-revoke-{certificate.pk}"[^>]*>(.*?)</button>', html, re.S
    )
    assert toggle.group(1).strip() == words


def test_coordinator_revokes_a_certificate_with_a_reason(coordinator_client, coordinator, course, completed):
    certificate = issue_certificate(completed[0], issued_by=None)

    refused = coordinator_client.post(url(course, certificate.pk, "revoke"), {"reason": "  "})
    certificate.refresh_from_db()
    assert ERROR in levels(refused)
    assert certificate.status == "valid"

    response = coordinator_client.post(url(course, certificate.pk, "revoke"), {"reason": "Myönnetty erehdyksessä"})

    assert response["Location"] == url(course)
    assert SUCCESS in levels(response)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revoked_by, certificate.revoked_reason) == (
        "revoked",
        coordinator,
        "Myönnetty erehdyksessä",
    )
    html = row(coordinator_client.get(url(course)).content.decode(), completed[0])
    assert f'name="enrolment" value="{completed[0].pk}"' in html  # may be issued again


def test_coordinator_reissues_a_certificate_with_a_corrected_name(
    coordinator_client, coordinator, course, completed, mailoutbox, django_capture_on_commit_callbacks
):
    old = issue_certificate(completed[0], issued_by=None)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url(course, old.pk, "reissue"), {"name": "Aino Testinen-Korjattu", "reason": "Nimi väärin"}
        )

    assert SUCCESS in levels(response)
    old.refresh_from_db()
    new = Certificate.objects.get(enrolment=completed[0], status="valid")
    assert (old.status, new.replaces, new.data["name"], new.issued_by) == (
        "superseded",
        old,
        "Aino Testinen-Korjattu",
        coordinator,
    )
    assert [message.to[0] for message in mailoutbox] == [completed[0].user.email]


def test_reissuing_without_a_reason_or_with_a_too_long_name_changes_nothing(coordinator_client, course, completed):
    certificate = issue_certificate(completed[0], issued_by=None)

    for data in ({"name": "Uusi Nimi", "reason": ""}, {"name": "x" * 201, "reason": "Korjaus"}):
        response = coordinator_client.post(url(course, certificate.pk, "reissue"), data)
        assert ERROR in levels(response), data

    certificate.refresh_from_db()
    assert certificate.status == "valid"
    assert Certificate.objects.count() == 1


def test_coordinator_opens_the_stored_pdf_of_any_certificate_of_the_course(coordinator_client, course, completed):
    certificate = issue_certificate(completed[0], issued_by=None)
    revoke_certificate(certificate, by=None, reason="Virhe")

    response = coordinator_client.get(url(course, certificate.pk, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"todistus-intyg-{certificate.number}.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


# Who may


def test_certificates_of_another_course_and_missing_objects_are_not_found(
    coordinator_client, catalogue, course, completed
):
    other = IntroductionSessionPageFactory(parent=catalogue)
    certificate = issue_certificate(completed[0], issued_by=None)

    assert coordinator_client.get(url(other, certificate.pk, "pdf")).status_code == 404
    assert coordinator_client.post(url(other, certificate.pk, "revoke"), {"reason": "x"}).status_code == 404
    assert coordinator_client.post(url(other, certificate.pk, "reissue"), {"reason": "x"}).status_code == 404
    assert coordinator_client.get(url(catalogue)).status_code == 404
    assert coordinator_client.get("/admin/certificates/batches/999999/").status_code == 404
    assert coordinator_client.post("/admin/certificates/batches/999999/retry/").status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == "valid"


@pytest.mark.parametrize("role", ["participant", "trainer"])
def test_people_outside_the_admin_are_sent_to_log_in(client, course, completed, role):
    someone = ParticipantFactory() if role == "participant" else TrainerFactory()
    client.force_login(someone)
    batch = start_batch(course, enrolments=completed, by=None)

    for address in (url(course), batch_url(batch)):
        response = client.get(address)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    client.post(url(course, "issue"), {"all": "1"})
    assert IssueBatch.objects.count() == 1


def test_coordinators_without_the_certificate_permission_are_refused(client, course, completed):
    group, _ = Group.objects.get_or_create(name="Enrolment coordinators")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    group.permissions.add(Permission.objects.get(codename="change_enrolment", content_type__app_label="enrolment"))
    someone = UserFactory()
    someone.groups.add(group)
    certificate = issue_certificate(completed[0], issued_by=None)
    client.force_login(someone)

    for address in (url(course), url(course, certificate.pk, "pdf")):
        response = client.get(address)
        # Wagtail answers PermissionDenied in its admin with the dashboard and an error message.
        assert (response.status_code, response["Location"]) == (302, "/admin/"), address
    response = client.post(url(course, certificate.pk, "revoke"), {"reason": "x"})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    # Their enrolment page has no way to the certificates.
    assert f'href="{url(course)}"' not in client.get(f"/admin/enrolments/{course.pk}/").content.decode()


# Cost


def test_course_page_costs_the_same_queries_for_2_and_12_participants(coordinator_client, course):
    def add(count):
        for _ in range(count):
            enrolment = EnrolmentFactory(offering=course, user=ParticipantFactory(), completed=True)
            revoke_certificate(issue_certificate(enrolment, issued_by=None), by=None, reason="Virhe")
            issue_certificate(enrolment, issued_by=None)
            EnrolmentFactory(offering=course, user=ParticipantFactory(), completed=True)
        start_batch(course, enrolments=Enrolment.objects.filter(offering=course), by=None)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get(url(course)).status_code == 200
        return len(captured)

    add(1)
    coordinator_client.get(url(course))  # caches warmed
    few = queries()
    add(5)

    assert queries() == few
