"""Cue audio in a real browser: the page itself plays the clip files (media events recorded
by the page's AudioPlayer in window.__limber.media), volume and mute, and the device-voice
fallback for a cue without a clip. The test never calls play(): it taps Start."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import RECORD_DEVICE_VOICE, skip_to_the_end

pytestmark = pytest.mark.e2e

ROUTINE = "Lower back & hip pain"
CLIP = re.compile(r"/audio/[0-9a-f]{64}\.mp3$")


def media(page) -> list[dict]:
    return page.evaluate("() => window.__limber.media.slice()")


def test_the_page_plays_cue_files(server, phone):
    page = phone
    timeline = page.request.get(f"{server}/api/routines/lower-back-hip/timeline?pace=gentle").json()
    assert all(s["audio"] for s in timeline["steps"]), "the fixture built every clip"
    page.goto(server)
    page.get_by_role("radio", name=ROUTINE).check()
    volume = page.get_by_role("slider", name="Volume")
    expect(volume).to_be_visible()
    volume.fill("60")
    page.get_by_role("button", name="Start").tap()
    expect(page.locator("#player")).to_be_visible()
    # At time scale 60 a step lasts a few hundred ms: wait for any cue clip to be playing
    # (a clip by its content hash: the silent clip the Start tap plays to unlock sound, at
    # volume 0, is under /static/audio/ too).
    page.wait_for_function(
        "(clip) => window.__limber.media.some((e) => e.type === 'playing'"
        " && new RegExp(clip).test(e.src))", arg=CLIP.pattern, timeout=10_000)
    assert page.evaluate("document.getElementById('cue-audio').volume") == pytest.approx(0.6)
    expect(page.get_by_role("heading", name="Well done")).to_be_visible(timeout=60_000)
    # The last cue plays to its end.
    page.wait_for_function(
        "(clip) => window.__limber.media.some((e) => e.type === 'ended'"
        " && new RegExp(clip).test(e.src))", arg=CLIP.pattern, timeout=10_000)
    events = media(page)
    played = {e["src"].split("/audio/")[-1] for e in events
              if e["type"] == "playing" and CLIP.search(e["src"])}
    assert len(played) >= 10, events
    assert not [e for e in events if e["type"] == "error"], events
    # Every clip came from this server, and every one was a cue of the timeline.
    urls = {s["audio"].split("/audio/")[-1] for s in timeline["steps"]} | {
        m["audio"].split("/audio/")[-1] for s in timeline["steps"] for m in s["marks"]}
    assert played <= urls
    expect(page.locator("#device-voice")).to_be_hidden()
    assert page.console_errors == []


def test_mute_silences_the_clips(server, phone):
    page = phone
    page.goto(server)
    page.get_by_role("radio", name=ROUTINE).check()
    page.get_by_role("button", name="Mute").tap()
    expect(page.get_by_role("button", name="Mute")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("slider", name="Volume")).to_be_disabled()
    page.get_by_role("button", name="Start").tap()
    expect(page.locator("#player")).to_be_visible()
    page.wait_for_function("() => Number(document.getElementById('player').dataset.step) >= 3",
                           timeout=10_000)
    assert not [e for e in media(page) if e["type"] == "playing" and CLIP.search(e["src"])]
    assert page.console_errors == []


def test_a_cue_without_a_clip_uses_the_device_voice(server, phone):
    page = phone
    # The server's answers lose their audio URLs for one step: that cue has no clip.
    page.goto(server)
    page.evaluate("""() => {
      const orig = window.__limber.store.set.bind(window.__limber.store);
      window.__limber.store.set = (patch) => {
        if (patch.timeline) {
          patch = { ...patch, timeline: { ...patch.timeline, steps: patch.timeline.steps.map(
            (s, i) => i === 0 ? { ...s, audio: null } : s) } };
        }
        return orig(patch);
      };
    }""")
    # At a high time scale the first step lasts ~0.1 s: every showing and hiding is recorded.
    page.evaluate(RECORD_DEVICE_VOICE)
    page.get_by_role("radio", name=ROUTINE).check()
    page.get_by_role("button", name="Start").tap()
    page.wait_for_function(
        "() => window.__deviceVoiceSeen.includes('Using the device voice')", timeout=10_000)
    # The next cue has its clip again: the indicator goes.
    page.wait_for_function("""() => { const seen = window.__deviceVoiceSeen;
        return seen.lastIndexOf('hidden') > seen.indexOf('Using the device voice'); }""",
                           timeout=10_000)
    assert page.console_errors == []


# In the page, from the start: what the device voice is asked to say (per text), and the
# sources whose play() was refused.
RECORD_SPEECH_AND_REFUSED_PLAYS = """(() => {
  window.__spoken = {};
  window.__playRefused = [];
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    const src = this.src;
    const p = play.call(this);
    if (p && p.catch) p.catch(() => window.__playRefused.push(src));
    return p;
  };
  if (!('speechSynthesis' in window)) return;
  const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
  window.speechSynthesis.speak = (u) => {
    window.__spoken[u.text] = (window.__spoken[u.text] || 0) + 1;
    return speak(u);
  };
})()"""


def test_a_failing_clip_is_spoken_once_by_the_device_voice(server, phone):
    page = phone
    timeline = page.request.get(f"{server}/api/routines/lower-back-hip/timeline?pace=gentle").json()
    last = timeline["steps"][-1]
    assert last["audio"], "the fixture built every clip"
    # The last cue's clip fails: no later cue or mark can replace it, so however late the
    # failure is reported (the session may have finished by then), its words are due.
    assert not last["marks"]
    failing = last["audio"].split("/audio/")[-1]
    # That one clip is missing (the context routes the service worker's fetches too): the
    # element reports 'error' and its play() is refused, two reports of one failure.
    page.context.route(CLIP, lambda route: route.fulfill(status=404, body="")
                       if route.request.url.endswith(failing) else route.continue_())
    page.add_init_script(RECORD_SPEECH_AND_REFUSED_PLAYS)
    page.goto(server)
    page.evaluate(RECORD_DEVICE_VOICE)
    page.get_by_role("radio", name=ROUTINE).check()
    page.get_by_role("button", name="Start").tap()
    expect(page.locator("#player")).to_be_visible()
    skip_to_the_end(page)
    # Both reports are in: the element's 'error' and the refused play().
    page.wait_for_function("""(clip) => window.__playRefused.some((s) => s.endsWith(clip))
        && window.__limber.media.some((e) => e.type === 'error' && e.src.endsWith(clip))""",
                           arg=failing)
    spoken = page.evaluate("() => window.__spoken")
    assert spoken.get(last["cue"]) == 1, spoken
    assert page.evaluate("() => window.__deviceVoiceSeen.at(-1)") == "Using the device voice"
    assert [e for e in page.console_errors if not e.endswith(failing)] == []
    # End it on the server, which every browser test shares.
    page.evaluate("() => window.__limber.conn.end(window.__limber.store.get('session'))"
                  ".then(() => true)")
