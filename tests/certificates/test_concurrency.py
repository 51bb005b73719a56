"""Many workers at once, on PostgreSQL with real row locks.

Each thread has its own database connection, as each django-q2 worker would. Rendering is
replaced by a fixed PDF and slowed, so the workers overlap for certain; only the locks differ
between a run and its control, which proves the test can fail.
"""

import threading
import time

import pytest

from certificates import services
from certificates.models import BatchItem, Certificate, CertificateCounter
from certificates.tasks import run_batch
from tests.concurrency import run_at_once
from tests.factories import EnrolmentFactory, ParticipantFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]

WORKERS = 6


@pytest.fixture(autouse=True)
def renderers(monkeypatch) -> set:
    """The threads that rendered a certificate."""
    seen = set()

    def render(certificate):
        seen.add(threading.get_ident())
        time.sleep(0.05)
        return b"%PDF-1.7\n% test\n"

    monkeypatch.setattr(services, "render_certificate", render)
    return seen


def issuing_for_everyone(course):
    enrolments = [EnrolmentFactory(offering=course, user=ParticipantFactory(), completed=True) for _ in range(WORKERS)]
    return [
        lambda enrolment=enrolment: services.issue_certificate(enrolment, issued_by=None) for enrolment in enrolments
    ]


def test_workers_issuing_at_once_get_consecutive_numbers(course):
    results, errors = run_at_once(issuing_for_everyone(course))

    assert errors == []
    numbers = sorted(certificate.number for certificate in results)
    assert [int(number[-6:]) for number in numbers] == list(range(1, WORKERS + 1))
    assert CertificateCounter.objects.get().last == WORKERS


def test_control_without_the_counter_lock_numbers_collide(course, monkeypatch):
    def unlocked(year):
        CertificateCounter.objects.get_or_create(year=year)
        counter = CertificateCounter.objects.get(year=year)
        time.sleep(0.05)
        return counter

    monkeypatch.setattr(services, "_locked_counter", unlocked)

    results, errors = run_at_once(issuing_for_everyone(course))

    assert errors, "without the lock two workers should have taken the same number"
    assert len(results) < WORKERS


def test_workers_issuing_for_the_same_person_at_once_make_one_certificate(enrolment):
    results, errors = run_at_once(
        [lambda: services.issue_certificate(enrolment, issued_by=None) for _ in range(WORKERS)]
    )

    assert errors == []
    assert {certificate.pk for certificate in results} == {Certificate.objects.get().pk}


def test_two_runs_of_one_batch_share_the_work_and_issue_each_certificate_once(course, renderers, monkeypatch):
    enrolments = [EnrolmentFactory(offering=course, user=ParticipantFactory(), completed=True) for _ in range(8)]
    # Queued tasks run at once in tests; here the two runs below are the workers.
    monkeypatch.setattr(services, "_queue_batch", lambda batch: None)
    batch = services.start_batch(course, enrolments=enrolments, by=None)

    _results, errors = run_at_once([lambda: run_batch(batch.pk), lambda: run_batch(batch.pk)])

    assert errors == []
    assert len(renderers) == 2
    assert Certificate.objects.count() == 8
    assert set(BatchItem.objects.filter(batch=batch).values_list("state", "attempts")) == {("done", 1)}
    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.status) == (8, 0, "finished")
