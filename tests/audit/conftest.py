import pytest

from accounts.roles import set_up_roles
from tests.factories import UserFactory


@pytest.fixture
def coordinator(db):
    """In the Coordinators group with what set_up_roles gives it, the audit log's view included."""
    coordinators, _trainers = set_up_roles()
    user = UserFactory(first_name="Kaisa", last_name="Koordinaattori")
    user.groups.add(coordinators)
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
