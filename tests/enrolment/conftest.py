from django.contrib.auth.models import Group, Permission

import pytest

from tests.factories import UserFactory


@pytest.fixture
def coordinator():
    group, _ = Group.objects.get_or_create(name="Coordinators")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("change_enrolment", "view_enrolment"):
        group.permissions.add(Permission.objects.get(codename=codename, content_type__app_label="enrolment"))
    user = UserFactory(first_name="Kaisa", last_name="Koordinaattori")
    user.groups.add(group)
    return user


@pytest.fixture
def editor():
    """In the admin, but not allowed to see enrolments."""
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory()
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
