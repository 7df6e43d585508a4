import time

import pytest

from app import create_app
from sessions.config import Settings


@pytest.fixture
def app(tmp_path):
    app = create_app(Settings(time_scale=50, data_dir=tmp_path / "data"))
    yield app
    app.extensions["limber.live"].stop()


@pytest.fixture
def socket_client(app):
    def connect():
        return app.extensions["socketio"].test_client(app)
    return connect


def wait_for(client, predicate, timeout=10.0):
    """Collect received events until one matches; background emits arrive later."""
    seen = []
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for msg in client.get_received():
            seen.append(msg)
            if predicate(msg):
                return msg, seen
        time.sleep(0.01)
    raise AssertionError(f"no matching event within {timeout}s; saw {[m['name'] for m in seen]}")
