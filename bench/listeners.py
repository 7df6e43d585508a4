"""Listening devices for bench/scale.py (`--listeners N`): voice control under load.

Listener i (0 <= i < N) is in session i % S; in an even session it is first the controller
(which gives `voice_start` the control token), in an odd one the first follower (no token),
then the next devices of the session if N > S: followers as much as controllers. Each
switches voice control on (`voice_start`) once its session has started, streams its
microphone as a phone does, one chunk of the size the server asks for (100 ms: 1,600 int16
samples, 16 kHz mono) every 100 ms of wall time, paced by the clock (a chunk that falls
behind is sent as soon as the loop can, never one ahead of its time), until the measured window ends; then `voice_stop`.

What it streams is a loop made once by the orchestrator (`make_loop`, never committed
audio): a quiet room (pink noise at -50 dBFS) with "How long left?" (Piper) once every
10 s, a command that changes nothing in the session. Each listener starts at its own place
in the loop, spread from just after the command to a second before the next (about 8 s),
so the commands do not all land in the same instant.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from pathlib import Path

import numpy as np
from figures import percentile  # bench/, beside this script
from voice_commands import pink, trimmed

CHUNK_MS = 100  # as the server asks in voice_start's answer (checked)
CHUNK = CHUNK_MS * 16 * 2  # 3200 bytes
LOOP_MS = 10_000
SAID_AT_MS = 2_000  # where the command starts in the loop
TEXT, COMMAND = "How long left?", "time_left"
NOISE_DBFS = -50.0
# The speech ends at its last 10 ms frame within this of its loudest (Piper trails off
# quietly for another 200 ms, which the endpointer rightly takes for the room).
END_DB = 30.0
# A command whose end was sent less than this before the stream stopped, and not answered,
# is not counted as said: the endpointer needs its hangover (300 ms) of quiet to end it.
SAID_AFTER_MS = 600
QUIET_FIRST_MS = 1000  # the room a listener hears before its first command


def make_loop(path: Path, seed: int = 12) -> None:
    """Write the loop (`path`.pcm) and where its speech is (`path`.json)."""
    from tests.listening import speech  # voice_commands put the project on the path
    n = LOOP_MS * 16
    # irfft noise is periodic: the loop wraps without a click
    room = pink(n, np.random.default_rng(seed)) * 32768 * 10 ** (NOISE_DBFS / 20)
    voice = trimmed(speech.piper(TEXT)).astype(np.float64)
    start = SAID_AT_MS * 16
    room[start:start + len(voice)] += voice
    path.with_suffix(".pcm").write_bytes(np.clip(room, -32768, 32767).astype("<i2").tobytes())
    frames = np.mean(voice[:len(voice) // 160 * 160].reshape(-1, 160) ** 2, axis=1)
    loud = np.flatnonzero(frames >= frames.max() * 10 ** (-END_DB / 10))
    end_ms = SAID_AT_MS + int(loud[-1] + 1) * 10
    path.with_suffix(".json").write_text(json.dumps({"speech_end_ms": end_ms}))


class Listeners:
    """The listening devices of one client process, and what they counted."""

    def __init__(self, count: int, sessions: int, loop: str | None):
        self.count, self.sessions = count, sessions
        self.loop, speech_end = b"", 0
        if count:
            self.loop = Path(loop).with_suffix(".pcm").read_bytes()
            speech_end = json.loads(Path(loop).with_suffix(".json").read_text())["speech_end_ms"]
        self.spoken_chunk = speech_end // CHUNK_MS  # holds the end of speech
        self.spoke_at: dict[int, float] = {}  # listener -> when it last finished speaking
        self.answered: dict[int, bool] = {}  # listener -> whether that command was heard
        self.results = {"voice_asked": 0, "voice_accepted": 0, "voice_refused": [],
                        "voice_start_ms": [],
                        "voice_chunks": 0, "voice_said": 0, "voice_heard": [],
                        "voice_heard_ms": [], "voice_heard_refused": [], "voice_warnings": [],
                        "voice_stopped": [], "voice_lost": []}

    def index(self, session: int, device: int, per: int) -> int | None:
        """Which listener device `device` of session `session` is, or None."""
        for r in range(per):
            i = r * self.sessions + session
            if i >= self.count:
                return None
            if (r + session % 2) % per == device:
                return i
        return None

    def watch(self, sio, i: int) -> None:
        """Count what the server answers listener `i`."""
        def heard(data):
            self.results["voice_heard"].append(data.get("command"))
            self.answered[i] = True
            if i in self.spoke_at:
                self.results["voice_heard_ms"].append((time.time() - self.spoke_at[i]) * 1000)
            if not data.get("ok"):
                self.results["voice_heard_refused"].append(data.get("code"))

        def state(data):
            if data.get("warning"):
                self.results["voice_warnings"].append(data["warning"])
            elif not data.get("listening"):
                self.results["voice_stopped"].append(data.get("reason"))

        sio.on("voice_heard", heard)
        sio.on("voice_state", state)

    async def listen(self, sio, i: int, session_id: str, token: str | None,
                     end: float) -> None:
        """Listener `i`: voice on, stream the loop until `end` (epoch s), voice off."""
        self.results["voice_asked"] += 1
        asked = time.time()
        try:
            ack = await sio.call("voice_start", {"session_id": session_id,
                                                 **({"token": token} if token else {})},
                                 timeout=30)
        except Exception as err:  # noqa: BLE001 - counted as a refusal, reported
            self.results["voice_refused"].append(f"no answer ({err!r})")
            return
        if not ack.get("ok"):
            self.results["voice_refused"].append(ack.get("code", "?"))
            return
        if ack.get("chunk_ms") != CHUNK_MS:
            raise SystemExit(f"the server asks for {ack.get('chunk_ms')} ms chunks; this "
                             f"bench sends {CHUNK_MS} ms: change CHUNK_MS")
        self.results["voice_accepted"] += 1
        self.results["voice_start_ms"].append((time.time() - asked) * 1000)
        chunks = len(self.loop) // CHUNK
        # Starts spread from just after the command to a second before the next one: a
        # device that began mid-command, or that had not heard the room yet, would miss it.
        after = (self.spoken_chunk * CHUNK_MS + SAID_AFTER_MS) // CHUNK_MS
        span = chunks - (after - SAID_AT_MS // CHUNK_MS) - QUIET_FIRST_MS // CHUNK_MS
        first = (after + 1 + i * span // self.count) % chunks
        started, sent = time.time(), 0
        while time.time() < end:
            due = int((time.time() - started) * 1000 // CHUNK_MS) + 1
            while sent < due:
                at = (first + sent) % chunks
                try:
                    await sio.emit("voice_audio", self.loop[at * CHUNK:(at + 1) * CHUNK])
                except Exception as err:  # noqa: BLE001 - the connection dropped: reported
                    self.results["voice_lost"].append(repr(err))
                    self.results["voice_chunks"] += sent
                    return
                sent += 1
                if at == self.spoken_chunk:
                    self.spoke_at[i], self.answered[i] = time.time(), False
                    self.results["voice_said"] += 1
            await asyncio.sleep(max(0.0, started + sent * CHUNK_MS / 1000 - time.time()))
        self.results["voice_chunks"] += sent
        stopped = time.time()
        with contextlib.suppress(Exception):  # tidying up: disconnecting releases it too
            await sio.call("voice_stop", {}, timeout=10)
        if (not self.answered.get(i, True)
                and stopped - self.spoke_at[i] < SAID_AFTER_MS / 1000):
            self.results["voice_said"] -= 1  # cut off by the stop, not missed


def report(r: dict) -> None:
    """The listening figures of one run (results of every client process added up)."""
    refused = r["voice_refused"]
    codes = {c: refused.count(c) for c in sorted(set(refused))}
    heard = r["voice_heard"]
    right = heard.count(COMMAND)
    others = {c: heard.count(c) for c in sorted(set(heard) - {COMMAND}, key=str)}
    lat = r["voice_heard_ms"]
    warnings = r["voice_warnings"]
    each = r["voice_chunks"] / max(1, r["voice_accepted"]) * CHUNK_MS / 1000
    start = r["voice_start_ms"]
    print(f"         listeners asked {r['voice_asked']}, accepted {r['voice_accepted']}, "
          f"refused {len(refused)}{f' {codes}' if codes else ''} (voice_start ack ms p50 "
          f"{percentile(start, 50):.0f} max {max(start, default=float('nan')):.0f}); chunks "
          f"sent {r['voice_chunks']} ({each:.1f} s of audio each)")
    print(f"         heard \"{TEXT}\" {right} of {r['voice_said']} said "
          f"({100 * right / max(1, r['voice_said']):.0f}%), other commands {others or 0}, "
          f"answered not ok {len(r['voice_heard_refused'])}; end of speech to voice_heard ms "
          f"p50 {percentile(lat, 50):.0f} p99 {percentile(lat, 99):.0f}")
    print(f"         voice_state warnings {len(warnings)}"
          + (f" { {w: warnings.count(w) for w in set(warnings)} }" if warnings else "")
          + (f", stopped by the server {r['voice_stopped']}" if r["voice_stopped"] else "")
          + (f"; CONNECTIONS LOST while streaming {len(r['voice_lost'])}: "
             f"{r['voice_lost'][:1]}" if r["voice_lost"] else ""))
