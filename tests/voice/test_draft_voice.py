"""The editor's pre-generated voice for a draft: a clinic member starts a build of the
draft's cue script, follows its progress, and gets a clip per cue (Google stubbed); the
build writes clips only, never a manifest; a draft with problems, too many builds at once,
an unknown build and anyone without the key are refused."""

import time

import pytest

from sessions.web import draft_voice

KEY = "voice clinic key"
AUTH = {"Authorization": f"Bearer {KEY}"}
pytestmark = pytest.mark.settings(clinic_key=KEY)

DRAFT = {
    "id": "draft-voice", "title": "Draft", "language": "en",
    "intro": ["Stop if it hurts."],
    "timing": {k: {"value": 2, "from": "editorial"} for k in (
        "rest_between_reps", "rest_between_sets", "rest_between_exercises", "get_ready",
        "switch_sides")},
    "exercises": [{"id": "bridge", "name": "Bridge", "kind": "hold",
                   "instructions": ["Lift your hips."], "hold": {"value": 5, "from": "editorial"},
                   "reps": {"value": 1, "from": "editorial"}}],
}


def finished(client, key, within=60.0):
    """The build's report once it has finished (polled: it runs in a background task)."""
    give_up = time.monotonic() + within
    while time.monotonic() < give_up:
        report = client.get(f"/api/library/voice/{key}", headers=AUTH).get_json()
        if report["state"] == "done":
            return report
        time.sleep(0.05)
    raise AssertionError(f"the build did not finish: {report}")


def test_a_draft_gets_a_clip_for_every_cue_and_no_manifest(app, google):
    client = app.test_client()
    check = client.post("/api/library/check", json={"routine": DRAFT}, headers=AUTH).get_json()
    cues = {s["say"] for s in check["preview"]["script"] if s["say"]}
    res = client.post("/api/library/voice", json={"routine": DRAFT}, headers=AUTH)
    assert res.status_code == 202
    started = res.get_json()
    assert started["total"] == len(cues)
    report = finished(client, started["build"])
    assert report["done"] == report["total"] and report["failed"] == 0
    assert set(report["clips"]) == cues
    for url in report["clips"].values():
        clip = client.get(url)
        assert clip.status_code == 200 and clip.mimetype == "audio/mpeg"
    audio_dir = app.config["LIMBER"].audio_dir
    assert not [p for p in audio_dir.rglob("*") if p.suffix != ".mp3" and p.is_file()]
    # Made once: a second build of the same draft asks Google for nothing.
    asked = len(google.texts)
    again = client.post("/api/library/voice", json={"routine": DRAFT}, headers=AUTH).get_json()
    assert finished(client, again["build"])["clips"] == report["clips"]
    assert len(google.texts) == asked


def test_a_cue_that_cannot_be_made_is_counted_as_failed(app, google):
    google.handler = lambda text: (403, "no")  # a permanent refusal: no retry
    client = app.test_client()
    started = client.post("/api/library/voice", json={"routine": DRAFT}, headers=AUTH).get_json()
    report = finished(client, started["build"])
    assert report["failed"] == report["total"] > 0 and report["clips"] == {}


def test_refusals(app, monkeypatch):
    client = app.test_client()
    bad = {**DRAFT, "exercises": [{**DRAFT["exercises"][0], "hold": {"value": "ten"}}]}
    res = client.post("/api/library/voice", json={"routine": bad}, headers=AUTH)
    assert res.status_code == 422 and res.get_json()["problems"]
    assert client.post("/api/library/voice", json={"routine": DRAFT}).status_code == 401
    assert client.get("/api/library/voice/nothing", headers=AUTH).status_code == 404
    assert client.get("/api/library/voice/nothing").status_code == 401
    monkeypatch.setattr(draft_voice, "BUILDS", draft_voice.Builds())
    for _ in range(draft_voice.MAX_RUNNING):
        assert draft_voice.BUILDS.start(1) is not None
    busy = client.post("/api/library/voice", json={"routine": DRAFT}, headers=AUTH)
    assert busy.status_code == 429 and busy.get_json()["code"] == "busy"
