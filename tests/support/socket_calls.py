"""Calls and waits for Flask-SocketIO's test client (`app.extensions["socketio"].test_client`)."""

from __future__ import annotations

import time


def create(client, **extra) -> dict:
    """Create a gentle session of the seed routine; returns the (ok) ack."""
    ack = client.emit("create", {"routine_id": "lower-back-hip", "pace": "gentle", **extra},
                      callback=True)
    assert ack["ok"], ack
    return ack


def command(client, ack, name, **extra) -> dict:
    """Send a control command as the controller of the session `ack` created."""
    return client.emit("command", {"session_id": ack["session_id"],
                                   "token": ack["control_token"], "command": name, **extra},
                       callback=True)


def join(client, ack_or_code, **extra) -> dict:
    code = ack_or_code["code"] if isinstance(ack_or_code, dict) else ack_or_code
    return client.emit("join", {"code": code, **extra}, callback=True)


def wait_for(client, predicate, timeout=10.0):
    """Collect received events until one matches; returns it and everything seen.

    Emits from the server's background tasks (the scheduler) arrive later than a call's
    answer. The test client has no blocking receive, so its queue is read until the event
    is there; the timeout only fails a test whose event never comes."""
    seen = []
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for msg in client.get_received():
            seen.append(msg)
            if predicate(msg):
                return msg, seen
        time.sleep(0.01)
    raise AssertionError(f"the event never came; saw {[m['name'] for m in seen]}")
