from pathlib import Path

import pytest
import yaml

from app import started_app
from sessions.config import Settings
from sessions.core.model import parse_routine
from sessions.services import Limber

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "sessions" / "routines" / "lower-back-hip.yaml"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "settings(**values): Settings for the `app` fixture beyond its defaults")


@pytest.fixture(scope="session")
def seed_routine():
    return parse_routine(yaml.safe_load(SEED_FILE.read_text()), SEED_FILE.name)


@pytest.fixture
def app(request, tmp_path):
    """The app as `python app.py` and gunicorn run it (started), stopped after the test.

    Time scale 50, data and audio in the test's own directory; a test needing other
    settings says so with `@pytest.mark.settings(name=value, ...)`.
    """
    marker = request.node.get_closest_marker("settings")
    app = started_app(Settings(**{"time_scale": 50, "data_dir": tmp_path / "data",
                                  "audio_dir": tmp_path / "audio",
                                  **(marker.kwargs if marker else {})}))
    yield app
    Limber.of(app).stop()
