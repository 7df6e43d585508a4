"""Real network: the server in a subprocess, python-socketio clients as devices."""

import threading
import time

import pytest
import socketio

from tests.support.server import LimberServer
from tests.support.tcp_proxy import TcpProxy


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LimberServer(tmp_path_factory.mktemp("net"), time_scale=20) as srv:
        yield srv


class Device:
    """A python-socketio client that re-joins its session after every (re)connect."""

    def __init__(self, url: str, join: dict | None = None):
        self.client = socketio.Client(reconnection_delay=0.05, reconnection_delay_max=0.2,
                                      randomization_factor=0)
        self.join_payload = join
        self.states: list[dict] = []
        self.joins: list[tuple[float, dict]] = []
        self.dropped_at: float | None = None
        self.rejoined = threading.Event()
        self.client.on("state", self.states.append)
        self.client.on("connect", self._on_connect)
        self.client.on("disconnect", self._on_disconnect)
        self.client.connect(url, transports=["websocket"], wait_timeout=10)

    def _on_disconnect(self, *_):
        self.dropped_at = time.monotonic()

    def _on_connect(self):
        if self.join_payload:
            threading.Thread(target=self._rejoin, daemon=True).start()

    def _rejoin(self):
        ack = self.client.call("join", self.join_payload, timeout=10)
        self.joins.append((time.monotonic(), ack))
        self.rejoined.set()

    def call(self, event: str, payload: dict) -> dict:
        return self.client.call(event, payload, timeout=10)


def test_dropped_follower_resyncs_and_controller_loss_does_not_stop_the_session(server):
    controller = Device(server.url)
    ack = controller.call("create", {"routine_id": "lower-back-hip", "pace": "gentle"})
    session = {"session_id": ack["session_id"], "token": ack["control_token"]}
    proxy = TcpProxy(server.port)
    follower = Device(f"http://127.0.0.1:{proxy.port}", {"code": ack["code"]})
    assert follower.rejoined.wait(10)
    assert controller.call("command", {**session, "command": "start"})["ok"]
    time.sleep(1.0)

    follower.rejoined.clear()
    proxy.cut()
    assert follower.rejoined.wait(10), "the follower came back on its own"
    rejoined_at, joined = follower.joins[-1]
    assert rejoined_at - follower.dropped_at < 2.0
    # the follower's one snapshot puts it on the controller's step and second
    truth = controller.call("join", {**session, "code": ack["code"]})["state"]
    mine = joined["state"]
    assert mine["status"] == "running"
    step_deadline = {s["index"]: s["deadline"] for s in (mine, truth)}
    if mine["index"] == truth["index"]:
        assert mine["deadline"] == truth["deadline"], step_deadline
    else:  # a step boundary fell between the two reads
        assert truth["index"] == mine["index"] + 1 and truth["step_started_at"] == \
            mine["deadline"], step_deadline

    # the controller goes away; the patient's session runs on
    controller.client.disconnect()
    seen = len(follower.states)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any(
            s["reason"] == "step" for s in follower.states[seen:]):
        time.sleep(0.05)
    assert any(s["reason"] == "step" for s in follower.states[seen:])

    # and the controller, back with its token, has control again
    back = Device(server.url)
    rejoined = back.call("join", {**session})
    assert rejoined["role"] == "controller"
    assert back.call("command", {**session, "command": "pause"})["state"]["status"] == "paused"
    for device in (follower, back):
        device.client.disconnect()
    proxy.close()
