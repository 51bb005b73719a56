"""The real django-q2 cluster: `manage.py qcluster` in processes of its own, with the ORM broker
(the embedded default) and with Redis, issuing a batch end to end with its emails, and finishing a
batch whose cluster was killed with SIGKILL halfway through.

The cluster runs on the test settings and opens the test database (a file on SQLite; see
lms/settings/test.py), so these tests commit (`transaction=True`). Its queue settings reach it in
Q_CLUSTER_OVERRIDES, and its emails are written to files. This process queues to the same broker.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

import pytest
import redis
from django_q.conf import Conf

from certificates.models import BatchItem, Certificate, IssueBatch
from certificates.services import retry_batch, start_batch
from tests.factories import EnrolmentFactory, ParticipantFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.cluster]

# Redis is always there where the suite runs (CI's SQLite run unsets REDIS_URL, not Redis).
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"
WAIT_SECONDS = 60


def database_url() -> str:
    """The test database, as the cluster's settings read it from DATABASE_URL."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


class Cluster:
    """`manage.py qcluster` in a process group of its own, on one broker and one queue."""

    def __init__(self, broker: str, folder: Path, **queue):
        self.broker = broker
        self.name = f"lms-test-{uuid.uuid4().hex[:12]}"
        self.mail = folder / "mail"
        self.log = folder / "qcluster.log"
        self.queue = {"cluster_name": self.name, "workers": 2, "poll": 0.1, **queue}
        self.process = None

    def environment(self, *, batch_seconds: int) -> dict:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "DATABASE_URL": database_url(),
            "Q_CLUSTER_OVERRIDES": json.dumps({**self.queue, "sync": False}),
            "CERTIFICATE_BATCH_SECONDS": str(batch_seconds),
            "EMAIL_FILE_PATH": str(self.mail),
        }
        # Set for the browser tests' process only (tests/browser/conftest.py).
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        # lms/settings/base.py picks the broker: Redis when REDIS_URL is set, else the ORM.
        env.pop("REDIS_URL", None)
        if self.broker == "redis":
            env["REDIS_URL"] = REDIS_URL
        return env

    def start(self, *, batch_seconds: int = 60):
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "qcluster"],
                cwd=settings.BASE_DIR,
                env=self.environment(batch_seconds=batch_seconds),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self):
        """SIGKILL for the whole group: sentinel, pusher, monitor and workers, mid-task."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        # Its work is checked by then; a graceful stop would only add seconds.
        if self.process is not None and self.process.poll() is None:
            self.kill()

    def emails(self) -> list[str]:
        """The addressees of the emails the cluster has written, one per message."""
        files = self.mail.glob("*.log") if self.mail.is_dir() else []
        return [to for file in files for to in re.findall(r"^To: (.+)$", file.read_text(), re.MULTILINE)]

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else "(no log)"


@pytest.fixture
def cluster(transactional_db, tmp_path, monkeypatch):
    """Start with `cluster(broker).start()`; this process then queues to that broker and queue.
    Stopped before the database is flushed."""
    started = []

    def make(broker: str, **queue) -> Cluster:
        made = Cluster(broker, tmp_path, **queue)
        monkeypatch.setattr(Conf, "SYNC", False)
        monkeypatch.setattr(Conf, "CLUSTER_NAME", made.name)
        monkeypatch.setattr(Conf, "ORM", "default" if broker == "orm" else None)
        monkeypatch.setattr(Conf, "REDIS", REDIS_URL if broker == "redis" else {})
        monkeypatch.setattr(Conf, "DJANGO_REDIS", None)
        started.append(made)
        return made

    yield make
    for made in started:
        made.stop()
        if made.broker == "redis":
            redis.from_url(REDIS_URL).delete(f"django_q:{made.name}:q")


def completed(course, count: int) -> list:
    return [
        EnrolmentFactory(
            offering=course,
            user=ParticipantFactory(first_name=f"Osallistuja{n}", last_name="Testinen"),
            completed=True,
        )
        for n in range(count)
    ]


def wait_for(condition, what: str, cluster: Cluster, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} not within {seconds} s. The cluster's log ends:\n{cluster.tail()}")


def finished(batch) -> bool:
    return IssueBatch.objects.get(pk=batch.pk).status == IssueBatch.Status.FINISHED


@pytest.mark.parametrize("broker", ["orm", "redis"])
def test_the_cluster_issues_a_batch_and_emails_everyone(cluster, course, broker):
    enrolments = completed(course, 3)
    workers = cluster(broker)
    workers.start()

    batch = start_batch(course, enrolments=enrolments, by=None)

    wait_for(lambda: finished(batch), "the batch", workers)
    wait_for(lambda: len(workers.emails()) >= 3, "three emails", workers)
    batch.refresh_from_db()
    assert (batch.done, batch.failed, batch.total) == (3, 0, 3)
    certificates = Certificate.objects.filter(status=Certificate.Status.VALID)
    assert sorted(certificates.values_list("enrolment_id", flat=True)) == sorted(e.pk for e in enrolments)
    assert all(certificate.pdf and certificate.email_sent_at for certificate in certificates)
    assert sorted(workers.emails()) == sorted(e.user.email for e in enrolments)


@pytest.mark.parametrize("broker", ["orm", "redis"])
def test_a_batch_whose_cluster_was_killed_finishes_after_a_restart_with_one_certificate_each(cluster, course, broker):
    enrolments = completed(course, 20)
    # The ORM broker hands an unacknowledged task out again after `retry` seconds; Redis drops it,
    # and the coordinator resumes the batch (retry_batch), as its admin page offers.
    workers = cluster(broker, timeout=5, retry=6)
    # Runs of two seconds: the batch is handed from run to run, and the kill may fall between.
    workers.start(batch_seconds=2)
    batch = start_batch(course, enrolments=enrolments, by=None)
    done = BatchItem.objects.filter(batch=batch, state=BatchItem.State.DONE)
    wait_for(lambda: done.count() >= 3, "three certificates", workers)

    workers.kill()

    done_at_kill = done.count()
    assert 3 <= done_at_kill < 20, "the batch finished before the kill: nothing was cut short"
    # Nothing half done: every certificate made is one of the items marked done, and no more.
    assert Certificate.objects.count() == done_at_kill
    workers.start(batch_seconds=2)
    if broker == "redis":
        retry_batch(batch, by=None)
    wait_for(lambda: finished(batch), "the batch after the restart", workers)
    wait_for(lambda: {*workers.emails()} == {e.user.email for e in enrolments}, "everyone's email", workers)

    # Everyone's. Emails are at least once (docs/decisions.md, "Emails"): a worker killed between the
    # mail server taking a message and the commit recording it sends it again when the task is
    # handed out again, so at most one extra copy per worker the kill cut short, none otherwise.
    sent = workers.emails()
    assert {*sent} == {e.user.email for e in enrolments}
    assert len(sent) - len({*sent}) <= workers.queue["workers"]
    batch.refresh_from_db()
    assert (batch.done, batch.failed) == (20, 0)
    valid = Certificate.objects.filter(status=Certificate.Status.VALID)
    assert sorted(valid.values_list("enrolment_id", flat=True)) == sorted(e.pk for e in enrolments)
    assert Certificate.objects.count() == 20
    # A number taken by the killed transaction went back with it: 1…20, no gaps.
    numbers = sorted(number[-6:] for number in valid.values_list("number", flat=True))
    assert numbers == [f"{n:06d}" for n in range(1, 21)]
