"""The WebSocket under Socket.IO: every frame written whole, at once, one writer at a time,
uncompressed.

engine.io serves WebSockets through simple-websocket, which writes each frame with a single
`socket.send()`. That call may write only part of it: under gevent it returns what fitted
in the socket's buffer (0 when nothing did) and simple-websocket drops the rest, so a device
on a slow or busy link silently loses events, or gets a frame cut short, while it stays
connected. Two threads also write to one socket (engine.io's writer sends the events, the
reader answers pings and closes). Here every write is a `sendall` under the connection's
own lock, and with TCP_NODELAY: an event is not held back until the previous one is
acknowledged (Nagle's algorithm; up to a delayed ACK's 40 ms or more).

Compression (permessage-deflate, which every browser offers) is declined: the events are
small JSON, and a deflate context costs each connection about 100 KiB and CPU on every event.

`install(socketio)`, called once after `SocketIO(app, ...)`, puts this under the app's
engine.io server.
"""

from __future__ import annotations

import socket
import threading

import simple_websocket
from engineio.async_drivers._websocket_wsgi import SimpleWebSocketWSGI
from flask_socketio import SocketIO

EXTENSIONS_OFFERED = "HTTP_SEC_WEBSOCKET_EXTENSIONS"  # in the WSGI environ


class WholeWrites:
    """A socket whose send() writes everything it is given, one caller at a time."""

    def __init__(self, sock):
        self._sock = sock
        self._lock = threading.Lock()  # gevent's lock once gevent has patched threading
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            # each frame is a whole event: send it now, not after the last one's ACK (Nagle)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, data: bytes) -> int:
        with self._lock:
            self._sock.sendall(data)
        return len(data)

    def __getattr__(self, name):  # recv, close, fileno, ...: the socket's own
        return getattr(self._sock, name)


class Server(simple_websocket.Server):
    """simple-websocket's server, writing through WholeWrites and declining compression."""

    def __init__(self, environ: dict, **kwargs):
        super().__init__({k: v for k, v in environ.items() if k != EXTENSIONS_OFFERED},
                         **kwargs)

    @property
    def sock(self):
        return self._whole

    @sock.setter
    def sock(self, raw) -> None:  # simple-websocket sets it first thing, before the handshake
        self._whole = WholeWrites(raw)


def install(socketio: SocketIO) -> None:
    """Serve the app's WebSockets with Server (when engine.io uses simple-websocket)."""
    eio = socketio.server.eio
    adapter = eio._async.get("websocket")
    if adapter is None or not issubclass(adapter, SimpleWebSocketWSGI):
        return  # long-polling only, or another WebSocket library

    class Adapter(adapter):
        # engine.io's SimpleWebSocketWSGI.__call__, with our Server in its place
        def __call__(self, environ, start_response):
            self.ws = Server(environ, **self.server_args)
            ret = self.app(self)
            if self.ws.mode == "gunicorn":
                raise StopIteration()
            if self.ws.mode == "werkzeug":
                raise ConnectionError()
            return ret

    eio._async = {**eio._async, "websocket": Adapter}
