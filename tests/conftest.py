import os

from django.core.cache import cache

from wagtail.models import Collection, Locale, Page, Site

import pytest
from hypothesis import HealthCheck, settings

from lms.portal import site_record_name
from tests.factories import CataloguePageFactory, HomePageFactory

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
