"""Oversized messages over a real connection: refused, and the server carries on."""

import socketio

from tests.net.test_reconnect import server  # noqa: F401  (the module's running server)


def test_an_oversized_message_drops_only_its_sender(server):  # noqa: F811
    bully = socketio.SimpleClient()
    bully.connect(server.url, transports=["websocket"])
    try:
        bully.call("create", {"routine_id": "x" * 200_000}, timeout=5)
        answered = True
    except (socketio.exceptions.TimeoutError, socketio.exceptions.DisconnectedError):
        answered = False
    assert not answered, "a 200 KB message must not be processed"
    bully.disconnect()
    polite = socketio.SimpleClient()
    polite.connect(server.url, transports=["websocket"])
    ack = polite.call("create", {"routine_id": "lower-back-hip"}, timeout=5)
    assert ack["ok"]
    polite.disconnect()


def test_behind_a_proxy_limits_apply_per_patient_not_per_clinic(tmp_path):
    from tests.support.server import LimberServer

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
