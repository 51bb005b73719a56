from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext

from wagtail.users.models import UserProfile

import pytest

from accounts.models import Profile
from certificates import services
from certificates.models import BatchItem, Certificate, IssueBatch
from certificates.services import (
    CertificateError,
    issue_certificate,
    reissue_certificate,
    retry_batch,
    revoke_certificate,
    start_batch,
)
from certificates.tasks import run_batch, send_certificate_email, send_revocation_email
from tests.factories import EnrolmentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def participants(course):
    """Three who completed (one reads Swedish) and one who did not."""
    people = [
        ParticipantFactory(first_name="Aino", profile={"preferred_language": "fi"}),
        ParticipantFactory(first_name="Björn", profile={"preferred_language": "sv"}),
        ParticipantFactory(first_name="Eero", profile={"preferred_language": "fi"}),
    ]
    completed = [EnrolmentFactory(offering=course, user=person, completed=True) for person in people]
    unfinished = EnrolmentFactory(offering=course, user=ParticipantFactory(), completed=False)
    return completed, unfinished


def test_a_batch_issues_each_completed_participant_one_certificate_and_emails_them(
    course, participants, mailoutbox, django_capture_on_commit_callbacks
):
    completed, unfinished = participants

    with django_capture_on_commit_callbacks(execute=True):
        batch = start_batch(course, enrolments=[*completed, unfinished], by=None)

    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.done, batch.failed) == ("finished", 3, 3, 0)
    assert batch.finished_at is not None
    assert {c.enrolment_id for c in Certificate.objects.all()} == {e.pk for e in completed}
    assert sorted(message.to[0] for message in mailoutbox) == sorted(e.user.email for e in completed)


def test_each_email_is_in_the_persons_language_with_a_link_to_their_download(
    course, participants, mailoutbox, django_capture_on_commit_callbacks
):
    completed, _unfinished = participants
    with django_capture_on_commit_callbacks(execute=True):
        start_batch(course, enrolments=completed, by=None)

    by_person = {message.to[0]: message for message in mailoutbox}
    swedish = by_person[completed[1].user.email]
    finnish = by_person[completed[0].user.email]
    swedish_certificate = Certificate.objects.get(enrolment=completed[1])
    assert "Grundutbildning i systemiskt arbete" in swedish.subject
    assert f"http://testserver/sv/my/certificates/{swedish_certificate.display_code}.pdf" in swedish.body
    assert "http://testserver/sv/my/trainings/" in swedish.body
    assert "Björn" in swedish.body
    assert "Systeemisen työn peruskoulutus" in finnish.subject
    assert "http://testserver/fi/my/certificates/" in finnish.body
    assert swedish_certificate.data["verification_url"] in swedish.body


def test_running_a_batch_twice_issues_no_second_certificate(course, participants, mailoutbox):
    completed, _unfinished = participants
    batch = start_batch(course, enrolments=completed, by=None)

    run_batch(batch.pk)
    first = dict(Certificate.objects.values_list("enrolment_id", "number"))
    run_batch(batch.pk)

    assert dict(Certificate.objects.values_list("enrolment_id", "number")) == first
    assert Certificate.objects.count() == 3
    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.status) == (3, 0, "finished")


def test_a_worker_killed_mid_batch_leaves_nothing_half_done_and_a_rerun_finishes(course, participants, monkeypatch):
    completed, _unfinished = participants
    batch = start_batch(course, enrolments=completed, by=None)
    real_render = services.render_certificate
    rendered = []

    def killed_on_the_second(certificate):
        rendered.append(certificate.number)
        if len(rendered) == 2:
            raise SystemExit("worker killed")  # not an Exception: nothing in the task catches it
        return real_render(certificate)

    with monkeypatch.context() as patch:
        patch.setattr(services, "render_certificate", killed_on_the_second)
        with pytest.raises(SystemExit):
            run_batch(batch.pk)

    assert Certificate.objects.count() == 1
    assert BatchItem.objects.filter(batch=batch, state=BatchItem.State.PENDING).count() == 2

    run_batch(batch.pk)

    assert Certificate.objects.count() == 3
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert [number[-6:] for number in numbers] == ["000001", "000002", "000003"]  # the lost number was reused
    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.status) == (3, 0, "finished")


def test_failures_are_recorded_and_a_retry_issues_them(
    course, participants, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    completed, _unfinished = participants
    failing = completed[1]
    real_render = services.render_certificate

    def refuse_one(certificate):
        if certificate.enrolment_id == failing.pk:
            raise OSError("Tallennustila ei vastaa")
        return real_render(certificate)

    with monkeypatch.context() as patch:
        patch.setattr(services, "render_certificate", refuse_one)
        with django_capture_on_commit_callbacks(execute=True):
            batch = start_batch(course, enrolments=completed, by=None)

    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.status) == (2, 1, "finished")
    item = BatchItem.objects.get(batch=batch, state=BatchItem.State.FAILED)
    assert item.enrolment_id == failing.pk
    assert "Tallennustila ei vastaa" in item.error
    assert item.attempts == 1
    assert not Certificate.objects.filter(enrolment=failing).exists()
    assert len(mailoutbox) == 2

    with django_capture_on_commit_callbacks(execute=True):
        retry_batch(batch, by=None)

    batch.refresh_from_db()
    item.refresh_from_db()
    assert (batch.done, batch.failed, batch.status) == (3, 0, "finished")
    assert (item.state, item.error, item.attempts) == ("done", "", 2)
    assert item.certificate == Certificate.objects.get(enrolment=failing)
    assert len(mailoutbox) == 3


def test_a_batch_leaves_out_who_has_a_certificate_or_did_not_complete(course, participants):
    completed, unfinished = participants
    issue_certificate(completed[0], issued_by=None)

    batch = start_batch(course, enrolments=[*completed, unfinished], by=None)

    assert set(batch.items.values_list("enrolment_id", flat=True)) == {completed[1].pk, completed[2].pk}
    with pytest.raises(CertificateError):
        start_batch(course, enrolments=[unfinished, completed[0]], by=None)


def test_only_failed_items_can_be_retried(course, participants):
    completed, _unfinished = participants
    batch = start_batch(course, enrolments=completed, by=None)
    run_batch(batch.pk)

    with pytest.raises(CertificateError):
        retry_batch(batch, by=None)
    assert IssueBatch.objects.get(pk=batch.pk).status == "finished"


def test_the_email_goes_out_once_and_not_for_a_revoked_certificate(enrolment, mailoutbox):
    certificate = issue_certificate(enrolment, issued_by=None)

    assert send_certificate_email(certificate.pk) is True
    assert send_certificate_email(certificate.pk) is False
    other = issue_certificate(
        EnrolmentFactory(offering=enrolment.offering, user=ParticipantFactory(), completed=True), issued_by=None
    )
    revoke_certificate(other, by=None, reason="Virhe")
    assert send_certificate_email(other.pk) is False
    assert len(mailoutbox) == 1


def test_a_refused_send_can_be_retried(enrolment, mailoutbox, monkeypatch):
    certificate = issue_certificate(enrolment, issued_by=None)

    def refuse(self, *args, **kwargs):
        raise ConnectionError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        with pytest.raises(ConnectionError):
            send_certificate_email(certificate.pk)

    certificate.refresh_from_db()
    assert certificate.email_sent_at is None
    assert send_certificate_email(certificate.pk) is True


def test_a_long_batch_hands_the_rest_to_a_new_run_before_the_queue_would_stop_it(
    course, participants, settings, monkeypatch
):
    completed, _unfinished = participants
    settings.CERTIFICATE_BATCH_SECONDS = 0  # every run is past its time after one item
    queued = []
    monkeypatch.setattr("certificates.tasks.enqueue", lambda func, *args: queued.append((func, args)))
    batch = start_batch(course, enrolments=completed, by=None)

    counts = run_batch(batch.pk)

    assert (counts["done"], counts["pending"]) == (1, 2)
    assert queued == [("certificates.tasks.run_batch", (batch.pk,))]
    batch.refresh_from_db()
    assert (batch.status, batch.done) == ("running", 1)
    started = batch.started_at
    emails = []
    while queued:
        func, args = queued.pop(0)
        if func == "certificates.tasks.run_batch":
            run_batch(*args)
        else:
            emails.append((func, args))
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.started_at) == ("finished", 3, started)
    assert Certificate.objects.count() == 3
    # The emails queued after each commit never ran here: the run that ended the batch queued them again.
    assert sorted(emails) == sorted(
        ("certificates.tasks.send_certificate_email", (pk,)) for pk in Certificate.objects.values_list("pk", flat=True)
    )


def test_a_batch_whose_run_was_lost_is_resumed(course, participants, django_capture_on_commit_callbacks):
    completed, _unfinished = participants
    batch = start_batch(course, enrolments=completed, by=None)  # its task never ran

    with django_capture_on_commit_callbacks(execute=True):
        retry_batch(batch, by=None)

    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.failed) == ("finished", 3, 0)


def test_a_failures_reason_is_written_in_the_language_of_the_coordinator_who_started_the_batch(course, participants):
    completed, _unfinished = participants
    coordinator = ParticipantFactory()
    UserProfile.objects.update_or_create(user=coordinator, defaults={"preferred_language": "sv"})
    get_user_model().objects.filter(pk=completed[0].user_id).update(last_name="Testinen 😀")
    batch = start_batch(course, enrolments=completed, by=coordinator)

    with translation.override("fi"):  # as a worker runs, in the site's language
        run_batch(batch.pk)

    item = BatchItem.objects.get(batch=batch, state=BatchItem.State.FAILED)
    with translation.override("sv"):
        expected = gettext(
            "The certificate cannot print %(characters)s in the name “%(name)s”. The person can correct the name "
            "in their profile; then try again."
        ) % {"characters": "😀", "name": f"{completed[0].user.first_name} Testinen 😀"}
    assert item.error == expected


# The holder is told when their certificate is revoked, and when it is reissued.


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_holder_is_emailed_in_their_language_when_their_certificate_is_revoked(
    course, language, mailoutbox, django_capture_on_commit_callbacks
):
    holder = ParticipantFactory(first_name="Björn", profile={"preferred_language": language})
    certificate = issue_certificate(EnrolmentFactory(offering=course, user=holder, completed=True), issued_by=None)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate, by=None, reason="Osallistuminen ei täyttänyt ehtoja")

    [message] = mailoutbox
    assert message.to == [holder.email]
    with translation.override(language):
        subject = gettext("Your certificate has been revoked: %(title)s") % {
            "title": certificate.data[f"title_{language}"]
        }
        statement = gettext(
            "It is no longer valid: anyone who checks it at the address printed on it is told that it has been "
            "revoked, and it can no longer be downloaded."
        )
    assert message.subject == subject
    assert certificate.number in message.body
    assert " ".join(statement.split()) in " ".join(message.body.split())
    assert "Osallistuminen ei täyttänyt ehtoja" not in message.body  # the reason stays with coordinators


def test_the_revocation_email_goes_out_once_and_only_for_a_revoked_certificate(enrolment, mailoutbox):
    certificate = issue_certificate(enrolment, issued_by=None)
    assert send_revocation_email(certificate.pk) is False  # still valid

    revoke_certificate(certificate, by=None, reason="Virhe")
    assert send_revocation_email(certificate.pk) is True
    assert send_revocation_email(certificate.pk) is False
    assert len(mailoutbox) == 1
    certificate.refresh_from_db()
    assert certificate.revocation_email_sent_at is not None


def test_a_refused_revocation_email_is_sent_when_the_task_runs_again(enrolment, mailoutbox, monkeypatch):
    certificate = revoke_certificate(issue_certificate(enrolment, issued_by=None), by=None, reason="Virhe")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMultiAlternatives.send", lambda *args, **kwargs: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            send_revocation_email(certificate.pk)

    certificate.refresh_from_db()
    assert certificate.revocation_email_sent_at is None
    assert send_revocation_email(certificate.pk) is True


def test_the_holder_of_a_reissued_certificate_is_told_which_one_it_replaces(
    enrolment, person, mailoutbox, django_capture_on_commit_callbacks
):
    Profile.objects.filter(user=person).update(preferred_language="sv")
    old = issue_certificate(enrolment, issued_by=None)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        new = reissue_certificate(old, by=None, reason="Nimi korjattu", name="Åsa Törnqvist")

    [message] = mailoutbox
    with translation.override("sv"):
        replaces = gettext("It replaces certificate %(old)s, which is no longer valid; use this one from now on.") % {
            "old": old.number
        }
    assert message.to == [person.email]
    assert replaces in message.body
    assert new.number in message.body
