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


# The focus indicator of an element, measured from computed styles: its ring (an outline, or else
# the widest solid box-shadow), the colours on either side of the ring (behind it, the ancestors'
# backgrounds composited; inside it, the gap of an outline set off from the control, or else the
# control's own border or background), and whether the whole ring lies inside the window. With
# "record" it notes every control's ring while nothing has the focus, so that a ring that is always
# there does not count as an indicator. Pico eases its focus styles in over 0.2 s: the element's
# transitions are brought to their end before it is measured.
FOCUS_RING = """(mode) => {
    const parse = (value) => {
        const match = /rgba?\\(([^)]*)\\)/.exec(value || "");
        if (!match) return null;
        const [r, g, b, a = 1] = match[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
        return { r, g, b, a };
    };
    const over = (top, bottom) => ({
        r: top.r * top.a + bottom.r * (1 - top.a),
        g: top.g * top.a + bottom.g * (1 - top.a),
        b: top.b * top.a + bottom.b * (1 - top.a),
        a: 1,
    });
    const behind = (node) => {
        const layers = [];
        for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
            const colour = parse(getComputedStyle(n).backgroundColor);
            if (colour && colour.a > 0) {
                layers.push(colour);
                if (colour.a >= 1) break;
            }
        }
        return layers.reverse().reduce((bottom, top) => over(top, bottom), { r: 255, g: 255, b: 255, a: 1 });
    };
    const luminance = ({ r, g, b }) => {
        const [R, G, B] = [r, g, b].map((v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const contrast = (x, y) => {
        const [high, low] = [luminance(x), luminance(y)].sort((p, q) => q - p);
        return Math.round(((high + 0.05) / (low + 0.05)) * 100) / 100;
    };
    const shadows = (value) =>
        (value && value !== "none" ? value.split(/,(?![^(]*\\))/) : [])
            .filter((shadow) => !shadow.includes("inset"))
            .map((shadow) => {
                const [x = 0, y = 0, blur = 0, spread = 0] = (shadow.match(/-?[\\d.]+px/g) || []).map(parseFloat);
                return { colour: parse(shadow), x, y, blur, spread };
            })
            .filter((s) => s.colour && s.colour.a > 0 && s.spread > 0 && !s.blur && !s.x && !s.y)
            .sort((p, q) => q.spread - p.spread);
    const ringOf = (style) => {
        const colour = parse(style.outlineColor);
        if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && colour && colour.a > 0) {
            return { kind: "outline", colour, width: parseFloat(style.outlineWidth), offset: parseFloat(style.outlineOffset) };
        }
        const [widest] = shadows(style.boxShadow);
        return widest ? { kind: "box-shadow", colour: widest.colour, width: widest.spread, offset: 0 } : null;
    };
    const signature = (ring) => (ring ? JSON.stringify([ring.kind, ring.width, ring.colour]) : "");

    if (mode === "record") {
        document.activeElement?.blur();
        window.__unfocusedRings = new Map();
        for (const element of document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")) {
            window.__unfocusedRings.set(element, signature(ringOf(getComputedStyle(element))));
        }
        return null;
    }
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    for (const animation of element.getAnimations()) animation.finish();
    const style = getComputedStyle(element);
    const ring = ringOf(style);
    const text = (element.innerText || element.value || element.getAttribute("aria-label") || "").trim();
    const found = {
        name: `${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""} "${text.slice(0, 40)}"`,
        ring: ring && `${ring.kind} ${ring.width}px`,
    };
    if (!ring) return found;
    const outside = behind(element.parentElement);
    const drawn = over(ring.colour, outside);
    let inside = outside;
    const filling = shadows(style.boxShadow).find((s) => s.spread >= ring.offset);
    if (ring.kind === "outline" && ring.offset > 0 && filling) {
        inside = over(filling.colour, outside);
    } else if (ring.offset <= 0) {
        const border = parse(style.borderTopColor);
        inside = parseFloat(style.borderTopWidth) >= 1 && border && border.a > 0 ? over(border, outside) : behind(element);
    }
    const box = element.getBoundingClientRect();
    const reach = Math.max(0, ring.offset) + ring.width;
    return {
        ...found,
        unchanged: window.__unfocusedRings?.get(element) === signature(ring),
        outside: contrast(drawn, outside),
        inside: contrast(drawn, inside),
        visible: box.width > 0 && box.height > 0,
        left: Math.round(box.left - reach),
        right: Math.round(box.right + reach),
        width: document.documentElement.clientWidth,
    };
}"""

# Tags each element the first time it has the focus, so that a round of Tab presses knows when it
# is back where it began.
FOCUSED_KEY = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    window.__focusKeys ??= new WeakMap();
    if (!window.__focusKeys.has(element)) window.__focusKeys.set(element, window.__focusKeys.count = (window.__focusKeys.count || 0) + 1);
    return window.__focusKeys.get(element);
}"""


@pytest.fixture
def assert_focus_visible():
    """Tab once round every control of the page as it now is, failing unless each shows a focus
    indicator that appears on focus, has at least 3:1 against the colours on both sides of it, and
    lies inside the window (not cut at the screen's edge). axe checks none of this (WCAG 2.1
    1.4.11 non-text contrast, 2.4.7 focus visible)."""

    def check(page, *, limit: int = 400):
        page.evaluate(FOCUS_RING, "record")
        seen, failures = set(), []
        for _ in range(limit):
            page.keyboard.press("Tab")
            key = page.evaluate(FOCUSED_KEY)
            if key is None:  # past the last control, on the way round to the first
                continue
            if key in seen:
                break
            seen.add(key)
            found = page.evaluate(FOCUS_RING, "measure")
            if not found["ring"]:
                failures.append(f"{found['name']}: no focus indicator")
                continue
            problems = []
            if found["unchanged"]:
                problems.append("the same ring is there without the focus")
            if min(found["outside"], found["inside"]) < 3:
                problems.append(f"contrast {found['outside']}:1 outside, {found['inside']}:1 inside")
            if not found["visible"]:
                problems.append("nothing to see")
            if found["left"] < 0 or found["right"] > found["width"]:
                problems.append(f"cut at the window's edge ({found['left']}…{found['right']} px of {found['width']})")
            if problems:
                failures.append(f"{found['name']} ({found['ring']}): {'; '.join(problems)}")
        assert seen, "nothing on the page takes the focus"
        assert not failures, "focus indicators:\n" + "\n".join(failures)

    return check


@pytest.fixture
def tab_to():
    """`tab_to(page, selector)`: press Tab until the focus is on `selector`, as someone with a
    keyboard reaches it in the page's own order; fail if it is not reached."""

    def press(page, selector: str, *, presses: int = 150):
        for _ in range(presses):
            page.keyboard.press("Tab")
            if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
                return
        raise AssertionError(f"{selector} is not reached with Tab")

    return press


HEADING_SIZES = """() => {
    const sizes = {};
    for (const heading of document.body.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
        if (!heading.getClientRects().length) continue;
        (sizes[heading.tagName[1]] ??= []).push(parseFloat(getComputedStyle(heading).fontSize));
    }
    return sizes;
}"""


@pytest.fixture
def assert_type_scale():
    """Each heading level of the page is set smaller than every heading above it (an h2 under the
    h1, an h3 under every h2): the sizes tell the outline to someone who sees the page."""

    def check(page):
        sizes = {int(level): found for level, found in page.evaluate(HEADING_SIZES).items()}
        wrong = [
            f"h{upper} {min(sizes[upper])} px ≤ h{lower} {max(sizes[lower])} px"
            for upper in sizes
            for lower in sizes
            if upper < lower and min(sizes[upper]) <= max(sizes[lower])
        ]
        assert not wrong, f"headings out of scale: {wrong}"

    return check
