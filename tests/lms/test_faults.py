"""Faults the site must live through: the database going away for a moment, and Redis down.
The worker killed mid-task is in tests/certificates/test_cluster.py."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid

from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client

import pytest
import redis
import requests
from django_q.conf import Conf
from django_q.models import OrmQ
from django_q.signing import SignedPackage

from background.services import fallback_broker
from background.tasks import drain_fallback_queue
from certificates.services import issue_certificate
from enrolment.models import Enrolment, EnrolmentEvent
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory

from .tcp_proxy import TcpProxy

pytestmark = pytest.mark.django_db(transaction=True)

FRIENDLY = "Palvelu on hetken poissa käytöstä"
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"
NOBODY_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def course(catalogue):
    return IntroductionSessionPageFactory(parent=catalogue, capacity=5, sessions=[14])


def test_an_unreachable_database_gives_a_friendly_503_and_saves_nothing(course, monkeypatch):
    person = ParticipantFactory()
    client = Client(raise_request_exception=False)
    client.force_login(person)

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    connection.close()
    with monkeypatch.context() as patch:
        patch.setattr(connection, "get_new_connection", refuse)
        page = client.get(f"/fi/koulutukset/{course.slug}/")
        enrol = client.post(f"/fi/enrol/{course.pk}/")

    for response in (page, enrol):
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert FRIENDLY in response.content.decode()
    assert not Enrolment.objects.exists()
    assert client.get(f"/fi/koulutukset/{course.slug}/").status_code == 200  # and back again


@pytest.fixture
def redis_down(settings, monkeypatch):
    """The cache and the broker point at a port where nobody listens; the queue has a name of its own."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": NOBODY_LISTENS,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
        }
    }
    for name, value in {
        "SYNC": False,
        "ORM": None,
        "DJANGO_REDIS": None,
        "REDIS": NOBODY_LISTENS,
        "CLUSTER_NAME": f"fault-{uuid.uuid4().hex[:8]}",
    }.items():
        monkeypatch.setattr(Conf, name, value)
    yield
    redis.from_url(REDIS_URL).delete(f"django_q:{Conf.CLUSTER_NAME}:q")


def test_with_redis_down_the_site_serves_and_tasks_wait_in_the_database_until_it_is_back(course, redis_down):
    person = ParticipantFactory()
    client = Client(raise_request_exception=False)
    client.force_login(person)

    assert client.get("/fi/koulutukset/").status_code == 200
    enrolled = client.post(f"/fi/enrol/{course.pk}/")

    assert enrolled.status_code == 302
    assert Enrolment.objects.get(user=person).status == Enrolment.Status.CONFIRMED
    kept = OrmQ.objects.filter(key=fallback_broker().list_key)
    assert kept.count() == 1
    assert SignedPackage.loads(kept.get().payload)["func"] == "enrolment.tasks.send_enrolment_email"
    with pytest.raises(redis.exceptions.ConnectionError):  # still down: nothing moves
        drain_fallback_queue()
    assert kept.count() == 1

    Conf.REDIS = REDIS_URL  # Redis is back
    assert drain_fallback_queue() == 1

    assert not kept.exists()
    queued = redis.from_url(REDIS_URL).lrange(f"django_q:{Conf.CLUSTER_NAME}:q", 0, -1)
    assert [SignedPackage.loads(package)["args"] for package in queued] == [
        (Enrolment.objects.get(user=person).pk, "confirmed", "1")
    ]


def test_with_redis_down_a_certificate_still_verifies(catalogue, redis_down):
    """The look-up limit counts in Redis; while it is away the limit cannot count, and the page
    answers rather than failing an employer (django-redis hands back None for the count)."""
    offering = IntroductionSessionPageFactory(parent=catalogue)
    enrolment = EnrolmentFactory(offering=offering, user=ParticipantFactory(), completed=True)
    certificate = issue_certificate(enrolment, issued_by=None)
    client = Client(raise_request_exception=False)

    answers = [client.get(f"/fi/verify/{certificate.display_code}/") for _ in range(3)]
    typed = client.get("/fi/verify/", {"code": certificate.display_code})

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert "Tämä todistus on voimassa." in answers[0].content.decode()
    assert typed.status_code == 302


# The real thing on PostgreSQL: gunicorn reaches the database through a proxy that is cut twice
# while twelve people enrol at once for five places.


def start_gunicorn(database_url: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "DATABASE_URL": database_url}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    environment.pop("REDIS_URL", None)  # queued emails run in the request (test settings)
    process = subprocess.Popen(  # noqa: S603
        [
            str((sys.executable.rsplit("/", 1)[0]) + "/gunicorn"),
            "lms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "error",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(f"{base}/fi/", timeout=5).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.1)
    return process, base


def log_in(base: str, person) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{base}/fi/accounts/login/", timeout=20)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = session.post(
        f"{base}/fi/accounts/login/",
        {"csrfmiddlewaretoken": token, "login": person.email, "password": "salasana-123"},
        timeout=20,
    )
    assert answer.url.endswith("/my/trainings/"), answer.status_code
    return session


def enrol_until_done(base: str, session: requests.Session, offering, started: threading.Barrier, outcomes: list):
    """What a logged-in person does: open the course and enrol; on the friendly 503, wait and try
    again, until the course page shows them enrolled."""
    started.wait()
    for _attempt in range(60):
        try:
            page = session.get(f"{base}/fi/koulutukset/{offering.slug}/", timeout=20)
            outcomes.append(page.status_code)
            if page.status_code == 200 and f'action="/fi/enrol/{offering.pk}/"' not in page.text:
                return  # enrolled: the page offers no button any more
            if page.status_code == 200:
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
                answer = session.post(f"{base}/fi/enrol/{offering.pk}/", {"csrfmiddlewaretoken": token}, timeout=20)
                outcomes.append(answer.status_code if answer.status_code != 200 else answer.url)
        except requests.RequestException as error:
            outcomes.append(type(error).__name__)
        time.sleep(0.25)
    outcomes.append("gave up")


@pytest.mark.postgresql
def test_a_database_cut_twice_under_enrolments_loses_nothing_and_half_writes_nothing(course):
    people = [ParticipantFactory() for _ in range(12)]
    db = connection.settings_dict
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    gunicorn, base = start_gunicorn(f"postgres://{credentials}@127.0.0.1:{proxy.port}/{db['NAME']}")
    outcomes: list = []
    started = threading.Barrier(len(people) + 1)
    try:
        sessions = [log_in(base, person) for person in people]
        threads = [
            threading.Thread(target=enrol_until_done, args=(base, session, course, started, outcomes))
            for session in sessions
        ]
        for thread in threads:
            thread.start()
        started.wait()
        for _cut in range(2):
            time.sleep(0.4)
            proxy.cut()
            time.sleep(1.0)
            proxy.restore()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
        proxy.cut()

    assert "gave up" not in outcomes, repr(outcomes)
    assert 500 not in outcomes
    assert 503 in outcomes, "the cuts should have met some requests"
    enrolments = Enrolment.objects.filter(offering=course)
    assert enrolments.filter(status=Enrolment.Status.CONFIRMED).count() == 5
    assert enrolments.filter(status=Enrolment.Status.WAITING).count() == 7
    assert sorted(enrolments.values_list("user_id", flat=True)) == sorted(p.pk for p in people)
    # Each enrolment was written whole: with the event that records it.
    assert not enrolments.exclude(pk__in=EnrolmentEvent.objects.values("enrolment_id")).exists()
