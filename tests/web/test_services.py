"""Building the app starts nothing; starting it restores the last run's sessions and runs them."""

import time

import pytest

from app import create_app
from sessions.clock import now_ms
from sessions.config import Settings
from sessions.core.timeline import Clinic, Step, Timeline
from sessions.live import Live
from sessions.services import Limber
from sessions.store import Store


@pytest.fixture
def left_behind(tmp_path):
    """A running session that a server which died left in the data directory; its steps
    have all ended since, by the schedule."""
    steps = (Step(0, "hold", 1000, True, "Hold."), Step(1, "done", 1000, False, "Done."))
    timeline = Timeline("r", "R", "en", "standard", steps, (), Clinic())
    live = Live(lambda *a: None, store=Store(tmp_path / "data" / "limber.db"))
    started = now_ms() - 60_000
    session, token = live.create(timeline, {"routine_id": "r"}, now=started)
    live.command(session.id, "console", token, "start", now=started)
    return session.id


def test_building_the_app_restores_and_starts_nothing(left_behind, tmp_path):
    services = Limber.of(create_app(Settings(data_dir=tmp_path / "data")))
    assert services.live.sessions == {} and services.store.history() == []


def test_the_started_app_restores_the_sessions_left_behind_and_runs_them(left_behind, app):
    services = Limber.of(app)
    session = services.live.get(left_behind)
    deadline = time.monotonic() + 10
    while services.store.history() == [] and time.monotonic() < deadline:
        time.sleep(0.01)
    [run] = services.store.history()
    assert (run["session_id"], run["outcome"], run["steps_completed"]) == \
        (left_behind, "finished", 2)
    assert session.runner.state.status == "finished"
