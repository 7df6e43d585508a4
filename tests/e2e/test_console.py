"""The clinician's console in a real browser: a bad dose is said in words beside its box and
at Start (which takes the focus and starts nothing), the boxes show the routine's values,
and while the session runs the devices line and End stay in sight on a laptop and a phone.

The server runs in its own process at time scale 4 (as tests/e2e/test_two_devices.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.server import LimberServer

pytestmark = pytest.mark.e2e

MESSAGE = "Hold seconds for Knee to chest: a whole number from 1 to 600."


@pytest.fixture(scope="module")
def console_server(tmp_path_factory):
    server = LimberServer(tmp_path_factory.mktemp("limber-console"), time_scale=4)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def _console(browser, url, **context):
    page = browser.new_context(**context).new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.goto(url + "/?console")
    expect(page.locator("#console-code")).to_have_text(re.compile(r"-"))
    return page


def test_a_bad_dose_is_said_in_words_and_start_says_why_it_did_not_start(console_server, browser):
    page = _console(browser, console_server, viewport={"width": 1280, "height": 800})
    try:
        routine = page.request.get(console_server + "/api/routines").json()["routines"][0]
        knee = routine["exercises"][0]
        # The screen's heading has the focus; the boxes show the routine's own values.
        expect(page.get_by_role("heading", name="Dose for this patient")).to_be_focused()
        hold = page.get_by_label("Hold seconds for Knee to chest")
        expect(hold).to_have_value(str(knee["doses"]["gentle"]["hold"]))
        expect(page.get_by_label("Reps for Knee to chest")).to_have_value(
            str(knee["doses"]["gentle"]["reps"]))
        page.get_by_role("radio", name=re.compile("^Extended")).check()
        expect(hold).to_have_value(str(knee["doses"]["extended"]["hold"]))

        # Out of its limits: said beside the box, in words, and tied to the box.
        hold.fill("999")
        row_error = page.locator("#setup-error-knee-to-chest")
        expect(row_error).to_be_visible()
        expect(row_error).to_have_text(re.compile(re.escape(MESSAGE)))
        expect(hold).to_have_attribute("aria-invalid", "true")
        expect(hold).to_have_accessible_description(re.compile(re.escape(MESSAGE)))
        # ... and at Start, which takes the focus to it and starts nothing.
        page.get_by_role("button", name="Start the session").click()
        summary = page.locator("#setup-error")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("Not started yet: check the dose.")
        expect(summary).to_contain_text(MESSAGE)
        expect(summary).to_be_in_viewport()
        # Its message links to the box: following it puts the focus there.
        summary.get_by_role("link", name=MESSAGE).click()
        expect(hold).to_be_focused()
        assert page.evaluate("document.body.dataset.status") == "ready"
        expect(page.locator("#setup")).to_be_visible()

        # A good value clears both, and the handout link carries it.
        hold.fill("12")
        expect(row_error).to_be_hidden()
        expect(summary).to_be_hidden()
        expect(page.get_by_role("link", name="Print the handout for this dose")).to_have_attribute(
            "href", re.compile(r"^/print/lower-back-hip\?pace=extended&.*knee-to-chest\.hold=12"))
        # Emptied and left: the routine's value again (what it plays).
        hold.fill("")
        hold.blur()
        expect(hold).to_have_value(str(knee["doses"]["extended"]["hold"]))

        page.get_by_role("button", name="Start the session").click()
        expect(page.locator("#player")).to_be_visible()
        expect(page.locator("#exercise-name")).to_be_focused()  # the new screen's heading

        # Running at 1280x800: the devices line, the devices panel and End are in sight.
        expect(page.locator("#devices-summary")).to_have_text("No patient device yet")
        expect(page.locator("#devices-summary")).to_be_in_viewport()
        expect(page.get_by_role("button", name="End the session")).to_be_in_viewport()
        expect(page.get_by_role("heading", name="Devices")).to_be_in_viewport()
        # The jump buttons are named by the words they show, beside the figure.
        bridge = page.get_by_role("button", name="4. Bridge", exact=True)
        expect(bridge).to_have_text("4. Bridge")
        expect(bridge.locator("svg.figure")).to_have_count(1)
        expect(page.locator("#jump-list svg[role], #jump-list svg[aria-label]")).to_have_count(0)
        assert page.errors == []
    finally:
        page.context.close()


def test_on_a_phone_the_devices_line_and_end_stay_in_sight_while_it_runs(console_server, browser):
    page = _console(browser, console_server, viewport={"width": 390, "height": 844},
                    is_mobile=True, has_touch=True, device_scale_factor=2)
    try:
        page.get_by_role("button", name="Start the session").tap()
        expect(page.locator("#player")).to_be_visible()
        end = page.get_by_role("button", name="End the session")
        for where in ("0", "document.body.scrollHeight"):
            page.evaluate(f"window.scrollTo(0, {where})")
            expect(end).to_be_in_viewport(ratio=1)
            expect(page.locator("#devices-summary")).to_be_in_viewport(ratio=1)
        # Nothing is hidden under the bar: the last jump button scrolls clear of it.
        last = page.locator("#jump-list button").last
        last.scroll_into_view_if_needed()
        bar_top = page.evaluate("document.querySelector('.session-bar').getBoundingClientRect().top")
        assert last.bounding_box()["y"] + last.bounding_box()["height"] <= bar_top
        assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
        end.tap()
        page.get_by_role("button", name=re.compile("Tap again")).tap()
        expect(page.get_by_role("heading", name="Choose a routine")).to_be_focused()
        assert page.errors == []
    finally:
        page.context.close()
