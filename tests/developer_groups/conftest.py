import datetime as dt

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

import pytest

from developer_groups.models import DeveloperGroup, Meeting, Membership
from developer_groups.services import create_group
from tests.factories import MunicipalityFactory, ParticipantFactory, UserFactory

HOUR = dt.timedelta(hours=1)


def make_group(**fields) -> DeveloperGroup:
    today = timezone.localdate()
    return create_group(
        **{
            "name_fi": "MindMe-kehittäjäryhmä Pori",
            "name_sv": "MindMe-utvecklingsgruppen Björneborg",
            "name_en": "MindMe developer group Pori",
            "municipality": MunicipalityFactory(),
            "unit": "Porin perusopetus",
            "starts_on": today - dt.timedelta(days=60),
            "ends_on": today + dt.timedelta(days=200),
            "theme_fi": "Sisukas-mallin pilotointi",
            "theme_sv": "Pilotering av Sisukas-modellen",
            "description_fi": "Koulun ja lastensuojelun yhteinen ryhmä.",
            **fields,
        }
    )


def make_meeting(group, days_from_now: int, **fields) -> Meeting:
    starts_at = timezone.localtime().replace(hour=13, minute=0, second=0, microsecond=0) + dt.timedelta(
        days=days_from_now
    )
    return Meeting.objects.create(
        group=group, starts_at=starts_at, ends_at=starts_at + 2 * HOUR, **{"place": "Porin kaupungintalo", **fields}
    )


def make_member(group, user=None, *, role=Membership.Role.MEMBER, **fields) -> Membership:
    return Membership.objects.create(
        group=group, user=user or ParticipantFactory(), role=role, **{"joined_on": group.starts_on, **fields}
    )


@pytest.fixture
def group(db):
    return make_group()


@pytest.fixture
def facilitator(group):
    return make_member(
        group, ParticipantFactory(first_name="Helena", last_name="Virtanen"), role=Membership.Role.FACILITATOR
    )


@pytest.fixture
def member(group):
    return make_member(group, ParticipantFactory(first_name="Mikko", last_name="Laine"))


@pytest.fixture
def coordinator(db):
    """Runs developer groups, as the demo's Coordinators group does."""
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(Permission.objects.get(codename="access_admin"))
    coordinators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="developer_groups",
            codename__in=[
                "add_developergroup",
                "change_developergroup",
                "delete_developergroup",
                "view_developergroup",
            ],
        )
    )
    user = UserFactory(first_name="Kaisa", last_name="Koordinaattori", verified=True)
    user.groups.add(coordinators)
    return user
