"""The picker in a real browser: nothing moves when the routine list arrives (layout shift,
measured by the browser), Start comes before Save for offline, the patient's, the
clinician's and the joining choices sit apart under their own headings, each exercise has
its figure, and the focus goes to the new screen's heading on every screen change."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import skip_to_the_end

pytestmark = pytest.mark.e2e

ROUTINE = "Lower back & hip pain"

# The page's layout shifts so far (the browser's Layout Instability API), summed.
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  new PerformanceObserver((list) => resolve(list.getEntries()
    .filter((e) => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0)))
    .observe({ type: 'layout-shift', buffered: true });
  setTimeout(() => resolve(0), 300);  // no entry at all: nothing moved
})"""


@pytest.mark.parametrize("viewport", [
    {"width": 360, "height": 640}, {"width": 390, "height": 844},
    {"width": 820, "height": 1180}, {"width": 1280, "height": 800}])
def test_nothing_moves_when_the_routines_arrive(server, browser, viewport):
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        # Held back until the page has painted its place-holders.
        released = []
        page.route("**/api/routines", lambda route: released.append(route))
        page.goto(server)
        expect(page.locator("#picker-loading")).to_be_visible()
        page.wait_for_function("() => performance.getEntriesByType('paint').length > 0")
        while not released:
            page.wait_for_timeout(20)
        released[0].continue_()
        expect(page.get_by_role("radio", name=ROUTINE)).to_be_visible()
        page.wait_for_function("() => document.querySelectorAll('.exercise-item svg').length >= 9")
        assert page.evaluate(LAYOUT_SHIFT) < 0.01
    finally:
        context.close()


def test_the_choices_are_apart_and_in_order(server, phone):
    page = phone
    page.goto(server)
    expect(page.get_by_role("radio", name=ROUTINE)).to_be_visible()
    order = page.evaluate("""() => ['start', 'save-offline', 'run-for-patient', 'join-code']
      .map((id) => document.getElementById(id).compareDocumentPosition(
        document.getElementById('start')))""")
    assert order[0] == 0 and all(p & 2 for p in order[1:])  # Start before each of the others
    for name in ("Without a connection", "For clinicians", "Join a session"):
        expect(page.get_by_role("heading", name=name, level=2)).to_be_visible()
    clinicians = page.locator("section.choice", has=page.get_by_role("heading", name="For clinicians"))
    expect(clinicians.get_by_role("button", name="Run for a patient")).to_be_visible()
    expect(clinicians.get_by_role("link", name="Print a handout of this routine")).to_have_attribute(
        "href", "/print/lower-back-hip?pace=gentle")
    # Each exercise with its figure, the figure hidden from screen readers (the name says it).
    items = page.locator(".exercise-item")
    expect(items).to_have_count(9)
    expect(items.locator("svg.figure[aria-hidden='true']")).to_have_count(9)
    expect(items.first).to_have_text("1. Knee to chest")
    assert page.console_errors == []


def test_focus_goes_to_the_new_screens_heading(server, phone):
    page = phone
    page.goto(server)
    page.get_by_role("radio", name=ROUTINE).check()
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator("#exercise-name")).to_be_focused()
    expect(page.locator("body")).to_have_attribute("data-status", "running")
    page.keyboard.press("Space")  # the keys still drive the player
    expect(page.locator("#paused-banner")).to_be_visible()
    skip_to_the_end(page)
    expect(page.get_by_role("heading", name="Well done")).to_be_focused()
    page.get_by_role("button", name="Back to routines").click()
    expect(page.get_by_role("heading", name="Choose a routine")).to_be_focused()
    assert page.console_errors == []
