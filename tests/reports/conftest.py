from django.contrib.auth.models import Group, Permission

import pytest

from tests.factories import UserFactory

from .programme import make_places, make_programme


@pytest.fixture
def places():
    return make_places()


@pytest.fixture
def programme(catalogue, places):
    return make_programme(catalogue, places)


@pytest.fixture
def coordinator():
    group, _ = Group.objects.get_or_create(name="Coordinators")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    group.permissions.add(Permission.objects.get(codename="view_reports", content_type__app_label="reports"))
    user = UserFactory(first_name="Kaisa", last_name="Koordinaattori")
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
