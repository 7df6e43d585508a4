"""The WebSocket under Socket.IO writes whole frames at once and declines compression."""

import socket

import pytest

from sessions.web.websocket import Server
from tests.support.server import LimberServer

HANDSHAKE = {"HTTP_HOST": "limber", "HTTP_UPGRADE": "websocket", "HTTP_CONNECTION": "Upgrade",
             "HTTP_SEC_WEBSOCKET_KEY": "dGhlIHNhbXBsZSBub25jZQ==",
             "HTTP_SEC_WEBSOCKET_VERSION": "13"}
DEFLATE = "permessage-deflate; client_max_window_bits"


class ShortWrites:
    """A socket whose send() takes a few bytes at a time, as gevent's does when its buffer
    is nearly full (the caller must send the rest); sendall() sends everything."""

    def __init__(self, sock: socket.socket):
        self.sock = sock

    def send(self, data: bytes) -> int:
        return self.sock.send(data[:7])

    def __getattr__(self, name):
        return getattr(self.sock, name)


def read_until(sock: socket.socket, ending: bytes) -> bytes:
    data = b""
    while not data.endswith(ending):
        chunk = sock.recv(1)
        assert chunk, f"the server closed the connection after {data!r}"
        data += chunk
    return data


def read_exactly(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        assert chunk, f"the server closed the connection after {len(data)} of {n} bytes"
        data += chunk
    return data


@pytest.fixture
def pair():
    server_end, client_end = socket.socketpair()
    client_end.settimeout(10)  # a bound on a broken test, not a measurement
    yield server_end, client_end
    client_end.close()


def test_every_frame_arrives_whole_when_the_socket_takes_a_few_bytes_at_a_time(pair):
    server_end, client_end = pair
    ws = Server({**HANDSHAKE, "werkzeug.socket": ShortWrites(server_end)})
    assert read_until(client_end, b"\r\n\r\n").startswith(b"HTTP/1.1 101 ")
    text = "42" + "x" * 998
    ws.send(text)
    ws.send("3")
    header = read_exactly(client_end, 4)
    assert header[:2] == bytes([0x81, 126]) and int.from_bytes(header[2:], "big") == 1000
    assert read_exactly(client_end, 1000).decode() == text
    assert read_exactly(client_end, 3) == bytes([0x81, 1]) + b"3"
    ws.close()


def test_compression_offered_by_the_client_is_declined(pair):
    server_end, client_end = pair
    ws = Server({**HANDSHAKE, "HTTP_SEC_WEBSOCKET_EXTENSIONS": DEFLATE,
                 "werkzeug.socket": server_end})
    response = read_until(client_end, b"\r\n\r\n").decode().lower()
    assert response.startswith("http/1.1 101 ")
    assert "sec-websocket-extensions" not in response
    ws.send("42")
    assert read_exactly(client_end, 4) == bytes([0x81, 2]) + b"42"  # not compressed
    ws.close()


def test_the_app_serves_its_websockets_this_way(tmp_path):
    with LimberServer(tmp_path) as server, \
            socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        key = HANDSHAKE["HTTP_SEC_WEBSOCKET_KEY"]
        request = (f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                   f"Host: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}"
                   f"\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: {DEFLATE}\r\n\r\n")
        sock.sendall(request.encode())
        response = read_until(sock, b"\r\n\r\n").decode().lower()
        assert response.startswith("http/1.1 101 ")
        assert "sec-websocket-extensions" not in response


def test_each_frame_goes_out_at_once_not_held_for_the_last_ones_ack():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client_end = socket.create_connection(listener.getsockname(), timeout=10)
        server_end, _ = listener.accept()
    with client_end, server_end:
        assert server_end.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        ws = Server({**HANDSHAKE, "werkzeug.socket": server_end})
        assert server_end.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        ws.close()
