"""What the real-browser tests (and the benchmarks that drive a browser) share: Debian's
Chromium under Playwright, the devices a test opens (a clinician's laptop, a patient's tablet),
moves on the player and recorders put into the page.

Never `playwright install`: these machines have no internet; Chromium comes from Debian."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
]


@contextmanager
def chromium():
    """Debian's Chromium, launched by Playwright; closed afterwards. Missing is a failure
    (.ci/run installs it)."""
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} not found: apt-get install chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()

# The devices of a clinician's session: the laptop runs the console, the tablet follows.
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
TABLET = {"viewport": {"width": 800, "height": 1280}, "is_mobile": True, "has_touch": True}
# A patient's phone, as most tests see it.
PHONE = {"viewport": {"width": 360, "height": 640}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}


# What the user pressed, in order, in window.__pressed: a failed test's report shows it (did
# a tap arrive, and on what?). Capture phase, so nothing the page does can hide it.
RECORD_PRESSES = """(() => {
  const pressed = window.__pressed = [];
  for (const type of ['touchend', 'click', 'keydown']) {
    document.addEventListener(type, (ev) => {
      const t = ev.target;
      const name = t && t.closest ? (t.closest('[id]') || t).id || t.tagName : String(t);
      pressed.push(`${Math.round(performance.now())} ${type} ${ev.key || name}`);
      if (pressed.length > 40) pressed.shift();
    }, true);
  }
})();"""

PAGE_STATE = """() => ({
  url: location.href, body: {...document.body.dataset}, scrollY: Math.round(scrollY),
  focus: document.activeElement && (document.activeElement.id || document.activeElement.tagName),
  now: Math.round(performance.now()), pressed: window.__pressed || [],
})"""


def describe_page(page) -> str:
    """What a failed test's report says about a page: where it is, what it shows, what was
    pressed and which errors it had."""
    errors = getattr(page, "errors", None) or getattr(page, "console_errors", [])
    try:
        state = page.evaluate(PAGE_STATE)
    except Exception as err:  # a closed or crashed page still has its errors to show
        state = {"unreadable": str(err)}
    return f"state: {state}\nerrors: {errors}"


def watched_page(context):
    """A new page in `context` whose errors are kept in `page.errors`: uncaught ones and the
    console's (but failed loads, which a test that expects them checks itself)."""
    context.add_init_script(RECORD_PRESSES)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and not m.text.startswith(
        "Failed to load resource") and page.errors.append(m.text))
    return page


@contextmanager
def device(browser, **context):
    """A watched page in a context of its own (`context`: Playwright's new_context options),
    closed afterwards."""
    page = watched_page(browser.new_context(**context))
    try:
        yield page
    finally:
        page.context.close()


def follow(tablet, join_url: str) -> None:
    """The patient's device joins a session by its link: it waits for the clinician, and one
    tap turns its sound on."""
    tablet.goto(join_url)
    expect(tablet.get_by_role("heading", name="Waiting for your clinician")).to_be_visible()
    tablet.get_by_role("button", name="Tap to enable sound").tap()
    expect(tablet.get_by_text("Sound is on")).to_be_visible()

# The page's calls to navigator.mediaSession.setActionHandler, recorded (an init script):
# the handlers are kept in window.__media.handlers and still passed on to the browser.
RECORD_MEDIA_SESSION = """(() => {
  const rec = window.__media = { handlers: {}, log: [] };
  const ms = navigator.mediaSession;
  if (!ms) return;
  const set = ms.setActionHandler.bind(ms);
  ms.setActionHandler = (action, handler) => {
    rec.handlers[action] = handler;
    rec.log.push([action, Boolean(handler)]);
    return set(action, handler);
  };
})();"""

# Every time the "Using the device voice" indicator is shown or hidden, in order, in
# window.__deviceVoiceSeen (a step can last a tenth of a second: looking is too late).
RECORD_DEVICE_VOICE = """() => {
  const el = document.getElementById('device-voice');
  window.__deviceVoiceSeen = [];
  new MutationObserver(() => window.__deviceVoiceSeen.push(
    el.hidden ? 'hidden' : el.textContent)).observe(el, {attributes: true});
}"""


def step_index(page) -> int:
    return int(page.locator("#player").get_attribute("data-step"))


def press_next(page) -> None:
    """Press Next (the right arrow) and wait until the player has moved on (or ended)."""
    before = step_index(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(before) => !document.getElementById('finished').hidden"
        " || Number(document.getElementById('player').dataset.step) > before", arg=before)


def skip_to_the_end(page) -> None:
    """Press Next until the end screen shows, each press once the last one has moved the
    player on."""
    for _ in range(400):
        if page.locator("#finished").is_visible():
            break
        press_next(page)
    expect(page.get_by_role("heading", name="Well done")).to_be_visible(timeout=60_000)
