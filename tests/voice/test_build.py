"""The voice build against gTTS's real code, Google stubbed: counts, retries, failures, cache."""

import json

import pytest
import requests
from gtts import gTTS

from sessions.core.compiler import compile_timeline
from sessions.core.timeline import PACES, Options
from sessions.voice import manifest as manifests
from sessions.voice.build import RetryPolicy, Synthesizer, build
from sessions.voice.clips import ClipStore, clip_name, mp3_duration_ms
from sessions.voice.engines import GTTSEngine
from tests.support.gtts_stub import NO_AUDIO_BODY, body_for


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)

    def clock(self):  # fake time: advances only by what was slept
        return sum(self)

    @property
    def backoffs(self):  # the rate limiter's waits are a tenth of a second or less per chunk
        return [s for s in self if s >= 0.5]


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def store(tmp_path):
    return ClipStore(tmp_path / "audio")


def synth(store, sleeps, **kw):
    return Synthesizer([GTTSEngine(timeout=5)], store, sleep=sleeps, clock=sleeps.clock,
                       rand=lambda: 0.0, **kw)


def run(seed_routine, store, sleeps, paces=PACES, **kw):
    return build([seed_routine], paces, lambda p: Options(pace=p), synth(store, sleeps, **kw),
                 store.root)


def chunks(text):
    return len(gTTS(text)._tokenize(text))


def sent(text):
    """What gTTS sends for a short text (its pre-processors may drop a final period)."""
    return gTTS(text)._tokenize(text)[0]


def clip_of(store, text, lang="en"):
    return store.path(clip_name("gtts", lang, {"tld": "com", "slow": False}, text))


def test_cold_build_makes_each_distinct_cue_once_and_writes_manifests(seed_routine, store,
                                                                      sleeps, google):
    report = run(seed_routine, store, sleeps)
    texts = {t for (_, t) in report.outcomes}
    assert report.generated == len(texts) and report.cached == 0 and not report.failed
    assert report.occurrences > 5 * len(texts)  # shared phrases are one clip each
    # one request per chunk of each distinct text, never one per occurrence
    assert len(google.texts) == sum(chunks(t) for t in texts) == report.requests
    assert sorted(google.texts) == sorted(c for t in texts for c in gTTS(t)._tokenize(t))
    for pace in PACES:
        m = manifests.load(manifests.manifest_path(store.root, seed_routine.id, pace))
        assert m.pace == pace and m.voice == {"engine": "gtts",
                                              "options": {"tld": "com", "slow": False}}
        assert not m.missing
        for text, entry in m.cues.items():
            data = (store.root / entry.file).read_bytes()
            assert entry.bytes == len(data) and entry.duration_ms == mp3_duration_ms(data)
            assert clip_of(store, text).name == entry.file
    assert sum(report.bytes_per_pace.values()) > 0


def test_warm_build_makes_no_request(seed_routine, store, sleeps, google):
    first = run(seed_routine, store, sleeps)
    before = len(google.rsps.calls)
    second = run(seed_routine, store, sleeps)
    assert len(google.rsps.calls) == before
    assert second.requests == 0 and second.generated == 0 and not second.failed
    assert second.cached == len(first.outcomes)


def test_request_count_equals_chunks_of_distinct_texts(store, sleeps, google):
    long = ("Lie on your back with your knees bent and your feet flat on the floor, then "
            "slowly bring one knee up towards your chest, holding it with both hands.")
    jobs = [("en", t) for t in ("Hold.", "Rest.", long, "Hold.", long, "Rest.")]
    results = synth(store, sleeps).run(jobs)
    assert len(results) == 3
    assert len(google.texts) == 1 + 1 + chunks(long) and chunks(long) > 1


def test_429_is_retried_with_exponential_backoff(seed_routine, store, sleeps, google, mp3s):
    tries = {}

    def flaky(text):
        tries[text] = tries.get(text, 0) + 1
        return (429, "slow down") if tries[text] <= 2 and text == sent("Rest.") else \
            (200, body_for(mp3s[0.5]))
    google.handler = flaky
    report = run(seed_routine, store, sleeps, paces=["gentle"])
    rest = report.outcomes["en", "Rest."]
    assert rest.status == "generated" and rest.attempts == 3
    assert sleeps.backoffs == [1.0, 2.0]
    assert not report.failed and clip_of(store, "Rest.").is_file()


def test_retry_after_is_honoured(store, sleeps, google, mp3s):
    answers = iter([(503, "busy", {"Retry-After": "7"}), (200, body_for(mp3s[0.5]))])
    google.handler = lambda text: next(answers)
    out = synth(store, sleeps).run([("en", "Rest.")])["en", "Rest."]
    assert out.status == "generated" and sleeps.backoffs == [7.0]


@pytest.mark.parametrize("answer, why", [
    ((403, "forbidden"), "403"),
    ((200, NO_AUDIO_BODY), "200"),
    ((200, body_for(b"<html><body>Sign in to this network</body></html>" * 8)), "refused clip"),
])
def test_permanent_failures_are_reported_not_retried_not_cached(seed_routine, store, sleeps,
                                                                google, mp3s, answer, why):
    good = body_for(mp3s[0.5])
    google.handler = lambda text: answer if text == sent("Halfway.") else (200, good)
    report = run(seed_routine, store, sleeps)
    [failed] = report.failed
    assert failed.text == "Halfway." and why in failed.error and failed.attempts == 1
    assert google.texts.count(sent("Halfway.")) == 1 and not sleeps.backoffs
    assert not clip_of(store, "Halfway.").exists()
    m = manifests.load(manifests.manifest_path(store.root, seed_routine.id, "extended"))
    assert "Halfway." in m.missing and "Halfway." not in m.cues
    assert report.generated == len(report.outcomes) - 1


def test_a_timeout_is_retried_then_reported(store, sleeps, google, mp3s):
    google.handler = lambda text: (requests.exceptions.ReadTimeout("timed out")
                                   if text == sent("Rest.") else (200, body_for(mp3s[0.5])))
    results = synth(store, sleeps).run([("en", "Rest."), ("en", "Hold.")])
    rest = results["en", "Rest."]
    assert rest.status == "failed" and rest.attempts == 4 and "after 4 attempts" in rest.error
    assert sleeps.backoffs == [1.0, 2.0, 4.0]
    assert all(c.request.req_kwargs["timeout"] == 5 for c in google.rsps.calls)
    assert results["en", "Hold."].status == "generated"
    assert not clip_of(store, "Rest.").exists()


def test_gives_up_when_everything_fails(seed_routine, store, sleeps, google):
    google.handler = lambda text: (503, "down")
    report = run(seed_routine, store, sleeps, give_up_after=3,
                 policy=RetryPolicy(attempts=2))
    assert len(report.failed) == len(report.outcomes)
    assert len(google.texts) <= (3 + 2) * 2  # a few cues tried, the rest skipped
    assert sum("skipped" in o.error for o in report.failed) >= len(report.outcomes) - 5
    assert not list(store.root.glob("*.mp3"))


def test_manifest_durations_feed_the_compiler(seed_routine, store, sleeps, google):
    run(seed_routine, store, sleeps)
    for pace in PACES:
        m = manifests.load(manifests.manifest_path(store.root, seed_routine.id, pace))
        tl = compile_timeline(seed_routine, Options(pace=pace), speech_ms=m.speech_ms())
        assert set(tl.cue_texts()) <= set(m.cues)  # every phrase of the final timeline has audio
        assert json.dumps(m.to_dict())  # serialisable
