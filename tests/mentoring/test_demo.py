from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

import pytest

from courses.demo import DEMO_PASSWORD
from mentoring.models import Agreement, Mentee, MentoringSession
from mentoring.permissions import can_manage_mentoring

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_mentor_a_pori_team_and_sessions_and_loads_again_without_doubles():
    call_command("load_demo", stdout=None)
    call_command("load_demo", stdout=None)

    agreement = Agreement.objects.select_related("mentor", "municipality").get()
    assert agreement.mentor.check_password(DEMO_PASSWORD)
    assert agreement.municipality.name_fi == "Pori"
    assert Mentee.objects.filter(agreement=agreement).count() == 3
    sessions = MentoringSession.objects.filter(agreement=agreement)
    now = timezone.now()
    assert sessions.filter(duration_minutes__isnull=False).count() == 3
    assert sessions.filter(duration_minutes__isnull=True, starts_at__lte=now).count() == 1  # waiting for its log
    assert sessions.filter(duration_minutes__isnull=True, starts_at__gt=now).count() == 2
    coordinator = get_user_model().objects.get(username="koordinaattori@example.fi")
    assert can_manage_mentoring(coordinator)
    assert Mentee.objects.filter(user__username="osallistuja1@example.fi").exists()
