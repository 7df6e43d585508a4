"""Real-browser fixtures: the Limber server in a subprocess, Debian's Chromium via Playwright.

Never `playwright install`: these machines have no internet; Chromium comes from Debian.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    LAPTOP, PHONE, RECORD_MEDIA_SESSION, RECORD_PRESSES, TABLET, chromium, describe_page, device,
)
from tests.support.clinic import KEY as CLINIC_KEY
from tests.support.server import LimberServer

TIME_SCALE = 60
# An expectation waits for its event this long before failing: Playwright's 5 s is too short
# for a first Start on a busy 2-core machine (client loaded, connection opened, session made).
expect.set_options(timeout=15_000)
PAGE_FIXTURES = ("phone", "laptop", "tablet")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test's report shows each of its pages' state, presses and errors: a
    failure seen once in CI must explain itself."""
    report = yield
    if report.failed and call.when == "call":
        for name in PAGE_FIXTURES:
            page = getattr(item, "funcargs", {}).get(name)
            if page is not None:
                report.sections.append((f"page {name}", describe_page(page)))
    return report


CLINIC = {"name": "Massage Rx", "phone": "+1 555 0100", "booking_url": "https://example.org/book"}


@pytest.fixture(scope="session")
def clinic() -> dict:
    """The clinic details the server is started with (the end screen's call to action)."""
    return dict(CLINIC)


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory):
    """Cue clips for the seed routine at every pace, built offline (gTTS stubbed)."""
    from tests.support.voice_clips import build_stub_clips
    path = tmp_path_factory.mktemp("limber-audio") / "audio"
    build_stub_clips(path, clinic_name=CLINIC["name"], clinic_phone=CLINIC["phone"],
                     clinic_booking_url=CLINIC["booking_url"])
    return path


@pytest.fixture(scope="session")
def server(tmp_path_factory, audio_dir):
    """Base URL of a Limber server running `python app.py` at a high time scale, with the
    seed routine's cue clips built (so every step and mark has an audio URL)."""
    srv = LimberServer(tmp_path_factory.mktemp("limber-data"), time_scale=TIME_SCALE,
                       clinic_name=CLINIC["name"], clinic_phone=CLINIC["phone"],
                       clinic_booking_url=CLINIC["booking_url"], audio_dir=audio_dir,
                       # every test here shares this server and this browser's address
                       max_sessions_per_address=100, clinic_key=CLINIC_KEY)
    with srv:
        yield srv.url


@pytest.fixture(scope="session")
def browser():
    # Debian's Chromium and Playwright are installed by .ci/run: missing is a failure.
    with chromium() as b:
        yield b


@pytest.fixture
def phone(browser):
    """A fresh page in a 360x640 touch phone viewport; browser console errors are collected."""
    context = browser.new_context(**PHONE)
    context.add_init_script(RECORD_PRESSES)
    page = context.new_page()
    page.console_errors = []
    # Failed requests are recorded with their address (the console message has none).
    page.on("console", lambda m: m.type == "error" and not m.text.startswith(
        "Failed to load resource") and page.console_errors.append(m.text))
    page.on("response", lambda r: r.status >= 400 and page.console_errors.append(
        f"{r.status} {r.url}"))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def laptop(browser):
    """The clinician's laptop, running the console; its errors kept in page.errors."""
    with device(browser, **LAPTOP) as page:
        yield page


@pytest.fixture
def tablet(browser):
    """The patient's tablet, following a session; its errors kept in page.errors and its
    Media Session handlers recorded (window.__media)."""
    with device(browser, **TABLET) as page:
        page.add_init_script(RECORD_MEDIA_SESSION)
        yield page
