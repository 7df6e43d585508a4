"""The audio route and the timeline API with real clip durations (Google stubbed)."""

import pytest

from app import create_app
from sessions.config import Settings
from sessions.core.compiler import UNTIMED_GAP_MS
from sessions.core.timeline import PACES
from sessions.services import Limber
from sessions.voice.clips import ClipStore
from tests.support.gtts_stub import body_for


def build_audio(app):
    catalog, voice = Limber.of(app).catalog, Limber.of(app).voice
    return voice.build(list(catalog.library.routines.values()), catalog.options,
                       sleep=lambda s: None, rand=lambda: 0.0)


@pytest.fixture
def clip(app, mp3s):
    store = ClipStore(app.config["LIMBER"].audio_dir)
    name = "ab" * 32
    store.write(name, mp3s[1.0])
    return name, mp3s[1.0]


def test_audio_is_served_with_type_and_immutable_caching(app, clip):
    name, data = clip
    r = app.test_client().get(f"/audio/{name}.mp3")
    assert r.status_code == 200 and r.data == data
    assert r.mimetype == "audio/mpeg"
    cc = r.headers["Cache-Control"]
    assert "public" in cc and "max-age=31536000" in cc and "immutable" in cc
    assert r.headers.get("ETag")


def test_a_range_request_gets_206(app, clip):
    name, data = clip
    r = app.test_client().get(f"/audio/{name}.mp3", headers={"Range": "bytes=0-99"})
    assert r.status_code == 206 and r.data == data[:100]
    assert r.headers["Content-Range"] == f"bytes 0-99/{len(data)}"
    r = app.test_client().get(f"/audio/{name}.mp3", headers={"Range": "bytes=100-"})
    assert r.status_code == 206 and r.data == data[100:]
    assert r.headers["Accept-Ranges"] == "bytes"


def test_unknown_and_malformed_names_are_404(app, clip, tmp_path):
    client = app.test_client()
    audio_dir = app.config["LIMBER"].audio_dir
    (audio_dir / "notes.mp3").write_bytes(b"not a clip")
    (audio_dir / f".partial-1-x-{'cd' * 32}.mp3").write_bytes(b"half")
    (tmp_path / "secret.mp3").write_bytes(b"secret")
    for path in [f"/audio/{'cd' * 32}.mp3", f"/audio/{'AB' * 32}.mp3", "/audio/ab.mp3",
                 "/audio/notes.mp3", f"/audio/.partial-1-x-{'cd' * 32}.mp3",
                 f"/audio/{'ab' * 32}.wav", "/audio/manifests/x.mp3"]:
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("path", [
    "/audio/..%2Fsecret.mp3", "/audio/%2e%2e%2fsecret.mp3", "/audio/..%2F..%2Fapp.py",
    "/audio/..%252Fsecret.mp3", "/audio/../secret.mp3", "/audio/%2e%2e/secret.mp3",
    "/audio/..\\secret.mp3", "/audio/%2Fetc%2Fpasswd.mp3", "/audio//etc/passwd.mp3",
])
def test_no_path_reaches_outside_the_audio_dir(app, clip, tmp_path, path):
    (tmp_path / "secret.mp3").write_bytes(b"secret")
    r = app.test_client().get(path)
    assert r.status_code == 404 and b"secret" not in r.data and b"root:" not in r.data


def test_timeline_without_audio_has_null_urls(app):
    body = app.test_client().get("/api/routines/lower-back-hip/timeline").get_json()
    assert all(s["audio"] is None for s in body["steps"])
    assert all(m["audio"] is None for s in body["steps"] for m in s["marks"])


def test_timeline_gets_audio_urls_and_real_durations(app, google, mp3s):
    client = app.test_client()
    before = client.get("/api/routines/lower-back-hip/timeline?pace=extended").get_json()
    google.handler = lambda text: (403, "no") if text == "Halfway." else \
        (200, body_for(mp3s[4.0 if len(text.split()) > 6 else 1.0]))
    report = build_audio(app)
    assert [o.text for o in report.failed] == ["Halfway."]
    for pace in PACES:
        body = client.get(f"/api/routines/lower-back-hip/timeline?pace={pace}").get_json()
        said = [(s["cue"], s["audio"]) for s in body["steps"]] + \
            [(m["text"], m["audio"]) for s in body["steps"] for m in s["marks"]]
        assert [t for t, url in said if url is None] == [t for t, _ in said if t == "Halfway."]
        for url in {url for _, url in said if url}:
            assert client.get(url).status_code == 200
    # with real clip lengths (longer than estimated) the compiler made room
    after = client.get("/api/routines/lower-back-hip/timeline?pace=extended").get_json()
    assert after["total_ms"] != before["total_ms"] and after["hash"] != before["hash"]
    manifest = Limber.of(app).voice.manifest("lower-back-hip", "extended")
    for step in after["steps"]:
        if not step["timed"]:  # an untimed step lasts as long as its clip, plus a breath
            assert step["duration_ms"] == manifest.cues[step["cue"]].duration_ms + UNTIMED_GAP_MS


def test_a_failed_cue_has_no_audio_url(app, google, mp3s):
    google.handler = lambda text: (403, "no") if text.startswith("Get into") else \
        (200, body_for(mp3s[1.0]))
    build_audio(app)
    body = app.test_client().get("/api/routines/lower-back-hip/timeline").get_json()
    ready = [s for s in body["steps"] if s["kind"] == "ready"]
    assert ready and all(s["audio"] is None for s in ready)
    assert all(s["audio"] for s in body["steps"] if s["kind"] != "ready")


def test_no_cue_runs_past_its_step_with_real_durations(app, google, mp3s):
    build_audio(app)
    voice = Limber.of(app).voice
    client = app.test_client()
    for pace in PACES:
        manifest = voice.manifest("lower-back-hip", pace)
        ms = {text: e.duration_ms for text, e in manifest.cues.items()}
        body = client.get(f"/api/routines/lower-back-hip/timeline?pace={pace}").get_json()
        for step in body["steps"]:
            free_from = ms[step["cue"]]
            assert free_from <= step["duration_ms"], step
            ends = [m["at_ms"] for m in step["marks"]] + [step["duration_ms"]]
            for mark, until in zip(step["marks"], ends[1:]):
                assert mark["at_ms"] >= free_from, (step, mark)
                assert mark["at_ms"] + ms[mark["text"]] <= until, (step, mark)
                free_from = mark["at_ms"] + ms[mark["text"]]
        # the clips are longer than the 150 wpm estimate, so this test has teeth
        assert any(ms[s["cue"]] > 0.8 * s["duration_ms"] for s in body["steps"])


def test_clips_made_with_another_voice_are_not_used(app, tmp_path, google):
    build_audio(app)  # the default voice: gTTS, com
    catalog, voice = Limber.of(app).catalog, Limber.of(app).voice
    tl = catalog.compile("lower-back-hip", catalog.options("gentle"))
    assert voice.annotate(tl)["steps"][0]["audio"]
    british = create_app(Settings(data_dir=tmp_path / "data2", audio_dir=tmp_path / "audio",
                                  voice_tld="co.uk"))
    body = british.test_client().get("/api/routines/lower-back-hip/timeline?pace=gentle")
    assert not any(step["audio"] for step in body.get_json()["steps"])
