"""Routines authored in the app play like the built-ins: in the picker, a session starts
from the latest version, and a running session keeps its timeline whatever is saved
meanwhile, also after a restart."""

import copy

import pytest
import yaml

from app import started_app
from sessions.services import Limber
from tests.conftest import SEED_FILE

SEED = yaml.safe_load(SEED_FILE.read_text())


def authored(title: str, hold: int) -> dict:
    doc = copy.deepcopy(SEED)
    doc.update({"id": "my-back", "title": title})
    doc["exercises"][0]["hold"] = {"value": hold, "from": "editorial"}
    return doc


def started(socket_client, routine_id: str):
    device = socket_client()
    ack = device.emit("create", {"routine_id": routine_id, "exercises": ["knee-to-chest"]},
                      callback=True)
    assert ack["ok"], ack
    start = device.emit("command", {"session_id": ack["session_id"],
                                    "token": ack["control_token"], "command": "start"},
                        callback=True)
    assert start["ok"], start
    return ack["session_id"]


def holds(timeline) -> set[int]:
    return {s.duration_ms for s in timeline.steps if s.kind == "hold"}


def test_an_authored_routine_is_in_the_picker_at_its_latest_version(app, clinic_client):
    clinic_client.post("/api/library", json={"routine": authored("First", 8)})
    clinic_client.put("/api/library/my-back", json={"routine": authored("Second", 9),
                                                     "base_version": 1})
    picker = app.test_client().get("/api/routines").get_json()["routines"]
    assert [r["title"] for r in picker] == ["Lower back & hip pain", "Second"]
    timeline = app.test_client().get("/api/routines/my-back/timeline").get_json()
    assert timeline["title"] == "Second"


def test_routines_check_lists_the_clinics_routines_too(app, clinic_client):
    clinic_client.post("/api/library", json={"routine": authored("First", 8)})
    clinic_client.put("/api/library/my-back", json={"routine": authored("Second", 9),
                                                     "base_version": 1})
    result = app.test_cli_runner().invoke(args=["routines", "check"])
    assert result.exit_code == 0, result.output
    assert "ok   lower-back-hip: 9 exercises" in result.output
    assert "ok   my-back (the clinic's, version 2): 9 exercises" in result.output


@pytest.mark.settings(time_scale=1)  # still running after the restart, however slow
def test_an_edit_while_a_session_runs_leaves_that_session_unchanged(app, clinic_client,
                                                                    socket_client):
    clinic_client.post("/api/library", json={"routine": authored("First", 8)})
    running = started(socket_client, "my-back")
    live = Limber.of(app).live
    before = live.get(running).timeline
    assert before.title == "First" and holds(before) == {8000}
    saved = clinic_client.put("/api/library/my-back", json={"routine": authored("Second", 30),
                                                             "base_version": 1})
    assert saved.get_json()["version"] == 2
    assert live.get(running).timeline is before
    later = live.get(started(socket_client, "my-back")).timeline
    assert later.title == "Second" and holds(later) == {30000}

    Limber.of(app).stop()  # and a restart: the session comes back with its own timeline
    again = started_app(app.config["LIMBER"])
    try:
        restored = Limber.of(again).live.get(running).timeline
        assert restored.hash == before.hash and restored.title == "First"
    finally:
        Limber.of(again).stop()
