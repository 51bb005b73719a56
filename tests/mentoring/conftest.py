import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

import pytest

from mentoring.models import Agreement, Mentee, MentoringSession
from tests.factories import MunicipalityFactory, ParticipantFactory, UserFactory


def at(days: int, hour: int = 13) -> dt.datetime:
    """Today + `days` at `hour` o'clock, local time."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_session(agreement, days: int, minutes: int | None = None, participants=(), **fields) -> MentoringSession:
    """A session `days` from today at 13.00; delivered when `minutes` is given."""
    session = MentoringSession.objects.create(
        agreement=agreement,
        starts_at=fields.pop("starts_at", at(days)),
        duration_minutes=minutes,
        topic=fields.pop("topic", "Reflektiivinen tiimi"),
        **fields,
    )
    session.participants.set(participants)
    return session


@pytest.fixture
def mentor():
    return ParticipantFactory(first_name="Marja", last_name="Mentori")


@pytest.fixture
def agreement(mentor):
    today = timezone.localdate()
    return Agreement.objects.create(
        mentor=mentor,
        team="Porin perhesosiaalityö, tiimi 2",
        municipality=MunicipalityFactory(),
        starts_on=today - dt.timedelta(days=100),
        ends_on=today + dt.timedelta(days=30),
        goals="Reflektiiviset tiimikeskustelut osaksi arkea.",
        planned_hours=Decimal("20"),
    )


@pytest.fixture
def asa(agreement):
    return Mentee.objects.create(agreement=agreement, user=ParticipantFactory(first_name="Åsa", last_name="Törnqvist"))


@pytest.fixture
def bjorn(agreement):
    return Mentee.objects.create(
        agreement=agreement,
        user=ParticipantFactory(first_name="Björn", last_name="Berg", profile={"preferred_language": "sv"}),
    )


@pytest.fixture
def other_agreement():
    """Someone else's agreement, with a mentee of its own."""
    today = timezone.localdate()
    agreement = Agreement.objects.create(
        mentor=ParticipantFactory(first_name="Olli", last_name="Muu"),
        team="Rauman lastensuojelu",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=60),
        goals="Muut tavoitteet.",
        planned_hours=Decimal("8"),
    )
    Mentee.objects.create(agreement=agreement, user=ParticipantFactory(first_name="Eeva", last_name="Muu"))
    return agreement


def make_coordinator(*, certificates: bool = True):
    """In the Coordinators group with the permissions the demo gives it for mentoring."""
    group, _ = Group.objects.get_or_create(name="Coordinators")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_agreement", "change_agreement", "view_agreement", "add_mentee", "change_mentee"):
        group.permissions.add(Permission.objects.get(codename=codename, content_type__app_label="mentoring"))
    if certificates:
        group.permissions.add(
            Permission.objects.get(codename="add_certificate", content_type__app_label="certificates")
        )
    user = UserFactory(first_name="Kaisa", last_name="Koordinaattori")
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator():
    return make_coordinator()


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
