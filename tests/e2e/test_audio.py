"""Cue audio in a real browser: the page itself plays the clip files (media events recorded
by the page's AudioPlayer in window.__limber.media), volume and mute, and the device-voice
fallback for a cue without a clip. The test never calls play(): it taps Start."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

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
    # At time scale 60 a step lasts a few hundred ms: wait for any cue clip to be playing.
    page.wait_for_function(
        "() => window.__limber.media.some((e) => e.type === 'playing' && /\\/audio\\//.test(e.src))",
        timeout=10_000)
    assert page.evaluate("document.getElementById('cue-audio').volume") == pytest.approx(0.6)
    expect(page.get_by_role("heading", name="Well done")).to_be_visible(timeout=60_000)
    # The last cue plays to its end.
    page.wait_for_function(
        "() => window.__limber.media.some((e) => e.type === 'ended' && /\\/audio\\//.test(e.src))",
        timeout=10_000)
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
    # At a high time scale the first step lasts ~0.1 s: record every time the indicator is
    # shown or hidden rather than hoping to look at the right moment.
    page.evaluate("""() => {
      const el = document.getElementById('device-voice');
      window.__deviceVoiceSeen = [];
      new MutationObserver(() => window.__deviceVoiceSeen.push(
        el.hidden ? 'hidden' : el.textContent)).observe(el, {attributes: true});
    }""")
    page.get_by_role("radio", name=ROUTINE).check()
    page.get_by_role("button", name="Start").tap()
    page.wait_for_function(
        "() => window.__deviceVoiceSeen.includes('Using the device voice')", timeout=10_000)
    # The next cue has its clip again: the indicator goes.
    page.wait_for_function("""() => { const seen = window.__deviceVoiceSeen;
        return seen.lastIndexOf('hidden') > seen.indexOf('Using the device voice'); }""",
                           timeout=10_000)
    assert page.console_errors == []


def test_a_failing_clip_is_spoken_once_by_the_device_voice(server, phone):
    page = phone
    timeline = page.request.get(f"{server}/api/routines/lower-back-hip/timeline?pace=gentle").json()
    first = timeline["steps"][0]
    assert first["audio"], "the fixture built every clip"
    failing = first["audio"].split("/audio/")[-1]
    # That one clip is missing (the context routes the service worker's fetches too): the
    # element reports 'error' and its play() rejects.
    page.context.route(re.compile(r"/audio/[0-9a-f]{64}\.mp3$"), lambda route: route.fulfill(
        status=404, body="") if route.request.url.endswith(failing) else route.continue_())
    # Count what the device voice is asked to say, per text.
    page.add_init_script("""(() => {
      window.__spoken = {};
      if (!('speechSynthesis' in window)) return;
      const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
      window.speechSynthesis.speak = (u) => {
        window.__spoken[u.text] = (window.__spoken[u.text] || 0) + 1;
        return speak(u);
      };
    })()""")
    page.goto(server)
    page.evaluate("""() => {
      const el = document.getElementById('device-voice');
      window.__deviceVoiceSeen = [];
      new MutationObserver(() => window.__deviceVoiceSeen.push(
        el.hidden ? 'hidden' : el.textContent)).observe(el, {attributes: true});
    }""")
    page.get_by_role("radio", name=ROUTINE).check()
    page.get_by_role("button", name="Start").tap()
    page.wait_for_function(
        "() => window.__deviceVoiceSeen.includes('Using the device voice')", timeout=10_000)
    # Both failure reports have arrived well before the third step starts.
    page.wait_for_function("() => Number(document.getElementById('player').dataset.step) >= 3",
                           timeout=10_000)
    spoken = page.evaluate("() => window.__spoken")
    assert spoken.get(first["cue"]) == 1, spoken
    assert [e for e in page.console_errors if not e.endswith(failing)] == []
    # End it on the server: the session-wide server allows one device only a few live sessions.
    page.evaluate("() => window.__limber.conn.end(window.__limber.store.get('session'))"
                  ".then(() => true)")
