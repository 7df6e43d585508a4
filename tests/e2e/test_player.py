"""The player in a real browser: pick, start, captions, countdown, pause, resume, the end.

The server runs at time scale 60 (the gentle routine lasts about 21 s), so steps are short:
captions and countdown values are recorded inside the page (a MutationObserver and a
per-frame check) rather than sampled from Python, and waits are conditions, not sleeps.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import press_next, skip_to_the_end, step_index

pytestmark = pytest.mark.e2e

ROUTINE = "Lower back & hip pain"

RECORD_CAPTIONS = """() => {
  window.__captions = [];
  window.__marks = [];
  const log = (id, list) => new MutationObserver(() => {
    const t = document.getElementById(id).textContent;
    if (t && list[list.length - 1] !== t) list.push(t);
  }).observe(document.getElementById(id), {childList: true, characterData: true, subtree: true});
  log('cue', window.__captions);
  log('mark', window.__marks);
}"""

# True once the countdown of one running timed step has shown two different values.
COUNTDOWN_MOVES = """() => {
  const c = document.getElementById('countdown');
  const step = document.getElementById('player').dataset.step;
  const w = window.__cd || (window.__cd = {});
  if (c.hidden || document.body.dataset.status !== 'running' || !c.dataset.remainingMs) {
    w.step = null;
    return false;
  }
  const value = Number(c.dataset.remainingMs);
  if (w.step !== step) { w.step = step; w.first = value; return false; }
  return value < w.first;
}"""

# What the countdown shows over the next `frames` animation frames (the view draws it every
# frame): the distinct (ms left, big seconds, time left) it showed.
COUNTDOWN_OVER_FRAMES = """(frames) => new Promise((resolve) => {
  const seen = new Set();
  const look = () => {
    seen.add([document.getElementById('countdown').dataset.remainingMs,
              document.getElementById('seconds').textContent,
              document.getElementById('time-left').textContent].join(' | '));
    if (--frames > 0) requestAnimationFrame(look);
    else resolve([...seen]);
  };
  requestAnimationFrame(look);
})"""

RUNNING_TIMED_STEP = """() => !document.getElementById('countdown').hidden
  && document.body.dataset.status === 'running'"""

NO_HORIZONTAL_SCROLL = "() => document.scrollingElement.scrollWidth <= window.innerWidth"


def assert_controls_usable(page) -> None:
    """Every visible button or link has an accessible name and a >= 48 px touch target."""
    problems = page.evaluate("""() => {
      const out = [];
      for (const el of document.querySelectorAll('button, a[href], input')) {
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height || el.closest('[hidden]')) continue;
        const name = (el.getAttribute('aria-label') || el.textContent
          || (el.labels && el.labels[0] && el.labels[0].textContent) || '').trim();
        if (!name) out.push(`${el.id || el.tagName}: no accessible name`);
        const box = el.type === 'radio' ? el.closest('label').getBoundingClientRect() : r;
        if (box.height < 48 || box.width < 48) out.push(`${el.id || el.tagName}: ${box.width}x${box.height}`);
      }
      return out;
    }""")
    assert problems == []


def test_phone_session_start_to_finish(server, phone, clinic):
    page = phone
    timeline = page.request.get(f"{server}/api/routines/lower-back-hip/timeline?pace=gentle").json()
    first_cue = timeline["steps"][0]["cue"]
    mark_texts = {m["text"] for s in timeline["steps"] for m in s["marks"]}

    # 1. Picker
    page.goto(server)
    expect(page.get_by_role("heading", name="Choose a routine")).to_be_visible()
    routine = page.get_by_role("radio", name=ROUTINE)
    expect(routine).to_be_visible()
    routine.check()
    page.get_by_role("radio", name=re.compile(r"^Standard")).check()
    page.get_by_role("radio", name=re.compile(r"^Gentle")).check()
    expect(page.get_by_role("radio", name=re.compile(r"^Gentle"))).to_be_checked()
    expect(page.locator(".routine-card.selected .routine-duration")).to_contain_text("gentle pace")
    expect(page.locator(".exercise-list li")).to_have_count(len(timeline["exercises"]))
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert_controls_usable(page)
    # The volume slider says what it is, on screen, beside the Mute button.
    expect(page.locator("label[for=volume]")).to_be_visible()
    expect(page.locator("label[for=volume]")).to_contain_text("Volume")
    expect(page.get_by_role("slider", name="Volume")).to_be_visible()
    expect(page.locator("#mute")).to_contain_text("Mute")

    # 2. Start
    page.evaluate(RECORD_CAPTIONS)
    page.get_by_role("button", name="Start").tap()
    expect(page.locator("#player")).to_be_visible()
    page.wait_for_function(f"() => window.__captions.includes({first_cue!r})", timeout=10_000)

    # 3. The countdown moves on a running timed step (drawn per frame from the deadline).
    page.wait_for_function(COUNTDOWN_MOVES, polling="raf", timeout=15_000)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert_controls_usable(page)

    # 4. Pause: the status says so and the countdown stands still.
    page.wait_for_function(RUNNING_TIMED_STEP, polling="raf", timeout=15_000)
    page.keyboard.press("Space")
    expect(page.locator("#paused-banner")).to_be_visible()
    toggle = page.locator("#toggle")
    expect(toggle).to_have_attribute("aria-label", "Resume")
    # A step may have ended before the pause arrived: skip (still paused) to a timed step.
    for _ in range(10):
        if page.locator("#countdown").is_visible():
            break
        press_next(page)
    expect(page.locator("#countdown")).to_be_visible()
    assert page.evaluate("document.body.dataset.status") == "paused"
    # Running, the ms left change every frame; paused, sixty frames show one value.
    assert len(page.evaluate(COUNTDOWN_OVER_FRAMES, 60)) == 1
    expect(page.locator("#paused-banner")).to_be_visible()

    # 5. Resume, then skip ahead a few steps with the Next button.
    toggle.tap()
    expect(page.locator("#paused-banner")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-label", "Pause")
    for _ in range(3):
        before = step_index(page)
        page.get_by_role("button", name="Next step").tap()
        page.wait_for_function(
            f"() => document.body.dataset.screen !== 'player'"
            f" || Number(document.getElementById('player').dataset.step) > {before}")

    # 6. The end screen with the clinic's call to action.
    expect(page.get_by_role("heading", name="Well done")).to_be_visible(timeout=60_000)
    expect(page.locator("#clinic-name")).to_have_text(clinic["name"])
    phone_link = page.get_by_role("link", name=re.compile("Call"))
    expect(phone_link).to_be_visible()
    expect(phone_link).to_have_attribute("href", "tel:+15550100")
    expect(page.get_by_role("link", name="Book an appointment")).to_have_attribute(
        "href", clinic["booking_url"])
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert_controls_usable(page)

    # Marks were captioned when due (the counted seconds of the holds).
    marks = page.evaluate("window.__marks")
    assert set(marks) & mark_texts, marks
    assert page.console_errors == []


def test_do_it_again_and_back_to_routines(server, phone):
    page = phone
    page.goto(server)
    page.get_by_role("radio", name=ROUTINE).check()
    page.get_by_role("button", name="Start").tap()
    expect(page.locator("#player")).to_be_visible()
    # Skip through quickly with the keyboard until the end screen shows.
    skip_to_the_end(page)
    page.get_by_role("button", name="Do it again").tap()
    expect(page.locator("#player")).to_be_visible()
    expect(page.locator("#player")).to_have_attribute("data-step", re.compile(r"^[0-3]$"))
    page.keyboard.press("Space")
    expect(page.locator("#paused-banner")).to_be_visible()
    page.keyboard.press("ArrowLeft")  # previous while paused: stays paused
    expect(page.locator("#paused-banner")).to_be_visible()
    assert page.console_errors == []


# Where "Back to routines" is on the page (not the screen: scrolling does not count), at
# every frame while the end screen shows.
RECORD_BACK_BUTTON = """() => { window.__backTops = [];
  const finished = document.getElementById('finished');
  const back = document.getElementById('back');
  const frame = () => {
    if (!finished.hidden) window.__backTops.push(back.getBoundingClientRect().top + scrollY);
    requestAnimationFrame(frame);
  };
  frame(); }"""


def test_the_end_screens_buttons_stay_put_while_the_closing_words_are_said(server, phone):
    """The closing words ("Call Massage Rx now...", "The number is...") show as they are
    said: a tap on "Back to routines" just then must not land on the booking link."""
    page = phone
    page.goto(server)
    page.get_by_role("radio", name=ROUTINE).check()
    page.get_by_role("button", name="Start").tap()
    expect(page.locator("#player")).to_be_visible()
    page.evaluate(RECORD_BACK_BUTTON)
    skip_to_the_end(page)
    page.wait_for_function("() => document.body.dataset.status === 'finished'")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
    tops = page.evaluate("() => window.__backTops")
    assert len(tops) > 1 and len(set(tops)) == 1, sorted(set(tops))
    # The words said last stay in their place (the unseen ones that size it are not read).
    expect(page.locator("#end-cue")).to_match_aria_snapshot(
        "- paragraph: The number is +1 555 0100.")
    assert page.console_errors == []


def test_tablet_picker_layout(server, browser):
    context = browser.new_context(viewport={"width": 800, "height": 1280}, has_touch=True)
    try:
        page = context.new_page()
        page.goto(server)
        expect(page.get_by_role("radio", name=ROUTINE)).to_be_visible()
        for pace in ("Gentle", "Standard", "Extended"):
            expect(page.get_by_role("radio", name=re.compile(f"^{pace}"))).to_have_count(1)
        assert page.evaluate(NO_HORIZONTAL_SCROLL)
        assert_controls_usable(page)
    finally:
        context.close()
