"""Browser tests: Playwright's sync API driving Debian's Chromium against `live_server`.

Chromium comes from Debian (`apt-get install chromium`), never from a browser
download. Without it the tests skip on a laptop and fail in CI
(`CI` or `WATCHROOM_REQUIRE_BROWSER=1` set), so that CI can never pass without them.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("WATCHROOM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("WATCHROOM_SCREENSHOTS", "/tmp/watchroom-e2e"))  # noqa: S108
TIMEOUT_MS = 15_000


def _browser_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("WATCHROOM_REQUIRE_BROWSER") == "1"


def _unavailable(reason: str):
    if _browser_required():
        pytest.fail(f"{reason} (browser tests are required here: CI or "
                    f"WATCHROOM_REQUIRE_BROWSER=1 is set)", pytrace=False)
    pytest.skip(f"{reason}; install it with `apt-get install chromium`")


_reports_key = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash.setdefault(_reports_key, {})[report.when] = report
    return report


@pytest.fixture
def playwright(live_server):
    """Playwright's sync API, started per test after the live server.

    Its event loop counts as "running" in this thread while it is open, so Django's
    guard against ORM calls from async code has to be lifted for the test's duration;
    the test's own ORM calls are plain synchronous calls in the test's thread.
    """
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev dependency
        _unavailable("the Python package `playwright` is not installed (run `uv sync`)")
    from django.db import connections

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            try:
                yield p
            finally:
                # While Playwright's loop runs, Django keeps this thread's database
                # connections apart from the ones it uses afterwards: close them here,
                # or they outlive the test database.
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser(playwright):
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
        )
    except Exception as exc:
        _unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
    yield browser
    browser.close()


@pytest.fixture
def browser_locale() -> str:
    """The browser's language: a hospital workstation in mainland China."""
    return "zh-CN"


@pytest.fixture
def page(request, browser, browser_locale, live_server):
    """A fresh browser context (no cookies) on the live server; a screenshot of the
    page goes to WATCHROOM_SCREENSHOTS (/tmp/watchroom-e2e) if the test fails."""
    context = browser.new_context(
        base_url=live_server.url, locale=browser_locale, viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    # R-SEC-3: the pages work under their Content-Security-Policy; anything it blocks
    # fails the test.
    blocked = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    assert blocked == [], "\n".join(blocked)
    report = request.node.stash.get(_reports_key, {}).get("call")
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        shot = SCREENSHOTS / f"{name}.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot of the failed page: {shot}")
        except Exception as exc:
            print(f"could not take a screenshot: {exc}")
    context.close()
