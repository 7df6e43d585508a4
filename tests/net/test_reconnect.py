"""Real network: the server in a subprocess, python-socketio clients as devices."""

import pytest

from tests.support.schedule import origin
from tests.support.socket_device import Device
from tests.support.tcp_proxy import TcpProxy


@pytest.fixture
def proxy(server):
    proxy = TcpProxy(server.port)
    yield proxy
    proxy.close()


def test_dropped_follower_resyncs_and_controller_loss_does_not_stop_the_session(server, proxy):
    controller = Device(server.url)
    ack = controller.call("create", {"routine_id": "lower-back-hip", "pace": "gentle"})
    session = {"session_id": ack["session_id"], "token": ack["control_token"]}
    timeline = ack["timeline"]
    follower = Device(f"http://127.0.0.1:{proxy.port}", {"code": ack["code"]})
    try:
        assert follower.rejoined.wait(10)
        started = controller.call("command", {**session, "command": "start"})["state"]
        # Mid-session: the follower has been sent a step change.
        follower.next_state(lambda s: s["reason"] == "step", after=0)

        follower.rejoined.clear()
        proxy.cut()
        assert follower.rejoined.wait(10), "the follower came back on its own"
        assert len(follower.joins) == 2
        # Its one snapshot after coming back has the controller's schedule: the same step
        # clock, to the millisecond, whichever step each of them read.
        mine = follower.joins[-1][1]["state"]
        truth = controller.call("join", {**session, "code": ack["code"]})["state"]
        assert mine["status"] == truth["status"] == "running"
        assert origin(mine, timeline) == origin(truth, timeline) == origin(started, timeline)
        assert mine["deadline"] == mine["step_started_at"] + \
            timeline["steps"][mine["index"]]["duration_ms"]

        # The controller goes away; the patient's session runs on.
        controller.client.disconnect()
        seen = len(follower.states)
        follower.next_state(lambda s: s["reason"] == "step", after=seen)

        # And the controller, back with its token, has control again.
        back = Device(server.url)
        rejoined = back.call("join", {**session})
        assert rejoined["role"] == "controller"
        assert back.call("command", {**session, "command": "pause"})["state"]["status"] == \
            "paused"
        back.client.disconnect()
    finally:
        follower.client.disconnect()
        controller.client.disconnect()
