import datetime as dt
import os
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from wagtail.models import Site

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from audit.models import Entry
from courses.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from courses.models import (
    AdvancedCoursePage,
    BasicCoursePage,
    IntroductionSessionPage,
    Offering,
    Region,
    Session,
    WorkshopSeriesPage,
)
from developer_groups.demo import OTHER_MEETINGS, PORI_MEETINGS, group_period, school_year
from developer_groups.models import Meeting
from enrolment.models import Enrolment
from enrolment.services import meets_prerequisite
from mentoring.models import MentoringSession

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_programme_and_is_idempotent():
    call_command("load_demo", stdout=None)
    counts = (Offering.objects.count(), Session.objects.count(), Enrolment.objects.count(), Entry.objects.count())
    call_command("load_demo", stdout=None)

    assert (
        Offering.objects.count(),
        Session.objects.count(),
        Enrolment.objects.count(),
        Entry.objects.count(),
    ) == counts
    # The audit log has something to show: a trainer's correction of a mark.
    assert Entry.objects.filter(action=Entry.Action.ATTENDANCE_CORRECTED).count() == counts[3] >= 1
    intros = IntroductionSessionPage.objects.live()
    assert intros.count() >= 4
    assert set(intros.values_list("region__slug", flat=True)) == set(Region.objects.values_list("slug", flat=True))
    assert [p.session_count for p in BasicCoursePage.objects.all()] == [6, 6]
    assert [p.session_count for p in WorkshopSeriesPage.objects.all()] == [5]
    assert all(page.title_sv for page in Offering.objects.all())
    assert Site.objects.get(is_default_site=True).root_page.specific.__class__.__name__ == "HomePage"


def test_demo_people_log_in_with_the_published_password():
    call_command("load_demo", stdout=None)
    user_model = get_user_model()

    coordinator = user_model.objects.get(username="koordinaattori@example.fi")
    assert coordinator.check_password(DEMO_PASSWORD)
    assert coordinator.has_perm("wagtailadmin.access_admin")
    # Coordinators must use a second factor: the demo's has an authenticator with the published secret.
    authenticator = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP)
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
    assert TOTP(authenticator).validate_code(code)
    assert user_model.objects.filter(groups__name="Trainers").count() == 3


def test_demo_has_a_session_today_for_a_trainer_and_completed_participants():
    call_command("load_demo", stdout=None)

    today = Session.objects.filter(date=timezone.localdate()).select_related("offering").get()
    assert today.offering.trainers.filter(username="kouluttaja1@example.fi").exists()
    assert today.offering.enrolments.filter(status=Enrolment.Status.CONFIRMED).count() == 8
    assert Enrolment.objects.filter(completed=True).exists()


def test_the_demo_follows_the_rules_it_demonstrates():
    call_command("load_demo", stdout=None)
    today = timezone.localdate()

    # The advanced course starts after the basic course it asks for has ended, and those on it
    # have completed a basic course; nobody who completed one is enrolled in the next cohort.
    for advanced in AdvancedCoursePage.objects.select_related("prerequisite"):
        assert advanced.starts_on > advanced.prerequisite.ends_on
        for enrolment in advanced.enrolments.exclude(status=Enrolment.Status.CANCELLED):
            assert meets_prerequisite(advanced, user=enrolment.user), enrolment.user
    basic = Enrolment.objects.filter(offering__in=BasicCoursePage.objects.all(), status=Enrolment.Status.CONFIRMED)
    assert not basic.values("user").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # Nothing is overbooked, and completion is what the attendance says of a course that is over.
    for offering in Offering.objects.annotate(
        confirmed=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.CONFIRMED))
    ):
        assert offering.confirmed <= offering.capacity, offering
    for enrolment in Enrolment.objects.filter(completed=True).select_related("offering"):
        assert enrolment.offering.ends_on < today
    completed = Enrolment.objects.filter(offering__ends_on__lt=today, status=Enrolment.Status.CONFIRMED)
    assert completed.exists()
    assert not completed.filter(completed=False).exists()
    # Developer groups meet within their period, and mentoring sessions within the agreement's.
    for meeting in Meeting.objects.select_related("group"):
        assert meeting.group.starts_on <= timezone.localdate(meeting.starts_at) <= meeting.group.ends_on
    margin = dt.timedelta(days=14)
    for session in MentoringSession.objects.select_related("agreement"):
        day = timezone.localdate(session.starts_at)
        assert session.agreement.starts_on - margin <= day <= session.agreement.ends_on + margin


@pytest.mark.parametrize("today", [dt.date(2026, 8, 2), dt.date(2026, 12, 8), dt.date(2027, 7, 28)])
def test_the_demo_groups_period_holds_its_meetings_on_any_day_of_the_school_year(today):
    starts_on, ends_on = group_period(today)

    for days, *_ in (*PORI_MEETINGS, *OTHER_MEETINGS):
        assert starts_on <= today + dt.timedelta(days=days) <= ends_on
    assert (starts_on, ends_on) == school_year(today) or today.month in (7, 8)


def test_load_demo_refuses_the_production_settings(tmp_path):
    database = tmp_path / "production.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "koulutus.example.fi",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "EMAIL_URL": "smtp://localhost:25",
        "WAGTAILADMIN_BASE_URL": "https://koulutus.example.fi",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "Refusing to load the demo with lms.settings.production" in result.stderr
    assert not database.exists() or database.stat().st_size == 0


def test_load_demo_loads_on_a_demonstration_server_when_forced(settings):
    settings.SETTINGS_MODULE = "lms.settings.production"
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=None)
    assert not Offering.objects.exists()

    call_command("load_demo", "--force", stdout=None)

    assert Offering.objects.exists()
