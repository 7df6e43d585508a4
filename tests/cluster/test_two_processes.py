"""Two app processes share sessions through Redis; one dies and the other carries on."""

import pytest

from tests.support.cluster import Pair, Watcher, index_at, kill, states

LEASE_MS = 1500


@pytest.fixture
def pair(tmp_path):
    with Pair(tmp_path, time_scale=5, lease_ms=LEASE_MS) as servers:
        yield servers


def test_commands_cross_processes_and_a_dead_owner_is_replaced(pair):
    first, second = pair
    controller = Watcher(first.url)
    ack = controller.call("create", {"routine_id": "lower-back-hip", "pace": "extended"})
    sid = ack["session_id"]
    session = {"session_id": sid, "token": ack["control_token"]}
    durations = [step["duration_ms"] for step in ack["timeline"]["steps"]]
    follower = Watcher(second.url)
    joined = follower.call("join", {"code": ack["code"]})
    assert joined["ok"] and joined["role"] == "follower"
    assert joined["timeline"]["hash"] == ack["timeline"]["hash"]

    # a command on process 1 reaches the follower on process 2
    assert controller.call("command", {**session, "command": "start"})["ok"]
    follower.wait_for(lambda n, p: n == "state" and p["reason"] == "start")
    # and the follower's device shows in the controller's roster, across processes
    roster = controller.call("join", session)["devices"]
    assert sorted(d["role"] for d in roster if d["connected"]) == ["controller", "follower"]
    # a request arriving at process 2 is run by the owner (process 1)
    via_second = Watcher(second.url)
    assert via_second.call("command", {**session, "command": "next"})["state"]["index"] == 1
    follower.wait_for(lambda n, p: n == "state" and p["reason"] == "next")

    dead_at = kill(first)
    before = [s for s in states(follower.events, sid) if s["server_now"] <= dead_at][-1]
    # process 2 takes the session over; its first word is where the schedule says it is
    took = follower.events[follower.wait_for(
        lambda n, p: n == "state" and p["server_now"] > dead_at)][1]
    assert took["reason"] == "takeover"
    assert took["index"] == index_at(before, durations, took["server_now"])
    assert took["step_started_at"] is not None, "still running"
    # and it runs on: the next step is announced by process 2
    follower.wait_for(lambda n, p: n == "state" and p["reason"] == "step"
                      and p["index"] == took["index"] + 1)

    # the controller comes back through process 2 with its token and still has control
    back = Watcher(second.url)
    assert back.call("join", session)["role"] == "controller"
    assert back.call("command", {**session, "command": "pause"})["state"]["status"] == "paused"
    for device in (controller, follower, via_second, back):
        device.close()
