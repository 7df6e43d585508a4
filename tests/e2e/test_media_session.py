"""Lock-screen controls (Media Session) in a real browser.

The page's calls to navigator.mediaSession.setActionHandler are recorded by an init script
(the handlers are kept, and still passed on to the browser); calling a recorded handler is
what the lock screen does, and it must act through the app's own command path.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import RECORD_MEDIA_SESSION, skip_to_the_end

pytestmark = pytest.mark.e2e

ROUTINE = "Lower back & hip pain"

MEDIA_STATE = """() => {
  const ms = navigator.mediaSession;
  const m = ms.metadata;
  return {
    state: ms.playbackState,
    title: m ? m.title : null, artist: m ? m.artist : null, album: m ? m.album : null,
    artwork: m ? m.artwork.map((a) => a.src) : [],
    handlers: Object.fromEntries(Object.entries(window.__media.handlers)
      .map(([k, v]) => [k, typeof v === 'function'])),
  };
}"""


def press(page, action):
    page.evaluate(f"() => window.__media.handlers[{action!r}]({{action: {action!r}}})")


def test_lock_screen_controls_drive_a_solo_session(server, phone):
    page = phone
    page.add_init_script(RECORD_MEDIA_SESSION)
    page.goto(server)
    assert page.evaluate("() => Boolean(navigator.mediaSession)")
    page.get_by_role("radio", name=ROUTINE).check()
    page.get_by_role("button", name="Start").tap()
    expect(page.locator("#player")).to_be_visible()
    page.wait_for_function("() => document.body.dataset.status === 'running'"
                           " && navigator.mediaSession.playbackState === 'playing'")

    media = page.evaluate(MEDIA_STATE)
    assert media["handlers"] == {"play": True, "pause": True, "nexttrack": True,
                                 "previoustrack": True}
    assert media["artist"] == ROUTINE
    assert media["album"] == "Limber"
    assert media["title"]
    assert any(src.endswith("/static/icons/icon-192.png") for src in media["artwork"])

    # The lock screen's pause: the player shows paused, through the app's own command.
    press(page, "pause")
    expect(page.locator("body")).to_have_attribute("data-status", "paused")
    expect(page.locator("#paused-banner")).to_be_visible()
    page.wait_for_function("() => navigator.mediaSession.playbackState === 'paused'")

    # Next track skips a step (still paused), the title follows the step.
    before = int(page.locator("#player").get_attribute("data-step"))
    press(page, "nexttrack")
    page.wait_for_function(
        f"() => Number(document.getElementById('player').dataset.step) > {before}")
    expect(page.locator("body")).to_have_attribute("data-status", "paused")
    heading = page.locator("#exercise-name").text_content()
    cue = page.locator("#cue").text_content()
    assert page.evaluate(MEDIA_STATE)["title"] in (heading, cue)

    # Play resumes.
    press(page, "play")
    expect(page.locator("body")).to_have_attribute("data-status", "running")
    expect(page.locator("#paused-banner")).to_be_hidden()

    # Leaving the session clears the lock screen and its handlers.
    skip_to_the_end(page)
    page.get_by_role("button", name="Back to routines").tap()
    expect(page.get_by_role("heading", name="Choose a routine")).to_be_visible()
    media = page.evaluate(MEDIA_STATE)
    assert media["title"] is None and media["state"] == "none"
    assert media["handlers"] == {"play": False, "pause": False, "nexttrack": False,
                                 "previoustrack": False}
    assert page.console_errors == []
