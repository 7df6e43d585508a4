"""Two devices in a real browser: the clinician's console (laptop) and the patient's tablet.

The console creates a session and adjusts the dose, the tablet joins by the link, taps to
enable sound and follows; their countdowns agree to within what each page knows of the
server's clock (half its best ping's round trip). The server runs at time scale 4 (a timed
hold lasts about two seconds), in its own process so the per-address create/join limits
are not shared with the other browser tests.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.support.browser import PHONE, follow, watched_page
from tests.support.server import LimberServer

pytestmark = pytest.mark.e2e

TIME_SCALE = 4
NO_HORIZONTAL_SCROLL = "() => document.scrollingElement.scrollWidth <= window.innerWidth"

# One sample of what a page shows: the step, its status, the countdown drawn, and what it is
# drawn from (the step's deadline on the server's clock, the page's estimate of that clock).
# The view draws every animation frame, before this sample's callback in the same frame (it
# asked first): so the value read was drawn between `after` (the frame before) and `by`.
SAMPLE = """() => new Promise((resolve) => requestAnimationFrame(() => {
  const after = Date.now();
  requestAnimationFrame(() => {
    const c = document.getElementById('countdown');
    const snapshot = window.__limber.store.get('snapshot');
    const clock = window.__limber.clock;
    resolve({
      step: document.getElementById('player').dataset.step,
      status: document.body.dataset.status,
      visible: !c.hidden && !document.getElementById('player').hidden,
      remaining: Number(c.dataset.remainingMs),
      duration: (window.__limber.store.currentStep() || {}).duration_ms,
      deadline: snapshot && snapshot.deadline,
      offset: clock.offset, rtt: clock.rtt, synced: clock.synced,
      after, by: Date.now(),
    });
  });
}))"""

# Every command the page sends to the server, from now on, in window.__commandsSent.
RECORD_COMMANDS_SENT = """() => {
  const conn = window.__limber.conn;
  const request = conn.request.bind(conn);
  window.__commandsSent = [];
  conn.request = (event, payload, ...rest) => {
    if (event === 'command') window.__commandsSent.push(payload.command);
    return request(event, payload, ...rest);
  };
}"""

HANDLERS = """() => Object.fromEntries(Object.entries(window.__media.handlers)
  .map(([k, v]) => [k, typeof v === 'function']))"""


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    with LimberServer(tmp_path_factory.mktemp("limber-two-devices"),
                      time_scale=TIME_SCALE) as server:
        yield server.url


def drawn_from_its_deadline_and_clock(sample) -> bool:
    """Was the countdown drawn as the deadline less the page's server time, at some moment
    between `after` and `by`? (Math.round: within half a ms.)"""
    zero = sample["deadline"] - sample["offset"]  # when it reaches 0, on this machine's clock
    return zero - sample["by"] - 0.5 <= sample["remaining"] <= zero - sample["after"] + 0.5


def countdown_samples(a, b, samples=20):
    """`samples` pairs of samples of both pages on a running timed step they both show."""
    found = []
    hung = time.monotonic() + 120  # only ends a loop whose steps never line up
    while len(found) < samples and time.monotonic() < hung:
        sa, sb = a.evaluate(SAMPLE), b.evaluate(SAMPLE)
        same = (sa["step"] == sb["step"] and sa["status"] == sb["status"] == "running"
                and sa["visible"] and sb["visible"])
        # Not at a step's edges, where a countdown is held (at 0 until the next step comes,
        # at the step's length until it starts by that page's clock).
        if same and all(0 < s["remaining"] < s["duration"] for s in (sa, sb)):
            found.append((sa, sb))
    return found


def test_console_and_follower_stay_in_sync(live_server, laptop, tablet):
    console = laptop
    # The console: create, see the code, the link and the QR.
    console.goto(live_server)
    console.get_by_role("button", name="Run for a patient").click()
    code = console.locator("#console-code")
    expect(code).to_have_text(re.compile(r"^[A-Z0-9]{3}-[A-Z0-9]{3}$"))
    link = console.locator("#console-link")
    join_url = link.get_attribute("href")
    assert join_url.endswith("/j/" + code.text_content().replace("-", ""))
    qr = console.get_by_role("img", name="QR code of the join link")
    expect(qr).to_be_visible()
    console.wait_for_function(
        "() => document.getElementById('console-qr').naturalWidth > 0")

    # The dose for this patient: a longer hold changes the total.
    total = console.locator("#setup-total")
    expect(total).to_contain_text("Total")
    before = total.get_attribute("data-total-ms")
    hold = console.get_by_label("Hold seconds for Knee to chest")
    expect(hold).to_have_value(re.compile(r"^\d+$"))  # the routine's value, shown as one
    hold.fill("20")
    expect(total).not_to_have_attribute("data-total-ms", before)
    # Leave one exercise out: the total shrinks and says so.
    with_knee = int(total.get_attribute("data-total-ms"))
    console.get_by_role("checkbox", name=re.compile("Wall sits")).uncheck()
    console.wait_for_function(
        f"() => Number(document.getElementById('setup-total').dataset.totalMs) < {with_knee}")
    expect(total).to_contain_text("8 exercises")

    # The tablet joins by the link: waiting, then one tap enables sound.
    follow(tablet, join_url)
    assert tablet.evaluate(NO_HORIZONTAL_SCROLL)

    # The console sees it: a connected follower with sound on and its clock figures.
    follower = console.locator('#device-list .device[data-role="follower"]')
    expect(follower).to_contain_text("Connected")
    expect(follower).to_contain_text("Sound on")
    expect(follower).to_contain_text(re.compile(r"round trip \d+ ms"))

    # Start: both show the same step and the same countdown.
    console.get_by_role("button", name="Start the session").click()
    expect(tablet.locator("#player")).to_be_visible()
    expect(console.locator("#player")).to_be_visible()
    pairs = countdown_samples(console, tablet)
    assert len(pairs) == 20, pairs
    for pair in pairs:
        # Each page draws the server's deadline against its estimate of the server's clock...
        assert all(s["synced"] and drawn_from_its_deadline_and_clock(s) for s in pair), pair
        # ...both from the same deadline...
        console_sample, tablet_sample = pair
        assert console_sample["deadline"] == tablet_sample["deadline"], pair
        # ...so they reach zero together, but for their clock estimates: both pages and the
        # server read this machine's clock, so each is off by at most half its best round trip.
        apart = abs(console_sample["offset"] - tablet_sample["offset"])
        assert apart <= (console_sample["rtt"] + tablet_sample["rtt"]) / 2, pair
    # The console stays quiet (the patient's device speaks) and its own entry says so.
    me = console.locator('#device-list .device[data-role="controller"]')
    expect(me).to_contain_text("Muted")

    # The follower has no controls (and its keys do nothing) until shared control; its lock
    # screen shows what plays but has no buttons.
    expect(tablet.locator("#controls")).to_be_hidden()
    tablet.wait_for_function("() => navigator.mediaSession.metadata"
                             " && navigator.mediaSession.metadata.album === 'Limber'")
    assert tablet.evaluate(HANDLERS) == {"play": False, "pause": False, "nexttrack": False,
                                         "previoustrack": False}
    expect(tablet.get_by_role("button", name="Next step")).to_be_hidden()
    console.get_by_role("button", name="Pause").click()
    expect(tablet.locator("#paused-banner")).to_be_visible()
    step = tablet.locator("#player").get_attribute("data-step")
    tablet.evaluate(RECORD_COMMANDS_SENT)
    tablet.keyboard.press("ArrowRight")
    tablet.keyboard.press("Space")
    # A key's command is sent from its handler, before the press returns: none was.
    assert tablet.evaluate("() => window.__commandsSent") == []
    assert tablet.locator("#player").get_attribute("data-step") == step
    assert console.locator("#player").get_attribute("data-step") == step
    expect(console.locator("#paused-banner")).to_be_visible()

    console.get_by_role("switch", name="Let the patient's device use the controls").check()
    expect(tablet.locator("#controls")).to_be_visible()
    tablet.wait_for_function("() => typeof window.__media.handlers.play === 'function'")
    assert tablet.evaluate(HANDLERS) == {"play": True, "pause": True, "nexttrack": True,
                                         "previoustrack": True}
    tablet.get_by_role("button", name="Resume").tap()
    expect(console.locator("#paused-banner")).to_be_hidden()
    expect(console.get_by_role("button", name="Pause")).to_be_visible()
    tablet.get_by_role("button", name="Pause").tap()
    expect(console.locator("#paused-banner")).to_be_visible()
    expect(tablet.locator("#paused-banner")).to_be_visible()

    # Taking control back hides the tablet's controls again.
    console.get_by_role("switch", name="Let the patient's device use the controls").uncheck()
    expect(tablet.locator("#controls")).to_be_hidden()
    tablet.wait_for_function("() => window.__media.handlers.play === null")

    # Jump from the console: the tablet follows.
    console.get_by_role("button", name="4. Bridge", exact=True).click()
    expect(tablet.locator("#exercise-name")).to_have_text("Bridge")

    # End: the tablet says so and goes back to the picker.
    end = console.get_by_role("button", name="End the session")
    end.click()
    console.get_by_role("button", name=re.compile("Tap again to end")).click()
    expect(tablet.get_by_text("Your clinician ended the session.")).to_be_visible()
    expect(tablet.get_by_role("heading", name="Choose a routine")).to_be_visible()
    expect(console.get_by_role("heading", name="Choose a routine")).to_be_visible()
    assert tablet.evaluate("() => navigator.mediaSession.metadata") is None
    assert console.errors == [] and tablet.errors == []


def test_console_on_a_phone_has_no_horizontal_scroll(live_server, browser):
    page = watched_page(browser.new_context(**PHONE))
    try:
        page.goto(live_server + "/?console")
        expect(page.locator("#console-code")).to_have_text(re.compile(r"-"))
        assert page.evaluate(NO_HORIZONTAL_SCROLL)
        unnamed = page.evaluate("""() => [...document.querySelectorAll('button, a[href], input')]
          .filter((el) => el.getBoundingClientRect().width && !el.closest('[hidden]'))
          .filter((el) => !(el.getAttribute('aria-label') || el.textContent.trim()
            || (el.labels && el.labels[0] && el.labels[0].textContent.trim())))
          .map((el) => el.id || el.outerHTML.slice(0, 60))""")
        assert unnamed == []
        page.get_by_role("button", name="Start the session").tap()
        expect(page.get_by_role("button", name="Pause")).to_be_visible()
        assert page.evaluate(NO_HORIZONTAL_SCROLL)
        page.get_by_role("button", name="End the session").tap()
        page.get_by_role("button", name=re.compile("Tap again")).tap()
        expect(page.get_by_role("heading", name="Choose a routine")).to_be_visible()
        assert page.errors == []
    finally:
        page.context.close()


def test_unknown_code_says_so(live_server, tablet):
    tablet.goto(live_server + "/j/ACDEFH")
    error = tablet.locator("#join-error")
    expect(error).to_contain_text("No session with that code")
    expect(tablet.get_by_role("heading", name="Choose a routine")).to_be_visible()
    assert tablet.evaluate("location.pathname") == "/"

    # Typed on the picker, with a made-up code: the same clear message.
    tablet.get_by_label("Join a session").fill("xyz 479")
    tablet.get_by_role("button", name="Join", exact=True).tap()
    expect(error).to_contain_text("No session with that code")
    assert tablet.errors == []
