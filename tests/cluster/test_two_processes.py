"""Two app processes share sessions through Redis; one dies and the other carries on."""

import time

import pytest

from tests.net.test_reconnect import Device
from tests.support.server import LimberServer

LEASE_MS = 1500


@pytest.fixture
def pair(redis_url, redis_client, tmp_path):
    servers = [LimberServer(tmp_path, time_scale=5, redis_url=redis_url, lease_ms=LEASE_MS)
               for _ in range(2)]
    for server in servers:
        server.start()
    yield servers
    for server in servers:
        server.stop()


def wait_until(predicate, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_commands_cross_processes_and_a_dead_owner_is_replaced(pair):
    first, second = pair
    controller = Device(first.url)
    ack = controller.call("create", {"routine_id": "lower-back-hip", "pace": "extended"})
    session = {"session_id": ack["session_id"], "token": ack["control_token"]}
    follower = Device(second.url, {"code": ack["code"]})
    assert follower.rejoined.wait(10)
    joined = follower.joins[-1][1]
    assert joined["ok"] and joined["role"] == "follower"
    assert joined["timeline"]["hash"] == ack["timeline"]["hash"]

    # a command on process 1 reaches the follower on process 2
    assert controller.call("command", {**session, "command": "start"})["ok"]
    assert wait_until(lambda: any(s["reason"] == "start" for s in follower.states))
    # and the follower's device shows in the controller's roster, across processes
    roster = controller.call("join", session)["devices"]
    assert sorted(d["role"] for d in roster if d["connected"]) == ["controller", "follower"]
    # a request arriving at process 2 is run by the owner (process 1)
    via_second = Device(second.url)
    assert via_second.call("command", {**session, "command": "next"})["state"]["index"] >= 1

    before = controller.call("join", session)["state"]
    first.kill()
    killed_at = time.monotonic()
    seen = len(follower.states)
    assert wait_until(lambda: any(s["reason"] == "step" for s in follower.states[seen:]),
                      timeout=LEASE_MS / 1000 + 10), "the session did not carry on"
    carried_on = next(s for s in follower.states[seen:] if s["reason"] == "step")
    took_over_in = time.monotonic() - killed_at
    # on the right step: where the schedule from before the kill says it should be
    expected = before["position_ms"] + carried_on["server_now"] - before["server_now"]
    assert abs(carried_on["position_ms"] - expected) <= 1000
    assert carried_on["step_started_at"] is not None
    assert took_over_in < LEASE_MS / 1000 + 5

    # the controller comes back through process 2 with its token and still has control
    back = Device(second.url)
    rejoined = back.call("join", session)
    assert rejoined["role"] == "controller"
    assert back.call("command", {**session, "command": "pause"})["state"]["status"] == "paused"
    for device in (controller, follower, via_second, back):
        device.client.disconnect()
