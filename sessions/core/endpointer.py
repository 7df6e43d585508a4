"""Where an utterance starts and ends in a stream of 16 kHz mono int16 audio, by its energy.

Pure: time is the audio's own (samples counted), never a clock. `feed(chunk)` takes any
number of bytes and returns what happened, in order:

- `Began(audio)`: speech started; `audio` holds the frames just before it (so the first
  sound is not cut) and the frames that triggered it;
- `Speech(audio)`: more of the utterance (the recogniser decodes as it arrives);
- `Ended(speech_ms)`: it ended (a silence of `hangover_ms` after it);
- `Dropped(reason)`: forget the utterance in progress: "short" (a click or a tap) or
  "long" (longer than any command: someone talking, or a cue; then nothing starts again
  until a silence, so long speech is never chopped into command-sized pieces).

The level is the power of the frame's first difference (a gentle high-pass): a fan, traffic
or pink noise carries most of its power in low frequencies and varies a lot from frame to
frame there; differenced, its frames stay within a factor of about 2 of each other, while
speech keeps its consonants and formants. The level that counts as speech follows the
background: a noise floor that falls at once to a quieter frame and rises slowly, and
speech is `ratio` times louder in power than it.
Memory is bounded: the pre-roll and the frames of a start being confirmed, never the
utterance (it goes to the recogniser as it comes).
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass, field
from operator import mul, sub

SAMPLE_RATE = 16_000
BYTES_PER_MS = SAMPLE_RATE * 2 // 1000  # 32: int16 mono


@dataclass(frozen=True)
class Tuning:
    frame_ms: int = 10
    start_ms: int = 40  # this much loud audio in a row starts an utterance
    hangover_ms: int = 300  # this much quiet ends it
    preroll_ms: int = 200  # kept from before the start
    min_speech_ms: int = 150  # loud audio in an utterance shorter than this is a click
    max_ms: int = 2500  # the longest command ("how long left", slowly) and then some
    ratio: float = 4.0  # speech is this many times the noise floor's power (6 dB)
    min_power: float = 60.0 ** 2  # and never quieter than this (differenced mean square)
    rise: float = 1 / 64  # how fast the floor follows louder background, per frame

    @property
    def frame_bytes(self) -> int:
        return self.frame_ms * BYTES_PER_MS


@dataclass(frozen=True)
class Began:
    audio: bytes


@dataclass(frozen=True)
class Speech:
    audio: bytes


@dataclass(frozen=True)
class Ended:
    speech_ms: int


@dataclass(frozen=True)
class Dropped:
    reason: str  # "short", "long" or "gap"


def power(frame: bytes) -> float:
    """Mean square of the first difference of little-endian int16 samples."""
    samples = array("h", frame)
    if sys.byteorder == "big":
        samples.byteswap()
    diff = list(map(sub, samples[1:], samples))
    return sum(map(mul, diff, diff)) / max(1, len(diff))


@dataclass
class Endpointer:
    tuning: Tuning = field(default_factory=Tuning)
    floor: float | None = None
    state: str = "quiet"  # quiet, starting, speech, deaf (after a long one, until silence)
    _rest: bytes = b""  # less than a frame, waiting for the rest
    _before: list[bytes] = field(default_factory=list)  # pre-roll, then the start's frames
    _loud_run: int = 0  # frames in a row above the threshold
    _quiet_run: int = 0  # frames in a row below it
    _frames: int = 0  # frames in the utterance so far
    _loud: int = 0  # loud frames in it

    def feed(self, chunk: bytes) -> list:
        data = self._rest + chunk
        size = self.tuning.frame_bytes
        whole = len(data) - len(data) % size
        self._rest = data[whole:]
        out: list = []
        for at in range(0, whole, size):
            self._frame(data[at:at + size], out)
        return out

    def gap(self) -> list:
        """The app is speaking: forget any utterance in progress and the audio before it."""
        out = [Dropped("gap")] if self.state == "speech" else []
        self._rest, self._before = b"", []
        self._loud_run = self._quiet_run = 0
        self.state = "quiet"
        return out

    def _frame(self, frame: bytes, out: list) -> None:
        t = self.tuning
        level = power(frame)
        if self.floor is None:
            self.floor = level
        loud = level > max(self.floor * t.ratio, t.min_power)
        self._loud_run = self._loud_run + 1 if loud else 0
        self._quiet_run = 0 if loud else self._quiet_run + 1
        if self.state in ("quiet", "starting", "deaf"):
            self._follow(level)
        if self.state == "deaf":
            if self._quiet_run * t.frame_ms >= t.hangover_ms:
                self.state = "quiet"
            return
        if self.state in ("quiet", "starting"):
            self._before.append(frame)
            if not loud:
                self.state = "quiet"
                keep = t.preroll_ms // t.frame_ms
                del self._before[:-keep]
                return
            self.state = "starting"
            if self._loud_run * t.frame_ms >= t.start_ms:
                self.state, self._frames, self._loud = "speech", len(self._before), self._loud_run
                out.append(Began(b"".join(self._before)))
                self._before = []
            return
        self._frames += 1
        self._loud += loud
        out.append(Speech(frame))
        if self._frames * t.frame_ms > t.max_ms:
            self.state = "deaf"
            out.append(Dropped("long"))
        elif self._quiet_run * t.frame_ms >= t.hangover_ms:
            self.state = "quiet"
            speech_ms = self._loud * t.frame_ms
            out.append(Ended(speech_ms) if speech_ms >= t.min_speech_ms else Dropped("short"))

    def _follow(self, level: float) -> None:
        """The floor falls at once to a quieter frame and rises slowly to a louder one."""
        if level < self.floor:
            self.floor = level
        else:
            self.floor += (level - self.floor) * self.tuning.rise
