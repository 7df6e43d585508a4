"""Message limits over a real connection: a message the server will not take is answered.

python-socketio clients send what a client library would; `RawSocket` speaks Engine.IO and
Socket.IO by hand over a bare WebSocket to send what no library would (raw UTF-8, broken
JSON, deep nesting), as a third-party client might.
"""

import json
import threading

import pytest
import socketio
import websocket  # websocket-client: python-socketio's own WebSocket transport

from app import MAX_PAYLOAD_BYTES
from sessions.web.wire import MAX_DIGITS, TRANSPORT_MARGIN
from tests.support.server import LimberServer

TRANSPORTS = ["websocket", "polling"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LimberServer(tmp_path_factory.mktemp("limits"), max_sessions_per_address=20) as srv:
        yield srv


@pytest.fixture(params=TRANSPORTS)
def client(server, request):
    c = socketio.SimpleClient()
    c.connect(server.url, transports=[request.param], wait_timeout=10)
    yield c
    c.disconnect()


class RawSocket:
    """Engine.IO v4 over a bare WebSocket, connected to the default Socket.IO namespace."""

    def __init__(self, url: str):
        self.ws = websocket.create_connection(
            url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket", timeout=10)
        assert self.ws.recv().startswith("0")  # engine.io open
        self.ws.send("40")  # socket.io connect
        assert self.ws.recv().startswith("40")
        self.ids = 0

    def call(self, message: str):
        """Send an event packet whose JSON part is `message`; the ack's arguments."""
        self.ids += 1
        self.ws.send(f"42{self.ids}{message}")
        while True:  # websocket-client raises on its timeout: no answer fails the test
            reply = self.ws.recv()
            if reply == "2":  # engine.io ping
                self.ws.send("3")
            elif reply.startswith(f"43{self.ids}["):
                return json.loads(reply[len(f"43{self.ids}"):])

    def close_status(self) -> int:
        """The status code of the close frame the server sends."""
        while True:
            opcode, data = self.ws.recv_data(control_frame=True)
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                return int.from_bytes(data[:2], "big")

    def close(self):
        self.ws.close()


def create(routine_id) -> str:
    return json.dumps(["create", {"routine_id": routine_id}], separators=(",", ":"),
                      ensure_ascii=False)


def test_an_oversized_message_is_answered_and_the_connection_carries_on(client):
    ack = client.call("create", {"routine_id": "x" * MAX_PAYLOAD_BYTES}, timeout=10)
    assert ack == {"ok": False, "code": "too_large",
                   "error": f"a message may be at most {MAX_PAYLOAD_BYTES} bytes; "
                            f"nothing was changed"}
    assert client.call("create", {"routine_id": "lower-back-hip"}, timeout=10)["ok"]


def test_a_message_of_exactly_the_limit_is_read(server):
    raw = RawSocket(server.url)
    try:
        message = create("x" * (MAX_PAYLOAD_BYTES - len(create(""))))
        assert len(message.encode()) == MAX_PAYLOAD_BYTES
        [ack] = raw.call(message)
        assert ack["ok"] is False and "routine_id" in ack["error"]  # the schema's refusal
        assert ack.get("code") != "too_large"
        [ack] = raw.call(create("é" * (MAX_PAYLOAD_BYTES // 2)))  # fewer characters than bytes
        assert ack["code"] == "too_large"
    finally:
        raw.close()


def test_a_number_of_over_100_digits_is_answered(client):
    ack = client.call("create", {"routine_id": "lower-back-hip", "pace": 10 ** MAX_DIGITS},
                      timeout=10)
    assert ack == {"ok": False, "code": "number_too_long",
                   "error": f"a number in the message has more than {MAX_DIGITS} digits; "
                            f"nothing was changed"}
    ack = client.call("create", {"routine_id": "lower-back-hip", "pace": -(10 ** MAX_DIGITS - 1)},
                      timeout=10)  # 100 digits: read, then refused by the schema
    assert ack["ok"] is False and "'pace'" in ack["error"]
    assert client.call("ping", {}, timeout=10)["ok"]


@pytest.mark.parametrize("message, sentence", [
    ('["create",{"routine_id":', "the message is not valid JSON"),
    ('["create",' + "[" * 20_000 + "]" * 20_000 + "]", "the message is nested too deeply"),
    ('{"create":{}}', "an event must be a JSON array: [name, payload]"),
    ("[]", "an event must be a JSON array: [name, payload]"),
], ids=["not-json", "too-deep", "object", "empty-array"])
def test_an_unreadable_event_is_answered(server, message, sentence):
    raw = RawSocket(server.url)
    try:
        assert raw.call(message) == [{"ok": False, "code": "unreadable",
                                      "error": f"{sentence}; nothing was changed"}]
        assert raw.call('["ping",{}]')[0]["ok"]
    finally:
        raw.close()


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_message_beyond_the_transport_limit_closes_only_its_connection(server, transport):
    bully = socketio.Client(reconnection=False)
    dropped = threading.Event()
    bully.on("disconnect", lambda *_: dropped.set())
    bully.connect(server.url, transports=[transport], wait_timeout=10)
    bully.emit("create", {"routine_id": "x" * (TRANSPORT_MARGIN * MAX_PAYLOAD_BYTES)})
    assert dropped.wait(10), "the server closes a connection that sends that much"
    polite = socketio.SimpleClient()
    polite.connect(server.url, transports=[transport], wait_timeout=10)
    assert polite.call("create", {"routine_id": "lower-back-hip"}, timeout=10)["ok"]
    polite.disconnect()


def test_a_websocket_message_beyond_the_transport_limit_is_refused_as_it_arrives(server):
    raw = RawSocket(server.url)
    try:
        raw.ws.send("42" + create("x" * (TRANSPORT_MARGIN * MAX_PAYLOAD_BYTES)))
        # 1009 "message too big": cut off at the limit, where engine.io alone would hold all of
        # a message before measuring it, however large
        assert raw.close_status() == 1009
    finally:
        raw.close()


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
