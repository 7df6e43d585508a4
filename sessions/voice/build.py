"""Build the audio of routines: every distinct cue synthesised once, then one manifest per
routine and pace.

- A cue whose clip is already in the cache costs no request (a warm build makes none).
- A few requests in flight (the engine says how many), starts spaced by a polite interval.
- Transient failures (429, 5xx, timeouts) are retried with exponential backoff (and the
  server's Retry-After when it gives one); permanent ones fail the cue at once; after several
  failures in a row the build gives up on the rest (the network is down, or the API changed).
- A clip enters the cache only after it validates as MP3 of a plausible length.
- Clip durations feed back into the compiler, so a cue never runs past its step. Marks that
  fit (the counted seconds) depend on durations, so compiling again may ask for a phrase not
  yet made: we repeat until no new phrase appears.
"""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..core.compiler import compile_timeline, estimate_speech_ms
from ..core.model import Routine
from ..core.timeline import Options, SpeechMs, Timeline
from . import manifest as manifests
from .clips import ClipStore, InvalidClip, clip_name, mp3_duration_ms, validate_clip
from .engines import EngineError, TransientError, engine_key

GENERATED, CACHED, FAILED = "generated", "cached", "failed"


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries per cue, the first included
    base: float = 1.0  # seconds before the first retry
    factor: float = 2.0
    cap: float = 30.0
    jitter: float = 0.25  # up to this fraction added at random, so workers do not retry in step

    def delay(self, retry: int, rand: Callable[[], float] = random.random) -> float:
        """Seconds to wait before retry number `retry` (1-based)."""
        raw = min(self.cap, self.base * self.factor ** (retry - 1))
        return raw * (1 + self.jitter * rand())


class Limiter:
    """Spaces request starts at least `interval` seconds apart, across threads."""

    def __init__(self, interval: float, clock=time.monotonic, sleep=time.sleep):
        self.interval, self.clock, self.sleep = interval, clock, sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def acquire(self, n: int = 1) -> None:
        if self.interval <= 0:
            return
        with self._lock:
            now = self.clock()
            start = max(now, self._next)
            self._next = start + n * self.interval
        if start > now:
            self.sleep(start - now)


@dataclass
class Outcome:
    lang: str
    text: str
    status: str
    file: str | None = None  # "<hash>.mp3"
    duration_ms: int = 0
    bytes: int = 0
    engine: str | None = None
    attempts: int = 0
    requests: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != FAILED


class Synthesizer:
    """Turns (language, text) pairs into cached clips with the engines, in order of preference."""

    def __init__(self, engines: Sequence, store: ClipStore, policy: RetryPolicy = RetryPolicy(),
                 sleep=time.sleep, clock=time.monotonic, rand=random.random,
                 give_up_after: int = 5):
        if not engines:
            raise ValueError("no speech engine")
        self.engines, self.store, self.policy = list(engines), store, policy
        self.sleep, self.rand, self.give_up_after = sleep, rand, give_up_after
        self.limiters = {e.name: Limiter(e.min_interval, clock, sleep) for e in self.engines}
        self._lock = threading.Lock()
        self._failures_in_a_row = 0
        self._given_up: str | None = None

    def cached(self, lang: str, text: str) -> Outcome | None:
        for engine in self.engines:
            name = clip_name(engine.name, lang, engine.options, text)
            if self.store.exists(name):
                try:
                    data = self.store.read(name)
                    ms = mp3_duration_ms(data)
                except (OSError, InvalidClip):
                    continue
                return Outcome(lang, text, CACHED, f"{name}.mp3", ms, len(data), engine.name)
        return None

    def synthesize(self, lang: str, text: str) -> Outcome:
        hit = self.cached(lang, text)
        if hit:
            return hit
        if self._given_up:
            return Outcome(lang, text, FAILED, error=f"skipped: {self._given_up}")
        errors, attempts, requests = [], 0, 0
        for engine in self.engines:
            out = self._with_engine(engine, lang, text)
            attempts, requests = attempts + out.attempts, requests + out.requests
            if out.ok:
                out.attempts, out.requests = attempts, requests
                self._note(True)
                return out
            errors.append(f"{engine.name}: {out.error}")
        self._note(False)
        return Outcome(lang, text, FAILED, attempts=attempts, requests=requests,
                       error="; ".join(errors))

    def _note(self, ok: bool) -> None:
        with self._lock:
            self._failures_in_a_row = 0 if ok else self._failures_in_a_row + 1
            if self._failures_in_a_row >= self.give_up_after and not self._given_up:
                self._given_up = f"gave up after {self._failures_in_a_row} failures in a row"

    def _with_engine(self, engine, lang: str, text: str) -> Outcome:
        name = clip_name(engine.name, lang, engine.options, text)
        attempts = requests = 0
        while True:
            attempts += 1
            try:
                n = engine.requests_for(text, lang)
                self.limiters[engine.name].acquire(n)
                requests += n
                data = engine.synthesize(text, lang)
                ms = validate_clip(data, text)
                self.store.write(name, data)
                return Outcome(lang, text, GENERATED, f"{name}.mp3", ms, len(data),
                               engine.name, attempts, requests)
            except TransientError as err:
                if attempts >= self.policy.attempts or self._given_up:
                    return Outcome(lang, text, FAILED, attempts=attempts, requests=requests,
                                   error=f"{err} (after {attempts} attempts)")
                wait = self.policy.delay(attempts, self.rand)
                if err.retry_after is not None:
                    wait = max(wait, min(err.retry_after, self.policy.cap))
                self.sleep(wait)
            except (InvalidClip, EngineError) as err:  # PermanentError is an EngineError
                kind = "refused clip" if isinstance(err, InvalidClip) else "failed"
                return Outcome(lang, text, FAILED, attempts=attempts, requests=requests,
                               error=f"{kind}: {err}")

    def run(self, jobs: Iterable[tuple[str, str]],
            on_done: Callable[[Outcome], None] | None = None) -> dict[tuple[str, str], Outcome]:
        """Synthesise every job, `concurrency` of the first engine at a time."""
        jobs = list(dict.fromkeys(jobs))
        results: dict[tuple[str, str], Outcome] = {}
        workers = max(1, min(self.engines[0].concurrency, len(jobs) or 1))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="voice") as pool:
            for job, out in zip(jobs, pool.map(lambda j: self.synthesize(*j), jobs)):
                results[job] = out
                if on_done:
                    on_done(out)
        return results


@dataclass
class Report:
    outcomes: dict[tuple[str, str], Outcome] = field(default_factory=dict)
    occurrences: int = 0  # cue occurrences over every timeline built (shared phrases repeat)
    manifests: list[Path] = field(default_factory=list)
    bytes_per_pace: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes.values() if o.status == status)

    @property
    def generated(self) -> int:
        return self.count(GENERATED)

    @property
    def cached(self) -> int:
        return self.count(CACHED)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes.values() if o.status == FAILED]

    @property
    def requests(self) -> int:
        return sum(o.requests for o in self.outcomes.values())

    def summary(self) -> str:
        return (f"{len(self.outcomes)} distinct cues ({self.occurrences} spoken in all): "
                f"{self.generated} generated, {self.cached} already cached, "
                f"{len(self.failed)} failed; {self.requests} requests in {self.seconds:.1f} s")


def speech_from(outcomes: dict[tuple[str, str], Outcome], lang: str) -> SpeechMs:
    def speech_ms(text: str) -> int:
        out = outcomes.get((lang, text))
        return out.duration_ms if out and out.ok else estimate_speech_ms(text)
    return speech_ms


def build(routines: Sequence[Routine], paces: Sequence[str],
          options_for: Callable[[str], Options], synth: Synthesizer, audio_dir: str | Path,
          on_plan: Callable[[int], None] | None = None,
          on_done: Callable[[Outcome], None] | None = None,
          max_rounds: int = 4, clock=time.monotonic) -> Report:
    """Make every cue of `routines` at `paces`, then write their manifests."""
    started = clock()
    synth.store.sweep_partials()
    report = Report()
    known = report.outcomes
    timelines: dict[tuple[str, str], Timeline] = {}
    # Every phrase a compile asked for, in any round: a manifest lists them all, so a phrase
    # that real durations pushed out (a counted "Three." that no longer fits) stays out when
    # the server compiles from the manifest, instead of coming back with an estimated length.
    asked: dict[tuple[str, str], dict[str, None]] = {}
    for _ in range(max_rounds):
        for r in routines:
            for pace in paces:
                tl = compile_timeline(r, options_for(pace),
                                      speech_ms=speech_from(known, r.language))
                timelines[r.id, pace] = tl
                asked.setdefault((r.id, pace), {}).update(dict.fromkeys(tl.cue_texts()))
        wanted = [(timelines[r.id, p].language, t) for r in routines for p in paces
                  for t in timelines[r.id, p].cue_texts()]
        todo = [k for k in dict.fromkeys(wanted) if k not in known]
        if not todo:
            break
        if on_plan:
            on_plan(len(todo))
        known.update(synth.run(todo, on_done))
    primary = engine_key(synth.engines[0])
    for (routine_id, pace), tl in timelines.items():
        report.occurrences += sum(1 + len(s.marks) for s in tl.steps)
        cues, missing = {}, []
        for text in asked[routine_id, pace]:
            out = known.get((tl.language, text))
            if out and out.ok:
                cues[text] = manifests.Entry(out.file, out.duration_ms, out.bytes)
            else:
                missing.append(text)
        m = manifests.Manifest(routine_id, pace, tl.language, primary, cues, tuple(missing))
        path = manifests.manifest_path(audio_dir, routine_id, pace)
        manifests.save(path, m)
        report.manifests.append(path)
        report.bytes_per_pace[pace] = report.bytes_per_pace.get(pace, 0) + \
            sum(e.bytes for e in cues.values())
    report.seconds = clock() - started
    return report
