"""Oversized messages over a real connection: refused, and the server carries on."""

import threading

import socketio

from tests.support.server import LimberServer


def test_an_oversized_message_drops_only_its_sender(server):
    dropped = threading.Event()
    bully = socketio.Client(reconnection=False)
    bully.on("disconnect", lambda *reason: dropped.set())
    bully.connect(server.url, transports=["websocket"])
    bully.emit("create", {"routine_id": "x" * 200_000})
    # Not processed: the server closes the sender's connection (the wait only fails a test
    # whose connection stays open).
    assert dropped.wait(30), "a 200 KB message must close its sender's connection"
    polite = socketio.SimpleClient()
    polite.connect(server.url, transports=["websocket"])
    ack = polite.call("create", {"routine_id": "lower-back-hip"}, timeout=5)
    assert ack["ok"]
    polite.disconnect()


def test_behind_a_proxy_limits_apply_per_patient_not_per_clinic(tmp_path):
    with LimberServer(tmp_path, proxy_hops=1) as proxied:
        results = []
        for address in ("203.0.113.7", "203.0.113.8"):
            client = socketio.SimpleClient()
            client.connect(proxied.url, transports=["websocket"],
                           headers={"X-Forwarded-For": address})
            results.append([client.call("create", {"routine_id": "lower-back-hip"},
                                        timeout=5)["ok"] for _ in range(6)])
            client.disconnect()
    assert results == [[True] * 5 + [False]] * 2
