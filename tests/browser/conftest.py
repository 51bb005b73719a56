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


@pytest.fixture
def expected_console_errors():
    """Console errors a test expects, as substrings: a form refused with a 400 logs "status of
    400" for the page itself. Anything else on the console fails the test."""
    return []


def _listen(page, errors: list) -> None:
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))


def _failed(request) -> bool:
    return request.node.rep_call.failed if hasattr(request.node, "rep_call") else False


def _assert_no_console_errors(errors: list, expected: list) -> None:
    unexpected = [error for error in errors if not any(part in error for part in expected)]
    assert not unexpected, f"console errors: {unexpected}"


@pytest.fixture
def page(page, request, expected_console_errors):
    """Playwright's page, failing the test on any console error (a CSP violation is one)."""
    errors = []
    _listen(page, errors)
    yield page
    if _failed(request):
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{request.node.name}.png", full_page=True)
    _assert_no_console_errors(errors, expected_console_errors)


@pytest.fixture
def new_page(browser, request, expected_console_errors):
    """`new_page(viewport=…)`: another person's browser, a context of its own, watched like `page`:
    any console error on any of them fails the test unless expected."""
    contexts, pages, errors = [], [], []

    def open_new(**context_args):
        context = browser.new_context(**context_args)
        contexts.append(context)
        new = context.new_page()
        _listen(new, errors)
        pages.append(new)
        return new

    yield open_new
    if _failed(request):
        SCREENSHOTS.mkdir(exist_ok=True)
        for number, opened in enumerate(pages, start=1):
            if not opened.is_closed():
                opened.screenshot(path=SCREENSHOTS / f"{request.node.name}-{number}.png", full_page=True)
    for context in contexts:
        context.close()
    _assert_no_console_errors(errors, expected_console_errors)


@pytest.fixture
def open_page(new_page, browser_context_args):
    """`open_page(width, height=900)`: `new_page` at a width (another person, or the same one on a
    phone), with the project's context arguments."""

    def open_(width: int, height: int = 900):
        return new_page(**{**browser_context_args, "viewport": {"width": width, "height": height}})

    return open_


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

# Wagtail's admin messages fade in: axe measuring mid-animation reads a half-transparent background
# as too little contrast. Their transition starts only once Wagtail's script marks the page ready
# (a class on <body>, after a delay), so wait for that first; then bring every finite animation or
# transition to its end state at once (the "what's new" badge pings for 25 s), and check the page
# as it then stands.
SETTLED = """async () => {
    const body = document.body;
    const ready = body.dataset.wInitReadyClass;
    const deadline = Date.now() + 5000;
    while (ready && !body.classList.contains(ready) && Date.now() < deadline) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const finite = document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
    for (const animation of finite) animation.finish();
    await Promise.all(finite.map((animation) => animation.finished.catch(() => null)));
}"""


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """axe-core with the WCAG 2.1 A and AA rules: no violations on the page as it is now."""

    def check(page):
        page.evaluate(SETTLED)
        results = axe.run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, results.generate_report()

    return check
