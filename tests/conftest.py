from pathlib import Path

import pytest
import yaml

from sessions.core.model import parse_routine

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "sessions" / "routines" / "lower-back-hip.yaml"


@pytest.fixture(scope="session")
def seed_routine():
    return parse_routine(yaml.safe_load(SEED_FILE.read_text()), SEED_FILE.name)
