"""The shared runner test vectors (tests/vectors/runner/*.json) against the Python runner.
The same files check the device's runner (static/js/localrunner.js): tests/test_js.py."""

import json
from pathlib import Path

import pytest

from sessions.core.runner import Runner
from sessions.core.timeline import Timeline

VECTORS = sorted((Path(__file__).resolve().parents[1] / "vectors" / "runner").glob("*.json"))


def test_there_are_vectors():
    assert len(VECTORS) >= 5


@pytest.mark.parametrize("path", VECTORS, ids=lambda p: p.stem)
def test_python_runner_matches_the_vector(path):
    vector = json.loads(path.read_text())
    timeline = Timeline.from_dict(vector["timeline"])
    assert timeline.hash == vector["timeline"]["hash"]
    runner = Runner(timeline)
    for i, entry in enumerate(vector["script"]):
        if entry.get("tick"):
            events = runner.tick(entry["now_ms"])
        else:
            events = runner.handle(entry["command"], entry["now_ms"], entry.get("exercise_id"))
        where = f"{path.stem} entry {i}"
        assert [e.to_dict() for e in events] == entry["events"], where
        assert runner.state.to_dict() == entry["state"], where
        assert runner.next_deadline() == entry["next_deadline"], where
