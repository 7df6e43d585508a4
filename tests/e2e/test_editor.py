"""The routine editor in a real browser: a clinician signs in, pastes the seed handout,
reviews the draft, fixes the wall-sits item, saves, and runs a session of the new routine
that a patient's tablet follows. A browser without the clinic key never reaches the editor.
The server runs in its own process (its own clinic key, library and limits)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.browser import LAPTOP, follow, watched_page
from tests.support.clinic import sign_in_browser
from tests.support.server import LimberServer

pytestmark = pytest.mark.e2e

KEY = "maple otter lantern quartz"
SEED = Path(__file__).resolve().parents[1] / "corpus" / "handouts" / "seed_lower_back_hip.txt"
# What the device's voice is asked to say, in window.__spoken (no voices in headless Chromium).
RECORD_SPEECH = """(() => {
  window.__spoken = [];
  window.__violations = [];  // and every Content-Security-Policy violation (there must be none)
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(
    `${e.effectiveDirective} ${e.blockedURI}`));
  const speak = speechSynthesis.speak.bind(speechSynthesis);
  speechSynthesis.speak = (u) => { if (u.text.trim()) window.__spoken.push(u.text); speak(u); };
})()"""
WALL_SIT = ["Stand with your back flat against a wall, feet a little in front of you.",
            "Slide down the wall until your knees are gently bent.",
            "Keep your back against the wall."]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    with LimberServer(tmp_path_factory.mktemp("limber-editor"), time_scale=30,
                      clinic_key=KEY) as server:
        yield server.url


def sign_in(page, server):
    page.goto(f"{server}/editor")
    expect(page.get_by_role("heading", name="Clinic sign-in")).to_be_visible()
    page.get_by_label("Clinic key").fill(KEY)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Routine editor")).to_be_visible()
    expect(page.locator("body")).to_have_attribute("data-ready", "1")  # its buttons work


def test_an_unauthorised_browser_cannot_reach_the_editor(live_server, browser):
    page = watched_page(browser.new_context())
    try:
        page.goto(f"{live_server}/editor")
        expect(page).to_have_url(re.compile(r"/clinic\?next=/editor$"))
        expect(page.get_by_role("heading", name="Clinic sign-in")).to_be_visible()
        assert page.locator("#routine-form").count() == 0
        assert page.evaluate("""() => Promise.all(['/api/library', '/api/handouts/parse']
            .map((url, i) => fetch(url, i ? {method: 'POST', headers: {'Content-Type':
            'application/json'}, body: '{"text": "1 Bridge"}'} : {}).then((r) => r.status)))""") \
            == [401, 401]
        page.get_by_label("Clinic key").fill("not the key")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_have_text(re.compile("not the clinic key"))
    finally:
        page.context.close()


def test_a_clinician_imports_fixes_saves_and_runs_a_handout(live_server, laptop, tablet):
    page = laptop
    page.add_init_script(RECORD_SPEECH)
    sign_in(page, live_server)

    # Paste the handout; the draft opens for review.
    page.get_by_role("button", name="Import from a handout").click()
    expect(page.get_by_role("heading", name="Import from a handout")).to_be_focused()
    page.get_by_label("The handout's text").fill(SEED.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Read the handout").click()
    review = page.locator(".review")
    expect(review).to_contain_text("values taken from the handout")
    expect(page.locator("#edit-title")).to_be_focused()
    expect(page.locator("#routine-form .exercise")).to_have_count(9)
    # Each value read is marked in its sentence; the repeated wall-sits text is flagged there.
    hold = page.locator('[data-field="exercises[0].hold"] .source')
    expect(hold.locator("mark")).to_have_text("hold for eight to ten seconds")
    expect(hold).to_contain_text("Bring one knee to your chest and")
    wall = page.locator('[data-field="exercises[6]"]')
    expect(wall.locator(".flag")).to_contain_text("Hamstring")
    expect(review.locator(".unplaced li").first).to_be_visible()
    expect(page.locator("#problems")).to_contain_text("No problems found")

    # Fix wall sits: its own instructions, editorial doses, and its picture.
    page.locator("#f-exercises-6-instructions").fill("\n".join(WALL_SIT))
    page.locator("#f-exercises-6-sides").select_option("none")
    page.locator("#f-exercises-6-figure-position").select_option("wall")
    page.locator("#f-exercises-6-figure-start").select_option("wall-stand")
    page.locator("#f-exercises-6-figure-hold").select_option("wall-sit")
    expect(wall.locator(".pose-picture svg")).to_have_count(2)
    # and the movement between them, played on request
    still = wall.locator(".pose-moving svg").inner_html()
    wall.get_by_role("button", name="Play the movement").click()
    page.wait_for_function("""(still) => document.querySelector(
        '[data-field="exercises[6]"] .pose-moving svg').innerHTML !== still""", arg=still)
    # A mistake is shown beside its field in words, and the summary counts it.
    page.locator("#f-exercises-6-hold-min").fill("ten")
    expect(page.locator("#f-exercises-6-hold-problem")).to_contain_text("Problem:")
    expect(page.locator("#problems")).to_contain_text("1 problem to fix")
    expect(page.locator("#f-exercises-6-hold-min")).to_have_attribute("aria-invalid", "true")
    page.locator("#f-exercises-6-hold-min").fill("10")
    expect(page.locator("#problems")).to_contain_text("No problems found")
    page.locator("#f-title").fill("Back and hip (clinic)")
    page.locator("#f-id").fill("back-and-hip-clinic")
    # Reorder by keyboard-reachable buttons: pelvic tilts up one place, then back.
    page.get_by_role("button", name="Move up 9. Pelvic Tilts").click()
    expect(page.locator("#f-exercises-7-title")).to_have_text("8. Pelvic Tilts")
    expect(page.locator("#f-exercises-7-title")).to_be_focused()
    page.get_by_role("button", name="Move down 8. Pelvic Tilts").click()
    expect(page.locator("#f-exercises-8-title")).to_have_text("9. Pelvic Tilts")
    expect(page.locator("#preview .paces")).to_contain_text("Standard pace")
    # Listen: the device's voice at once, while the recorded voice is being made.
    listen = page.locator("#preview .cue button").nth(2)
    cue = listen.get_attribute("data-say")
    listen.click()
    page.wait_for_function("(cue) => window.__spoken.includes(cue)", arg=cue)
    # (no network here: the build starts, and its cues fail or wait; either is said in words)
    expect(page.locator("#voice-words")).to_have_text(re.compile(
        r"^(Making the recorded voice: \d+ of \d+ cues|The recorded voice (is ready|could not))"))

    page.get_by_role("button", name="Save").click()
    expect(page.locator("#save-status")).to_have_text(re.compile("Saved: .*version 1"))
    saved = page.evaluate("""() => fetch('/api/library/back-and-hip-clinic')
        .then((r) => r.json())""")
    wall_sits = saved["routine"]["exercises"][6]
    assert wall_sits["instructions"] == WALL_SIT
    assert wall_sits["figure"] == {"position": "wall", "start": "wall-stand", "hold": "wall-sit"}
    # Saved again after a change: the next version of the same routine.
    page.locator("#f-exercises-6-reps-max").fill("5")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#save-status")).to_have_text(re.compile("Saved: .*version 2"))
    assert page.evaluate("() => window.__violations") == []

    # Run it for a patient: the new routine is in the picker; the tablet follows.
    page.goto(live_server)
    page.get_by_role("radio", name="Back and hip (clinic)").check()
    page.get_by_role("button", name="Run for a patient").click()
    expect(page.locator("#console-code")).to_have_text(re.compile(r"^[A-Z0-9]{3}-[A-Z0-9]{3}$"))
    join_url = page.locator("#console-link").get_attribute("href")
    follow(tablet, join_url)
    page.get_by_role("button", name="Start the session").click()
    expect(tablet.locator("#player")).to_be_visible()
    expect(tablet.locator("#exercise-name")).to_have_text(re.compile("Knee to Chest"))
    assert page.errors == [] and tablet.errors == []


def test_listen_plays_the_recorded_voice_once_it_is_made(server, browser):
    """On the shared server, whose seed routine's clips are built: a copy of it says the
    same cues, so its recorded voice is ready at once, and Listen plays the clip instead of
    the device's voice."""
    page = watched_page(browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                            has_touch=True))
    try:
        page.add_init_script(RECORD_SPEECH)
        sign_in_browser(page.context, server)
        page.goto(f"{server}/editor")
        page.get_by_role("button", name="Copy: Lower back & hip pain").click()
        expect(page.locator("#preview .paces")).to_contain_text("Standard pace")
        listen = page.get_by_role("button", name="Listen: Knee to chest.")
        listen.click()  # the device's voice at once; the recorded voice is asked for
        page.wait_for_function("() => window.__spoken.includes('Knee to chest.')")
        expect(page.locator("#voice-words")).to_contain_text("The recorded voice is ready")
        expect(page.locator("#voice-progress")).to_have_attribute("value", re.compile(r"^\d+$"))
        page.evaluate("""() => { window.__playing = [];
            document.getElementById('cue-audio').addEventListener('playing',
                (e) => window.__playing.push(e.target.currentSrc)); }""")
        listen.click()
        page.wait_for_function(
            "() => window.__playing.some((src) => /\\/audio\\/[0-9a-f]{64}\\.mp3$/.test(src))")
        assert page.evaluate("() => window.__spoken.filter((t) => t === 'Knee to chest.')") \
            == ["Knee to chest."]  # said by the device once only, before the clip was there
        assert page.errors == []
    finally:
        page.context.close()


def test_a_new_routine_from_scratch_by_keyboard(server, browser):
    page = watched_page(browser.new_context(**LAPTOP))
    try:
        sign_in_browser(page.context, server)
        page.goto(f"{server}/editor")
        expect(page.locator("body")).to_have_attribute("data-ready", "1")
        page.get_by_role("button", name="New routine").click()
        expect(page.locator("#edit-title")).to_be_focused()
        expect(page.locator("#problems")).to_contain_text("1 problem to fix")  # no exercise
        page.get_by_label("Kind of the new exercise").select_option("reps")
        page.get_by_role("button", name="Add an exercise").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#f-exercises-0-title")).to_be_focused()
        page.locator("#f-exercises-0-name").fill("Heel raises")
        expect(page.locator("#f-exercises-0-title")).to_have_text("1. Heel raises")
        expect(page.locator("#problems")).to_contain_text("1 problem")
        expect(page.locator("#f-exercises-0-instructions-problem")).to_be_visible()
        page.locator("#f-exercises-0-instructions").fill("Stand tall.\nRise onto your toes.")
        expect(page.locator("#problems")).to_contain_text("No problems found")
        expect(page.locator("#preview .script")).to_contain_text("Heel raises.")
        page.get_by_role("button", name="Remove 1. Heel raises").click()
        expect(page.get_by_label("Kind of the new exercise")).to_be_focused()
        assert page.errors == []
    finally:
        page.context.close()


def test_a_handout_file_is_read_and_a_bad_one_refused_in_words(server, browser, tmp_path):
    page = watched_page(browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                            has_touch=True))
    try:
        sign_in_browser(page.context, server)
        page.goto(f"{server}/editor")
        expect(page.locator("body")).to_have_attribute("data-ready", "1")
        page.get_by_role("button", name="Import from a handout").click()
        handout = SEED.parent / "hamstring_md.md"
        page.get_by_label("Or choose a file (.txt or .md)").set_input_files(str(handout))
        expect(page.locator("#import-status")).to_contain_text("Read hamstring_md.md")
        assert page.get_by_label("The handout's text").input_value() \
            == handout.read_text(encoding="utf-8").lstrip("\ufeff")
        pdf = tmp_path / "handout.pdf"
        pdf.write_bytes(b"%PDF-1.4 not text")
        page.get_by_label("Or choose a file (.txt or .md)").set_input_files(str(pdf))
        expect(page.locator("#import-status")).to_have_text("Choose a .txt or .md file.")
        page.get_by_label("The handout's text").fill("Nice weather today.")
        page.get_by_role("button", name="Read the handout").click()
        expect(page.locator("#import-status")).to_contain_text("no exercises found")
        expect(page.get_by_label("The handout's text")).to_be_focused()
        page.get_by_label("The handout's text").fill(handout.read_text(encoding="utf-8"))
        page.get_by_role("button", name="Read the handout").click()
        expect(page.locator("#routine-form .exercise").first).to_be_visible()
        assert page.errors == []
    finally:
        page.context.close()
