"""How long does the voice build take, and how much does it ask of Google? Prints figures.

Google's TTS endpoint is stubbed (the `responses` library) with a fixed latency per request
(300 ms by default) and answers with silent MP3s whose length grows with the text; gTTS's
real code runs. Compares the real build (a few requests in flight, polite spacing) with a
naive serial build (one request after another) of the same distinct cues, then a warm
build (everything cached). Not a test: a figure.
"""

from __future__ import annotations

import argparse
import base64
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import json
from pathlib import Path

import responses

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sessions.catalog import Catalog  # noqa: E402
from sessions.config import Settings  # noqa: E402
from sessions.core.timeline import PACES  # noqa: E402
from sessions.voice.build import Synthesizer, build  # noqa: E402
from sessions.voice.clips import ClipStore  # noqa: E402
from sessions.voice.engines import GTTSEngine  # noqa: E402

TTS_URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"


def silent_mp3(path: Path, seconds: float) -> bytes:
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", "anullsrc=r=24000:cl=mono", "-t", f"{seconds:.2f}", "-ac", "1",
                    "-b:a", "32k", "-codec:a", "libmp3lame", str(path)], check=True)
    return path.read_bytes()


class SerialGTTS(GTTSEngine):
    concurrency = 1
    min_interval = 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--latency", type=float, default=0.3, help="seconds per stubbed request")
    ap.add_argument("--skip-serial", action="store_true", help="do not run the naive build")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="limber-voice-bench-"))
    clips = {n: silent_mp3(tmp / f"{n}.mp3", 0.4 + 0.35 * n) for n in range(1, 25)}
    calls = []
    lock = threading.Lock()

    def answer(request):
        body = request.body if isinstance(request.body, str) else request.body.decode()
        rpc = json.loads(urllib.parse.parse_qs(body)["f.req"][0])
        text = json.loads(rpc[0][0][1])[0]
        with lock:
            calls.append(text)
        time.sleep(args.latency)
        mp3 = clips[min(24, max(1, len(text.split())))]
        row = ('[["wrb.fr","jQ1olc","[\\"' + base64.b64encode(mp3).decode()
               + '\\"]",null,null,null,"generic"]]')
        return 200, {}, f")]}}'\n\n{len(row)}\n{row}\n"

    settings = Settings(audio_dir=tmp / "audio")
    catalog = Catalog(settings)
    routines = list(catalog.library.routines.values())
    seed = catalog.library.routines["lower-back-hip"]

    def run(engine_cls, audio_dir: Path):
        synth = Synthesizer([engine_cls()], ClipStore(audio_dir))
        calls.clear()
        started = time.perf_counter()
        report = build([seed], PACES, catalog.options, synth, audio_dir)
        return report, time.perf_counter() - started, len(calls)

    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add_callback(responses.POST, TTS_URL, callback=answer)
        cold, cold_s, cold_requests = run(GTTSEngine, tmp / "audio")
        warm, warm_s, warm_requests = run(GTTSEngine, tmp / "audio")
        if not args.skip_serial:
            serial, serial_s, serial_requests = run(SerialGTTS, tmp / "serial")

    print(f"routine: {seed.id} ({len(routines)} in the library), paces: {', '.join(PACES)}")
    print(f"stub latency: {args.latency * 1000:.0f} ms per request; "
          f"{GTTSEngine.concurrency} in flight, starts >= {GTTSEngine.min_interval * 1000:.0f} ms"
          f" apart")
    print(f"distinct cues: {len(cold.outcomes)}; cue occurrences over the 3 timelines: "
          f"{cold.occurrences} ({cold.occurrences / len(cold.outcomes):.1f}x reuse)")
    print(f"requests (cold): {cold_requests} (one per gTTS chunk of each distinct cue); "
          f"failed: {len(cold.failed)}")
    print(f"cold build: {cold_s:.2f} s")
    if not args.skip_serial:
        print(f"naive serial build (1 in flight): {serial_s:.2f} s, {serial_requests} requests"
              f" -> cold build is {serial_s / cold_s:.1f}x faster")
        print(f"one request per occurrence, serial (not run, computed): "
              f"{cold.occurrences * args.latency:.1f} s")
    print(f"warm build: {warm_s * 1000:.0f} ms, {warm_requests} requests, "
          f"{warm.cached} cached")
    for pace in PACES:
        print(f"audio for {pace}: {cold.bytes_per_pace[pace] / 1024:.1f} KiB")
    print(f"all distinct clips: {sum(o.bytes for o in cold.outcomes.values()) / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
