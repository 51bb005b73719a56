"""`make loadtest`: browsing, enrolling and attendance marking at once for 60 s, against gunicorn
and a django-q2 worker on PostgreSQL with Redis, as production runs; locust drives the load
(bench/locustfile.py) from another process. Writes `load.rps`, `load.p95_ms` and `load.errors`
into bench/results.json (keeping the other figures) and fails if any request failed.

The database is `lms_loadtest` on the local PostgreSQL unless LOADTEST_DATABASE_URL names another;
it is dropped and made again on each run.
"""

import csv
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lms_loadtest")
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
USERS = int(os.environ.get("LOADTEST_USERS", "20"))
PARTICIPANTS = 40
ROSTER = 40

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["REDIS_URL"] = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/8")
# The bench's production settings and gunicorn helpers; DATABASE_URL above is kept.
sys.path.insert(0, str(ROOT / "bench"))
import run as bench  # noqa: E402


def recreate_database():
    url = psycopg.conninfo.conninfo_to_dict(DATABASE_URL.replace("postgres://", "postgresql://", 1))
    name = url.pop("dbname")
    with psycopg.connect(**url, dbname="postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')


def seed() -> dict:
    """The demo programme, an open course with room for everyone, a session today with a full
    roster for the demo trainers, and participants with complete profiles."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from allauth.account.models import EmailAddress

    from accounts.models import PRIVACY_NOTICE_VERSION, Profile
    from courses.demo import DEMO_PASSWORD
    from courses.models import IntroductionSessionPage, Municipality, Offering, Organisation, Region, Sector, Session
    from enrolment.models import Enrolment

    catalogue, _demo_people = bench.build_site()
    today = timezone.localdate()
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    people = User.objects.bulk_create(
        User(
            username=f"kuorma{n}@example.fi",
            email=f"kuorma{n}@example.fi",
            first_name="Kuorma",
            last_name=f"Testaaja {n}",
            password=password,
        )
        for n in range(PARTICIPANTS + ROSTER)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in people
    )
    municipality, sector = Municipality.objects.get(name_fi="Pori"), Sector.objects.first()
    Profile.objects.bulk_create(
        Profile(
            user=user,
            organisation="Porin kaupunki",
            municipality=municipality,
            sector=sector,
            job_title="Sosiaalityöntekijä",
            preferred_language="fi",
            privacy_consent_at=timezone.now(),
            privacy_notice_version=PRIVACY_NOTICE_VERSION,
        )
        for user in people
    )
    trainers = list(User.objects.filter(groups__name="Trainers").order_by("username"))

    def course(slug, title, days, capacity):
        page = IntroductionSessionPage(
            title=title,
            slug=slug,
            lead_fi="Puolen päivän johdatus systeemiseen työhön.",
            region=Region.objects.get(slug="satakunta"),
            municipality=municipality,
            organiser=Organisation.objects.get(short_name="Vasso"),
            capacity=capacity,
        )
        page.sessions = [
            Session(date=today + dt.timedelta(days=days), starts_at=dt.time(9), ends_at=dt.time(12), place="Pori")
        ]
        page.trainers = trainers
        catalogue.add_child(instance=page)
        page.save_revision().publish()
        return page

    open_course = course("kuormitus-avoin", "Johdatus systeemisyyteen (kuormitustesti)", 20, capacity=PARTICIPANTS * 2)
    today_course = course("kuormitus-tanaan", "Johdatus systeemisyyteen tänään (kuormitustesti)", 0, capacity=ROSTER)
    Enrolment.objects.bulk_create(
        Enrolment(offering=today_course, user=user, status="confirmed") for user in people[PARTICIPANTS:]
    )
    return {
        "password": DEMO_PASSWORD,
        "participants": [user.email for user in people[:PARTICIPANTS]],
        "trainers": [user.email for user in trainers],
        "offerings": list(Offering.objects.live().child_of(catalogue).values_list("slug", flat=True)),
        "open_offering": {"id": open_course.pk, "slug": open_course.slug},
        "session": Session.objects.get(offering_id=today_course.pk).pk,
    }


def self_signed_certificate(folder: Path) -> list[str]:
    """gunicorn's TLS options with a certificate made for this run: production's cookies are
    Secure, so the load runs over HTTPS as the site's visitors' does."""
    key, certificate = folder / "key.pem", folder / "certificate.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return ["--keyfile", str(key), "--certfile", str(certificate)]


def warm_up(base: str) -> str:
    """Wait until every worker answers (they load Django after the port opens); the https address."""
    import ssl
    import urllib.request

    url = base.replace("http://", "https://", 1)
    context = ssl._create_unverified_context()  # noqa: S323 - our own certificate of this run
    deadline = time.monotonic() + 120
    answered = 0
    while answered < 16:
        try:
            with urllib.request.urlopen(f"{url}/fi/", context=context, timeout=30) as response:
                answered += response.status == 200
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    return url


def stop(process: subprocess.Popen):
    """SIGTERM, and SIGKILL if it has not stopped in 30 s (a worker finishing a task, a client's
    open connection): the figures are already taken."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def start_worker() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=os.environ.copy(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run_locust(base: str, plan: dict, folder: Path) -> dict:
    subprocess.run(
        [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--host",
            base,
            "--users",
            str(USERS),
            "--spawn-rate",
            str(USERS),
            "--run-time",
            f"{SECONDS}s",
            "--csv",
            str(folder / "load"),
            "--only-summary",
            "--exit-code-on-error",
            "0",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, "LOADTEST_PLAN": json.dumps(plan)},
        check=True,
        timeout=SECONDS + 120,
    )
    with (folder / "load_stats.csv").open() as file:
        rows = {row["Name"]: row for row in csv.DictReader(file)}
    total = rows["Aggregated"]
    failures = []
    if (folder / "load_failures.csv").exists():
        with (folder / "load_failures.csv").open() as file:
            failures = [
                f"{row['Method']} {row['Name']}: {row['Error']} ×{row['Occurrences']}" for row in csv.DictReader(file)
            ]
    return {
        "rps": round(float(total["Requests/s"]), 1),
        "p95_ms": round(float(total["95%"])),
        "errors": int(total["Failure Count"]),
        "requests": int(total["Request Count"]),
        "p95_ms_by_request": {name: round(float(row["95%"])) for name, row in rows.items() if name != "Aggregated"},
        "failures": failures,
    }


def main():
    recreate_database()
    bench.setup_database()
    plan = seed()
    worker = start_worker()
    with tempfile.TemporaryDirectory() as folder:
        tls = self_signed_certificate(Path(folder))
        gunicorn, base = bench.start_gunicorn("--workers", "4", "--threads", "2", *tls)
        try:
            load = run_locust(warm_up(base), plan, Path(folder))
        finally:
            for process in (gunicorn, worker):
                stop(process)
    failures = load.pop("failures")
    load["meta"] = {
        "database": "postgresql",
        "users": USERS,
        "seconds": SECONDS,
        "gunicorn": "4 workers x 2 threads",
        "mix": "visitors 6 : participants 3 : trainers 1 (bench/locustfile.py)",
    }
    results = json.loads(bench.RESULTS.read_text()) if bench.RESULTS.exists() else {}
    results["load"] = load
    bench.RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    bench.print_table({"load": {key: value for key, value in load.items() if key != "meta"}})
    if load["errors"]:
        sys.exit("load.errors is not 0:\n" + "\n".join(failures))


if __name__ == "__main__":
    main()
