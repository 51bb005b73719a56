import os
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

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
from enrolment.models import Enrolment

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
    assert [p.session_count for p in BasicCoursePage.objects.all()] == [6]
    assert [p.session_count for p in WorkshopSeriesPage.objects.all()] == [5]
    advanced = AdvancedCoursePage.objects.get()
    assert advanced.prerequisite == BasicCoursePage.objects.get()
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
    from django.utils import timezone

    call_command("load_demo", stdout=None)

    today = Session.objects.filter(date=timezone.localdate()).select_related("offering").get()
    assert today.offering.trainers.filter(username="kouluttaja1@example.fi").exists()
    assert today.offering.enrolments.filter(status=Enrolment.Status.CONFIRMED).count() == 8
    assert Enrolment.objects.filter(completed=True).count() == 2


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
