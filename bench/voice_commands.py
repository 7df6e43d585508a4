"""Spoken commands through the server's listener: accuracy, false triggers, latency, cost.

The corpus is made when the script runs (never committed audio): every command phrase and
a set of distractors (the seed routine's own cues, "hold on", "okay", "that hurts", ...)
said by every offline voice here (Piper's joe at three speeds; espeak-ng en-us, en-gb and
variants, two speeds), clean, in pink noise at 20 and 10 dB SNR, and with one of the app's
cues underneath (10 dB below the speaker). Each utterance is streamed in the chunks a device sends
through the same Listener a device gets (endpointer, decoder, confidence rule), with its
session's grammar. Then the whole routine's cue audio, in timeline order, is streamed
through a listener to count false triggers.

Prints: accuracy per command and condition, wrong commands, distractors heard as
commands, false triggers per 10 minutes of cue audio, latency from the end of speech to the
result (p50/p90: the audio time until the endpointer decides, plus the decode after it),
CPU seconds per second of audio listened to, and memory per decoder.

    python bench/voice_commands.py              # everything (espeak-ng needed)
    python bench/voice_commands.py --quick      # one Piper and two espeak voices
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sessions.core.compiler import compile_timeline  # noqa: E402
from sessions.core.endpointer import BYTES_PER_MS  # noqa: E402
from sessions.core.model import parse_routine  # noqa: E402
from sessions.core.timeline import Options  # noqa: E402
from sessions.listening import Listener, Recogniser  # noqa: E402
from sessions.web.voice_events import CHUNK_MS  # noqa: E402
from tests.listening import speech  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAID = {"Pause.": "pause", "Continue.": "resume", "Resume.": "resume", "Next.": "next",
        "Skip.": "next", "Back.": "previous", "Previous.": "previous", "Repeat.": "repeat",
        "How long left?": "time_left", "What's next?": "whats_next", "Stop.": "stop",
        "Yes.": "yes", "No.": "no"}
EVERYDAY = ["Hold on.", "Okay.", "That hurts.", "Oh no.", "Wait a second.", "Ouch.",
            "I need a break.", "Where was I?", "Come on.", "Right."]
CONDITIONS = ("clean", "noise 20 dB", "noise 10 dB", "cue underneath")


def voices(quick: bool) -> dict:
    piper = {f"piper joe x{s}": (lambda s: lambda t: speech.piper(t, s))(s)
             for s in ((1.0,) if quick else (0.85, 1.0, 1.25))}
    names = ("en-us", "en-gb") if quick else ("en-us", "en-gb", "en-us+f3", "en-us+m3",
                                                "en-gb+f3")
    speeds = (160,) if quick else (130, 175)
    espeak = {f"espeak {v} {s}wpm": (lambda v, s: lambda t: speech.espeak(t, v, s))(v, s)
              for v in names for s in speeds}
    return {**piper, **espeak}


def trimmed(pcm: bytes) -> np.ndarray:
    """The utterance without the synthesiser's own silence around it."""
    x = np.frombuffer(pcm, dtype=np.int16)
    loud = np.flatnonzero(np.abs(x) > 300)
    return x[loud[0]:loud[-1] + 1] if len(loud) else x


def pink(n: int, rng) -> np.ndarray:
    spectrum = np.fft.rfft(rng.standard_normal(n))
    spectrum /= np.sqrt(np.maximum(np.arange(len(spectrum)), 1))
    noise = np.fft.irfft(spectrum, n)
    return noise / np.sqrt(np.mean(noise ** 2))


def power(x: np.ndarray) -> float:
    return float(np.mean(x.astype(np.float64) ** 2)) or 1.0


def scene(voice: np.ndarray, condition: str, cue: np.ndarray, rng) -> tuple[bytes, int]:
    """The utterance between silences, in `condition`; and the end of speech (ms)."""
    before, after = 500 * 16, 900 * 16
    x = np.concatenate([np.zeros(before), voice.astype(np.float64), np.zeros(after)])
    if condition.startswith("noise"):
        snr = float(condition.split()[1])
        # noise throughout, as loud as the SNR says against the speech itself
        x += pink(len(x), rng) * np.sqrt(power(voice) / 10 ** (snr / 10))
    elif condition == "cue underneath":
        under = np.resize(cue.astype(np.float64), len(x))
        x += under * np.sqrt(power(voice) / power(cue) / 10)
    x = np.clip(x, -32768, 32767).astype("<i2")
    return x.tobytes(), (before + len(voice)) // 16


def listen(listener: Listener, pcm: bytes, end_ms: int | None = None):
    """Stream `pcm` in a device's chunks; returns [(command, latency ms or None)] and CPU s."""
    heard: list = []
    out = []
    chunk = CHUNK_MS * BYTES_PER_MS
    cpu = time.process_time()
    for at in range(0, len(pcm), chunk):
        t0 = time.perf_counter()
        listener.take(pcm[at:at + chunk])
        listener.claim() and listener.drain(heard.append)
        while heard:
            decided = time.perf_counter() - t0
            chunk_end_ms = (at + chunk) // BYTES_PER_MS
            latency = None if end_ms is None else chunk_end_ms - end_ms + decided * 1000
            out.append((heard.pop(0), latency))
    return out, time.process_time() - cpu


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer voices, for tuning")
    ap.add_argument("--no-routine", action="store_true", help="skip the routine's cue audio")
    args = ap.parse_args()
    routine_file = ROOT / "sessions" / "routines" / "lower-back-hip.yaml"
    routine = parse_routine(yaml.safe_load(routine_file.read_text()), routine_file.name)
    timeline = compile_timeline(routine, Options(pace="gentle"))
    cues = timeline.cue_texts()
    rng = np.random.default_rng(12)

    before = rss_mb()
    recognisers = [Recogniser(cues) for _ in range(4)]
    per_decoder = (rss_mb() - before) / len(recognisers)
    recogniser = recognisers[0]

    made = time.perf_counter()
    sayers = voices(args.quick)
    underneath = trimmed(speech.piper("Hold for ten seconds and breathe slowly."))
    distractors = EVERYDAY + [c for c in cues if len(c) < 60][:12]
    print(f"voices: {', '.join(sayers)}", flush=True)
    corpus = {(v, text): trimmed(say(text)) for v, say in sayers.items()
              for text in list(SAID) + distractors}
    print(f"corpus made in {time.perf_counter() - made:.0f} s: {len(corpus)} utterances "
          f"x {len(CONDITIONS)} conditions", flush=True)

    right = defaultdict(lambda: defaultdict(lambda: [0, 0]))  # command -> condition -> n
    by_voice = defaultdict(lambda: [0, 0])  # voice -> right, said (clean and 20 dB)
    wrong, false_hits, latencies = [], [], []
    cpu = audio_ms = 0.0
    for (v, text), voice in corpus.items():
        for condition in CONDITIONS:
            pcm, end_ms = scene(voice, condition, underneath, rng)
            # a device that has been listening in this room: its endpointer knows the
            # background (one decoder for all, as a device keeps its own)
            got, spent = listen(Listener("bench", "bench", None, recogniser), pcm, end_ms)
            cpu += spent
            audio_ms += len(pcm) / BYTES_PER_MS
            commands = [c for c, _ in got]
            expected = SAID.get(text)
            if expected is None:
                if commands:
                    false_hits.append((v, condition, text, commands))
                continue
            tally = right[expected][condition]
            tally[1] += 1
            if condition in ("clean", "noise 20 dB"):
                by_voice[v][1] += 1
                by_voice[v][0] += commands == [expected]
            if commands == [expected]:
                tally[0] += 1
                latencies.append(got[0][1])
            elif commands:
                wrong.append((v, condition, text, commands))

    print("\naccuracy per command and condition (right / said)")
    print(f"{'command':12}" + "".join(f"{c:>16}" for c in CONDITIONS))
    totals = defaultdict(lambda: [0, 0])
    for command, by in right.items():
        cells = []
        for condition in CONDITIONS:
            ok, n = by[condition]
            totals[condition][0] += ok
            totals[condition][1] += n
            cells.append(f"{ok}/{n}")
        print(f"{command:12}" + "".join(f"{c:>16}" for c in cells))
    print(f"{'all':12}" + "".join(
        f"{f'{100 * ok / n:.0f}% ({ok}/{n})':>16}" for ok, n in totals.values()))
    print("per voice, clean and 20 dB: " + ", ".join(
        f"{v} {100 * ok / n:.0f}%" for v, (ok, n) in by_voice.items()))
    said = sum(n for _, n in totals.values())
    print(f"\nwrong commands: {len(wrong)} of {said} ({100 * len(wrong) / said:.1f}%)")
    for w in wrong[:15]:
        print("   ", w)
    tried = len(distractors) * len(sayers) * len(CONDITIONS)
    print(f"distractors heard as commands: {len(false_hits)} of {tried}")
    for f in false_hits[:15]:
        print("   ", f)
    if latencies:
        q = statistics.quantiles(latencies, n=10)
        print(f"latency, end of speech to result: p50 {statistics.median(latencies):.0f} ms, "
              f"p90 {q[8]:.0f} ms")
    print(f"CPU per second listened to: {cpu / (audio_ms / 1000):.3f} CPU-s "
          f"({audio_ms / 1000:.0f} s of audio)")
    print(f"memory per decoder: {per_decoder:.0f} MB (RSS)")

    if not args.no_routine:
        routine_cues(timeline, Listener("bench", "bench", None, recogniser))
    print(f"\nmachine: {os.cpu_count()} cores, load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")


def routine_cues(timeline, listener: Listener) -> None:
    """The routine's own cue audio, every step in order (Piper), through one listener."""
    made = {}
    parts = []
    for step in timeline.steps:
        for text in [step.cue] + [m.text for m in step.marks]:
            if text not in made:
                made[text] = trimmed(speech.piper(text))
            parts += [made[text], np.zeros(400 * 16, dtype=np.int16)]
    pcm = np.concatenate(parts).astype("<i2").tobytes()
    minutes = len(pcm) / BYTES_PER_MS / 60_000
    got, spent = listen(listener, pcm)
    print(f"\nthe routine's own cues ({minutes:.1f} min of speech, {len(made)} phrases): "
          f"{len(got)} false triggers ({10 * len(got) / minutes:.1f} per 10 minutes)"
          f"{': ' + ', '.join(c for c, _ in got) if got else ''}; "
          f"{spent / (minutes * 60):.3f} CPU-s per second")


if __name__ == "__main__":
    main()
