import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"

# Playwright's sync API keeps an event loop running in the test thread for the whole session; the
# ORM calls of the tests and of pytest-django's database fixtures beside it are still synchronous
# and safe. Set for the test process only (tests/lms/test_settings.py strips it from subprocesses).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium libatomic1)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def _watch(page, errors: list):
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))


def _failed(request) -> bool:
    return request.node.rep_call.failed if hasattr(request.node, "rep_call") else False


@pytest.fixture
def expected_console_errors():
    """Console errors a test expects, as substrings: a form refused with a 400 logs "status of
    400" for the page itself. Anything else on the console fails the test."""
    return []


@pytest.fixture
def page(page, request, expected_console_errors):
    """Playwright's page, failing the test on any console error (a CSP violation is one)."""
    errors = []
    _watch(page, errors)
    yield page
    if _failed(request):
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{request.node.name}.png", full_page=True)
    unexpected = [error for error in errors if not any(part in error for part in expected_console_errors)]
    assert not unexpected, f"console errors: {unexpected}"


@pytest.fixture
def new_page(browser, request):
    """`new_page(viewport=…)`: another person's browser, a context of its own, watched like `page`:
    any console error on any of them fails the test."""
    contexts, pages, errors = [], [], []

    def open_page(**context_args):
        context = browser.new_context(**context_args)
        contexts.append(context)
        page = context.new_page()
        _watch(page, errors)
        pages.append(page)
        return page

    yield open_page
    if _failed(request):
        SCREENSHOTS.mkdir(exist_ok=True)
        for number, page in enumerate(pages, start=1):
            if not page.is_closed():
                page.screenshot(path=SCREENSHOTS / f"{request.node.name}-{number}.png", full_page=True)
    for context in contexts:
        context.close()
    assert not errors, f"console errors: {errors}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """axe-core with the WCAG 2.1 A and AA rules: no violations on the page as it is now."""

    def check(page):
        # Wagtail's admin messages fade in: axe measuring mid-animation reads a half-transparent
        # background as too little contrast. Check the page as it settles.
        page.evaluate("Promise.all(document.getAnimations().map((animation) => animation.finished))")
        results = axe.run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, results.generate_report()

    return check
