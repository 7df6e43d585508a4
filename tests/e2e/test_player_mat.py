"""The player as a patient on the mat sees it, in a real browser: the figure moves with a
tempo step and stands still in a hold, while paused and under reduced motion; a follower
without shared control can always pause and the console says who paused; a device that
reloads or reconnects is the same device; the closing steps are the end screen.

The server runs at time scale 4 (a 3 s tempo phase lasts 750 ms), with no clinic details.
Every wait is on a condition in the page (a frame recorder, the store's events), never on a
wall-clock margin.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import press_next
from tests.support.server import LimberServer

pytestmark = pytest.mark.e2e

ROUTINE = "Lower back & hip pain"

# Every animation frame: the step, the status and the figure's SVG, kept when one changes;
# `frames` counts the frames seen while paused (to wait for "some frames" without a clock).
RECORD_FRAMES = """() => {
  const rec = window.__frames = { log: [], paused: 0 };
  const player = document.getElementById('player');
  const figure = document.getElementById('figure');
  const tick = () => {
    const entry = { step: Number(player.dataset.step), kind: player.dataset.kind,
      status: document.body.dataset.status, svg: figure.innerHTML };
    const last = rec.log[rec.log.length - 1];
    const changed = !last || ['step', 'status', 'svg'].some((k) => last[k] !== entry[k]);
    if (changed) rec.log.push(entry);
    if (entry.status === 'paused') rec.paused += 1;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""

# The distinct pictures drawn while running through one whole step of `kind` (a step seen
# from its start to the next step), or null until the recorder has seen one.
PICTURES_OF_A_WHOLE_STEP = """(kind) => {
  const log = window.__frames.log;
  for (let i = 1; i < log.length; i += 1) {
    if (log[i].kind !== kind || log[i - 1].step === log[i].step) continue;
    const step = log[i].step;
    const rest = log.slice(i);
    const end = rest.findIndex((e) => e.step !== step);
    if (end < 0) return null;
    const frames = rest.slice(0, end);
    if (frames.some((e) => e.status !== 'running')) continue;
    return [...new Set(frames.map((e) => e.svg))].length;
  }
  return null;
}"""

JUMP = """(id) => { const { store, conn } = window.__limber;
  return conn.command(store.get('session'), 'jump', { exercise_id: id }).then(() => true); }"""


@pytest.fixture(scope="module")
def mat_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("limber-mat")
    with LimberServer(data, time_scale=4, audio_dir=data / "audio",
                      max_sessions_per_address=100) as server:
        yield server.url


def _page(browser, **context):
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def _start_solo(page, url):
    page.goto(url)
    page.get_by_role("radio", name=ROUTINE).check()
    page.get_by_role("button", name="Start", exact=True).tap()
    expect(page.locator("#player")).to_be_visible()
    # The player shows as soon as the session exists; commands such as jump need it started.
    page.wait_for_function("() => document.body.dataset.status === 'running'")


def _pictures_of_a_whole_step(page, exercise_id, kind):
    """Jump to `exercise_id` and count the distinct pictures of its first whole `kind` step
    (RECORD_FRAMES must be running)."""
    page.evaluate("() => { window.__frames.log = []; }")
    page.evaluate(JUMP, exercise_id)
    page.wait_for_function(f"() => ({PICTURES_OF_A_WHOLE_STEP})('{kind}') !== null",
                           timeout=30_000)
    return page.evaluate(PICTURES_OF_A_WHOLE_STEP, kind)


@pytest.mark.parametrize("motion, viewport, moves", [
    ("no-preference", {"width": 390, "height": 844}, True),
    ("reduce", {"width": 360, "height": 640}, False),
], ids=["moving", "reduced-motion"])
def test_a_tempo_step_moves_the_figure_and_reduced_motion_shows_the_end_pose_still(
        mat_server, browser, motion, viewport, moves):
    page = _page(browser, viewport=viewport, is_mobile=True, has_touch=True,
                 reduced_motion=motion)
    try:
        _start_solo(page, mat_server)
        page.evaluate(RECORD_FRAMES)
        # Knee rotations: every rep phase moves the knees from one side to the other.
        pictures = _pictures_of_a_whole_step(page, "knee-rotations", "rep")
        assert pictures > 2 if moves else pictures == 1, pictures
        expect(page.locator("#figure svg")).to_have_attribute("aria-label", "Knee rotations")
        assert page.errors == []
    finally:
        page.context.close()


def test_the_figure_stands_still_in_a_hold_and_while_paused(mat_server, browser):
    page = _page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        _start_solo(page, mat_server)
        page.evaluate(RECORD_FRAMES)
        # Knee to chest: the hug is held still through the whole hold.
        assert _pictures_of_a_whole_step(page, "knee-to-chest", "hold") == 1

        # Paused in the middle of a movement: frozen, frame after frame.
        page.evaluate(JUMP, "knee-rotations")
        page.wait_for_function("() => document.getElementById('player').dataset.kind === 'rep'"
                               " && document.body.dataset.status === 'running'")
        page.get_by_role("button", name="Pause").tap()
        expect(page.locator("#paused-banner")).to_be_visible()
        page.evaluate("() => { window.__frames.log = []; window.__frames.paused = 0; }")
        page.wait_for_function("() => window.__frames.paused >= 30")
        log = page.evaluate("window.__frames.log")
        assert {e["status"] for e in log} == {"paused"}
        assert len({e["svg"] for e in log}) == 1
        assert page.errors == []
    finally:
        page.context.close()


# Boxes of the player's parts, in CSS px: {selector: [top, bottom, height]}.
BOXES = """(sels) => Object.fromEntries(sels.map((s) => {
  const b = document.querySelector(s).getBoundingClientRect();
  return [s, [b.top, b.bottom, b.height]]; }))"""


def _next_to(page, kind):
    while page.locator("#player").get_attribute("data-kind") != kind:
        press_next(page)


def test_on_a_small_phone_everything_fits_and_the_caption_reads_from_its_first_line(
        mat_server, browser):
    page = _page(browser, viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    try:
        _start_solo(page, mat_server)
        page.get_by_role("button", name="Pause").tap()
        page.evaluate(JUMP, "knee-to-chest")
        _next_to(page, "hold")
        # A sided hold: side, rep, countdown and the caption (on one line) above the dock,
        # and the picture a good part of the screen.
        parts = ["#side", "#rep", "#countdown", "#cue", ".captions", ".dock", "#figure"]
        box = page.evaluate(BOXES, parts)
        assert all(box[p][1] <= box[".dock"][0] for p in parts[:5]), box
        line = page.evaluate("parseFloat(getComputedStyle(document.getElementById('cue'))"
                             ".lineHeight)")
        assert box["#cue"][2] < 1.5 * line, box["#cue"]
        assert box["#figure"][2] >= 120, box["#figure"]
        # Knee rotations: the phases' words alternate a long and a short line; the picture
        # keeps its size from one phase to the next.
        page.evaluate(JUMP, "knee-rotations")
        _next_to(page, "rep")
        heights = set()
        for _ in range(2):
            heights.add(page.evaluate(BOXES, ["#figure"])["#figure"][2])
            press_next(page)
        assert len(heights) == 1, heights
        # The rest before the next exercise says more than a line ("Rest. Next up: Both
        # knees to chest."): the box shows its first line (one that needs scrolling scrolls
        # from its start).
        page.evaluate(JUMP, "both-knees-to-chest")
        page.wait_for_function("() => document.getElementById('exercise-name').textContent"
                               " === 'Both knees to chest'")
        at = int(page.locator("#player").get_attribute("data-step"))
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(
            f"() => Number(document.getElementById('player').dataset.step) === {at - 1}")
        expect(page.locator("#cue")).to_have_text(re.compile(r"^Rest\. Next up: Both knees"))
        box = page.evaluate(BOXES, ["#cue", ".captions"])
        assert box["#cue"][0] >= box[".captions"][0], box
        assert page.errors == []
    finally:
        page.context.close()


FITS = """() => { const box = document.querySelector('#player .captions');
  return box.scrollHeight <= box.clientHeight + 1; }"""
CUE_SIZE = "() => parseFloat(getComputedStyle(document.getElementById('cue')).fontSize)"


def test_in_a_phones_landscape_a_caption_too_long_for_its_box_is_set_smaller(
        mat_server, browser):
    page = _page(browser, viewport={"width": 844, "height": 390}, is_mobile=True, has_touch=True)
    try:
        _start_solo(page, mat_server)
        page.get_by_role("button", name="Pause").tap()
        page.evaluate(JUMP, "both-knees-to-chest")
        # Its instruction (62 characters, under the rule's 70) needs three lines at the
        # landscape caption's size, in a box of two.
        wanted = "Bring both knees to your chest and hold them with both hands."
        for _ in range(5):
            if page.locator("#cue").text_content() == wanted:
                break
            press_next(page)
        expect(page.locator("#cue")).to_have_text(wanted)
        page.wait_for_function(FITS)
        fitted = page.evaluate(CUE_SIZE)
        # A short caption after it ("Hold.") is full size again.
        for _ in range(6):
            if len(page.locator("#cue").text_content()) <= 20:
                break
            press_next(page)
        expect(page.locator("#cue")).to_have_text(re.compile(r"^.{1,20}$"))
        page.wait_for_function(FITS)
        full = page.evaluate(CUE_SIZE)
        assert fitted < full, (fitted, full)
        # Only as much smaller as it needs: the long size (7vh here) was 63 % of the full one.
        assert fitted > 0.7 * full, (fitted, full)
        assert page.errors == []
    finally:
        page.context.close()


def test_on_a_small_landscape_phone_the_controls_stay_below_the_top_bar(mat_server, browser):
    page = _page(browser, viewport={"width": 640, "height": 360}, is_mobile=True, has_touch=True)
    try:
        _start_solo(page, mat_server)
        page.get_by_role("button", name="Pause").tap()
        page.evaluate(JUMP, "knee-to-chest")
        _next_to(page, "hold")
        edges = page.evaluate("""() => Object.fromEntries(
          ['.bar', '#mute', '.progress', '#prev', '#next', '#figure'].map((s) => {
            const b = document.querySelector(s).getBoundingClientRect();
            return [s, {top: b.top, bottom: b.bottom, width: b.width}]; }))""")
        # The side column's progress bar under the top bar (it had risen under Mute), its
        # three controls whole on the screen, and the lying figure more than a thumbnail.
        assert edges[".progress"]["top"] >= edges[".bar"]["bottom"], edges
        assert edges["#prev"]["top"] > edges[".progress"]["bottom"], edges
        assert edges["#next"]["bottom"] <= 360, edges
        assert edges["#figure"]["width"] >= 150, edges
        assert page.errors == []
    finally:
        page.context.close()


def test_a_follower_without_control_can_pause_and_everyone_sees_who(mat_server, browser):
    console = _page(browser, viewport={"width": 1280, "height": 800})
    phone = _page(browser, viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    try:
        console.goto(mat_server + "/?console")
        link = console.locator("#console-link")
        expect(link).to_contain_text("/j/")
        phone.goto(link.text_content())
        phone.get_by_role("button", name="Tap to enable sound").tap()
        followers = console.locator('#device-list .device[data-role="follower"]')
        expect(followers).to_have_count(1)
        console.get_by_role("button", name="Start the session").click()

        # No shared control: the phone has no controls, but it has its own Pause.
        expect(phone.locator("#controls")).to_be_hidden()
        stop = phone.get_by_role("button", name="Pause")
        expect(stop).to_contain_text("Stop if it hurts")
        stop.tap()
        expect(console.locator("#paused-banner")).to_be_visible()
        expect(console.locator("#paused-by")).to_have_text("Paused by Phone")
        expect(phone.locator("#paused-by")).to_have_text("Paused by you")
        expect(phone.locator("#paused-wait")).to_be_visible()
        expect(phone.get_by_role("button", name="Resume")).to_have_count(0)
        # The console's device list marks the phone, and its session bar says so.
        expect(followers).to_contain_text("Paused the session")
        expect(console.locator('#device-list .device[data-paused="true"]')).to_have_count(1)
        expect(console.locator("#devices-summary")).to_contain_text("paused by Phone")

        # The clinician resumes and pauses: the phone says who.
        console.get_by_role("button", name="Resume").click()
        expect(phone.locator("#paused-banner")).to_be_hidden()
        expect(stop).to_be_visible()
        expect(console.locator('#device-list .device[data-paused="true"]')).to_have_count(0)
        console.get_by_role("button", name="Pause").click()
        expect(phone.locator("#paused-by")).to_have_text("Paused by the clinician")
        expect(console.locator("#paused-by")).to_have_text("Paused by you")
        expect(console.locator('#device-list .device[data-role="controller"]')).to_contain_text(
            "Paused the session")
        expect(followers).not_to_contain_text("Paused the session")

        # A reload and a reconnect: the same device each time, one row in the roster.
        device_id = phone.evaluate("window.__limber.store.get('session').deviceId")
        phone.reload()
        expect(phone.locator("#paused-by")).to_have_text("Paused by the clinician")
        assert phone.evaluate("window.__limber.store.get('session').deviceId") == device_id
        phone.evaluate("""() => { const { conn } = window.__limber;
          conn.addEventListener('joined', () => { window.__rejoined = true; });
          conn.socket.disconnect();
          conn.socket.connect(); }""")
        phone.wait_for_function("() => window.__rejoined === true")
        expect(followers).to_have_count(1)
        expect(followers).to_contain_text("Connected")
        assert phone.evaluate("window.__limber.store.get('session').deviceId") == device_id
        assert console.errors == [] and phone.errors == []
    finally:
        phone.context.close()
        console.context.close()


def test_the_closing_steps_are_the_end_screen_with_a_summary(mat_server, browser):
    page = _page(browser, viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    try:
        _start_solo(page, mat_server)
        # What the screen was at each change, and the session's status then.
        page.evaluate("""() => { window.__screens = [];
          window.__limber.store.addEventListener('change', (ev) => {
            if (!ev.detail.keys.includes('screen')) return;
            const s = window.__limber.store.state;
            window.__screens.push({ screen: s.screen, status: s.snapshot && s.snapshot.status });
          }); }""")
        # Paused, skip to the last hold; resumed, it ends on time into "Well done".
        page.get_by_role("button", name="Pause").tap()
        page.evaluate(JUMP, "pelvic-tilts")
        last_hold = page.evaluate("""() => window.__limber.store.get('timeline').steps
          .findIndex((s) => s.kind === 'done') - 1""")
        page.wait_for_function("() => document.getElementById('player').dataset.kind !== 'intro'")
        while (at := int(page.locator("#player").get_attribute("data-step"))) < last_hold:
            page.get_by_role("button", name="Next step").tap()
            page.wait_for_function(
                f"() => Number(document.getElementById('player').dataset.step) > {at}")
        page.get_by_role("button", name="Resume").tap()
        expect(page.get_by_role("heading", name="Well done")).to_be_visible()
        # The end screen came with the "Well done" step, before the session finished.
        assert page.evaluate("window.__screens")[-1] == {"screen": "finished", "status": "running"}
        for hidden in ("#toggle", "#next", "#time-left", "#stop"):
            expect(page.locator(hidden)).to_be_hidden()
        summary = page.locator("#summary")
        expect(summary).to_be_visible()
        item = lambda label: summary.locator(".summary-item").filter(has_text=label)  # noqa: E731
        expect(item("exercises done").locator("dd")).to_have_text("1 of 9")  # the tilts' last hold
        expect(item("skipped").locator("dd")).to_have_text("8")
        expect(item("pause").locator("dd")).to_have_text("1")
        expect(item("time").locator("dd")).to_have_text(re.compile(r"^\d+ s$"))
        # No clinic phone or link on this server: no card asking to get in touch.
        expect(page.locator("#clinic")).to_be_hidden()
        expect(page.get_by_role("button", name="Do it again")).to_be_visible()
        assert page.errors == []
    finally:
        page.context.close()
