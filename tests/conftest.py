import os

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection

from wagtail.models import Collection, Locale, Page, Site

import pytest
from hypothesis import HealthCheck, settings

from developer_groups.models import Membership
from lms.portal import site_record_name
from tests.factories import (
    CataloguePageFactory,
    CoordinatorFactory,
    DeveloperGroupFactory,
    HomePageFactory,
    MembershipFactory,
    ParticipantFactory,
    TrainerFactory,
    UserFactory,
)

IN_CI = os.environ.get("CI") == "true"

# Property tests (tests/properties/): each example runs in a savepoint of the test's transaction,
# so pytest-django's function-scoped fixtures are meant to be shared by the examples; a request
# takes longer than Hypothesis's default deadline on a busy machine. In CI the examples are the
# same on every run ("ci"), so a failure there is a failure here; elsewhere each run explores
# anew and keeps what failed in .hypothesis/ ("dev"). HYPOTHESIS_PROFILE picks another.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "dev", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "dev"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI nothing may be skipped: a skipped browser or PostgreSQL test would hide a gap."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, which requires every test to run: {report.longrepr}"


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgresql") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks, or its proxy), as CI runs it")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches: the shared one (Redis in CI), so cached cards do not
    leak between tests, and the certificate sheets this process keeps."""
    from certificates.pdf import forget_sheets

    cache.clear()
    forget_sheets()
    yield
    cache.clear()


@pytest.fixture
def root_page(db):
    # Transactional tests (the browser's live server) flush Wagtail's migrated roots (of pages and
    # of collections, which set_up_roles gives permissions on); make them again.
    Locale.objects.get_or_create(language_code="fi")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


@pytest.fixture
def home_page(root_page):
    home = HomePageFactory(parent=root_page, lead_fi="Koulutuksia ammattilaisille.", lead_sv="Utbildningar.")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": site_record_name()},
    )
    return home


@pytest.fixture
def catalogue(home_page):
    return CataloguePageFactory(parent=home_page)


# The people of the programme, one fixture per role. A test directory narrows one where it needs
# to (tests/attendance: the trainer trains its course), keeping the name.


@pytest.fixture
def coordinator(home_page):
    """Kaisa, with everything the Coordinators group has (accounts.roles.set_up_roles)."""
    return CoordinatorFactory(
        username="koordinaattori@example.fi", first_name="Kaisa", last_name="Koordinaattori", verified=True
    )


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def trainer(db):
    """In the Trainers group, training nothing yet."""
    return TrainerFactory(first_name="Tuula", last_name="Kouluttaja")


@pytest.fixture
def editor(db):
    """In the Wagtail admin, with none of the coordinators' permissions."""
    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory()
    user.groups.add(editors)
    return user


@pytest.fixture
def mentor(db):
    """A mentor once an agreement names her."""
    return ParticipantFactory(first_name="Marja", last_name="Mentori")


@pytest.fixture
def group(db):
    return DeveloperGroupFactory()


@pytest.fixture
def facilitator(group):
    """The group's facilitator (a membership)."""
    return MembershipFactory(
        group=group, user__first_name="Helena", user__last_name="Virtanen", role=Membership.Role.FACILITATOR
    )


@pytest.fixture
def member(group):
    """A member of the group (a membership)."""
    return MembershipFactory(group=group, user__first_name="Mikko", user__last_name="Laine")
