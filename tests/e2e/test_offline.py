"""Offline in a real browser: save the seed routine (gentle), go offline, reload, run it to
the end on the device's own runner with cue files from the cache; no request reaches the
server while offline (the server's own request log proves it). An interrupted save is not
marked as saved. The service worker answers a Range request to a cached clip with a 206.

A server of its own at time scale 240, so the saved (already scaled) timeline plays in
seconds."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.server import LimberServer
from .conftest import CLINIC

pytestmark = pytest.mark.e2e

ROUTINE = "Lower back & hip pain"
SCALE = 240
CLIP = re.compile(r"/audio/[0-9a-f]{64}\.mp3$")
REQUEST_LINE = re.compile(r'"(GET|POST|PUT|DELETE|HEAD) ')


@pytest.fixture(scope="module")
def fast_server(tmp_path_factory, audio_dir):
    srv = LimberServer(tmp_path_factory.mktemp("limber-offline"), time_scale=SCALE,
                       audio_dir=audio_dir, clinic_name=CLINIC["name"],
                       clinic_phone=CLINIC["phone"], clinic_booking_url=CLINIC["booking_url"])
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


def served(srv: LimberServer) -> list[str]:
    """The HTTP requests the server has logged (werkzeug logs every one when it ends)."""
    return [line for line in srv.log().splitlines() if REQUEST_LINE.search(line)]


def reached_since(srv: LimberServer, before: list[str]) -> list[str]:
    """Requests logged since `before`, except two that no page made while offline:
    - a WebSocket opened while online: werkzeug logs it only when it closes (the reload
      closes it), but it reached the server before;
    - the browser's own service-worker update check (GET /sw.js): Chromium makes it from the
      browser process, which Playwright's offline emulation does not cover (on a real
      offline device it simply fails), so it may land while the context is "offline"."""
    opened = {m.group(1) for line in before for m in [re.search(r"sid=([\w-]+)", line)] if m}
    out = []
    for line in served(srv)[len(before):]:
        m = re.search(r"transport=websocket&sid=([\w-]+)", line)
        if not (m and m.group(1) in opened) and '"GET /sw.js HTTP' not in line:
            out.append(line)
    return out


@pytest.fixture
def ctx(browser):
    context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    yield context
    context.close()


def open_controlled(ctx, url):
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url)
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller",
                           timeout=15_000)
    page.get_by_role("radio", name=ROUTINE).check()
    page.get_by_role("radio", name=re.compile(r"^Gentle")).check()
    return page


def saved_entries(page) -> list[str]:
    return page.evaluate("""async () => {
      const c = await caches.open('limber-offline');
      return (await c.keys()).map((r) => new URL(r.url).pathname);
    }""")


def test_saved_routine_runs_offline_from_the_cache(fast_server, ctx):
    page = open_controlled(ctx, fast_server.url)
    page.get_by_role("button", name="Save for offline").tap()
    saved = page.locator("#saved-list li", has_text="Gentle")
    expect(saved).to_be_visible(timeout=30_000)
    expect(saved).to_contain_text(re.compile(r"\d+ KB|\d+\.\d MB"))
    assert saved_entries(page) == ["/offline/lower-back-hip/gentle"]

    before = served(fast_server)
    log = []
    ctx.on("requestfinished", lambda r: log.append(r))
    ctx.set_offline(True)
    page.reload()
    expect(page.locator("#net-status")).to_be_visible()
    expect(page.locator("#net-status")).to_contain_text("offline")
    expect(page.get_by_role("button", name="Start")).to_be_enabled()
    expect(page.get_by_role("button", name="Run for a patient")).to_be_disabled()
    expect(page.get_by_role("button", name="Join")).to_be_disabled()

    page.get_by_role("button", name="Start").tap()
    expect(page.locator("#player")).to_be_visible()
    page.wait_for_function("() => Number(document.getElementById('player').dataset.step) >= 3")
    expect(page.get_by_role("heading", name="Well done")).to_be_visible(timeout=60_000)
    # At this time scale most cues are cut short by the next step (how many begin depends on
    # the machine's load), but a finished session lets its last words end: that clip plays.
    page.wait_for_function("""() => window.__limber.media.some(
        (e) => e.type === 'playing' && /\\/audio\\/[0-9a-f]{64}\\.mp3$/.test(e.src))""")

    events = page.evaluate("() => window.__limber.media.slice()")
    played = [e for e in events if e["type"] == "playing" and CLIP.search(e["src"])]
    assert played, events
    assert not [e for e in events if e["type"] == "error"], events

    # A Range request to a cached clip: the service worker answers 206 from the whole clip.
    clip = played[0]["src"]
    answer = page.evaluate("""async (url) => {
      const full = await (await fetch(url)).arrayBuffer();
      const res = await fetch(url, {headers: {Range: 'bytes=100-199'}});
      const part = await res.arrayBuffer();
      const tail = await fetch(url, {headers: {Range: 'bytes=-50'}});
      return {status: res.status, range: res.headers.get('Content-Range'), size: full.byteLength,
              length: part.byteLength,
              same: new Uint8Array(full).slice(100, 200).every((b, i) => b === new Uint8Array(part)[i]),
              tail: tail.status, tailRange: tail.headers.get('Content-Range')};
    }""", clip)
    assert answer["status"] == 206 and answer["length"] == 100 and answer["same"], answer
    assert answer["range"] == f"bytes 100-199/{answer['size']}", answer
    assert answer["tail"] == 206
    assert answer["tailRange"] == f"bytes {answer['size'] - 50}-{answer['size'] - 1}/{answer['size']}"

    # Nothing reached the server while offline: its own log, and the browser's network log
    # (every finished request was answered by the service worker).
    assert reached_since(fast_server, before) == []
    assert log, "the offline run made requests (answered from the cache)"
    not_from_cache = [r.url for r in log if not r.response().from_service_worker]
    assert not_from_cache == []
    assert page.errors == []


def test_an_interrupted_save_is_not_marked_as_saved(fast_server, ctx):
    page = open_controlled(ctx, fast_server.url)
    # The first five clips come; the others are held until the network goes, so the save
    # is surely still running then, and they are lost with it.
    passed, held, network = set(), [], {"up": True}

    def five_then_hold(route):
        if not network["up"]:
            route.abort("internetdisconnected")
        elif route.request.url in passed or len(passed) < 5:
            passed.add(route.request.url)
            route.continue_()
        else:
            held.append(route)
    ctx.route(CLIP, five_then_hold)
    page.get_by_role("button", name="Save for offline").tap()
    expect(page.locator("#save-text")).to_contain_text(re.compile(r"Saving… 5 of \d+ files"))
    ctx.set_offline(True)
    network["up"] = False
    for route in held:
        route.abort("internetdisconnected")
    expect(page.locator("#save-error")).to_be_visible(timeout=20_000)
    expect(page.locator("#save-error")).to_contain_text("not saved")
    assert saved_entries(page) == []
    expect(page.locator("#saved-list li")).to_have_count(0)
    # Nothing half-saved is offered: offline, Start stays disabled for this routine.
    page.reload()
    expect(page.locator("#net-status")).to_be_visible()
    expect(page.get_by_role("button", name="Start")).to_be_disabled()
    ctx.set_offline(False)
    assert page.errors == []


def test_a_changed_routine_offers_the_update_and_remove_frees_it(fast_server, ctx):
    page = open_controlled(ctx, fast_server.url)
    page.get_by_role("button", name="Save for offline").tap()
    expect(page.locator("#saved-list li", has_text="Gentle")).to_be_visible(timeout=30_000)
    # The server's version moves on: here, the saved copy's hash is made stale.
    page.evaluate("""async () => {
      const c = await caches.open('limber-offline');
      const key = '/offline/lower-back-hip/gentle';
      const entry = await (await c.match(key)).json();
      entry.hash = 'stale';
      await c.put(key, new Response(JSON.stringify(entry)));
    }""")
    page.reload()
    item = page.locator("#saved-list li", has_text="Gentle")
    expect(item).to_contain_text("update available")
    page.get_by_role("button", name=re.compile("^Update Lower back")).tap()
    expect(item).not_to_contain_text("update available", timeout=30_000)
    assert page.evaluate("""async () => (await (await caches.open('limber-offline'))
      .match('/offline/lower-back-hip/gentle').then((r) => r.json())).hash""") != "stale"
    page.get_by_role("button", name=re.compile("^Remove Lower back")).tap()
    expect(page.locator("#saved-list li")).to_have_count(0)
    assert saved_entries(page) == []
    assert page.evaluate("async () => (await (await caches.open('limber-audio')).keys()).length") == 0
    assert page.errors == []
