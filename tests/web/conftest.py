import time

import pytest


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
