"""Socket.IO messages as they come off the wire: a message Limber cannot take is answered.

Left to themselves, engine.io closes the connection on a message over its buffer size, and
python-socketio logs and drops one it cannot decode (an integer of over 100 digits, text
that is not JSON, nesting deeper than the parser's stack): either way the sender's ack never
comes. Here the transport's buffer is a little larger than Limber's limit, and an event
message that is too large or unreadable is decoded into an `Unreadable` problem that
`attach` refuses through the event's ack, like any other refusal.
"""

from __future__ import annotations

import json

from flask_socketio import SocketIO
from socketio import packet

MAX_DIGITS = 100  # longer integers take quadratic time to convert (engine.io's own cap too)
TRANSPORT_MARGIN = 4  # the transport takes messages up to this many times the limit


class Unreadable(ValueError):
    """A message refused before it reached a handler; `code` is stable, the text for people."""

    def __init__(self, code: str, sentence: str):
        super().__init__(sentence)
        self.code = code

    def answer(self) -> dict:
        return {"ok": False, "code": self.code, "error": f"{self}; nothing was changed"}


class _LimitedJson:
    """The json module python-socketio's packets use: outgoing as usual, incoming limited."""

    dumps = staticmethod(json.dumps)

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes

    def loads(self, text: str):
        # a character is 1 to 4 bytes in UTF-8: encode only when the length leaves a doubt
        if len(text) > self.max_bytes or (len(text) * 4 > self.max_bytes
                                          and len(text.encode()) > self.max_bytes):
            raise Unreadable("too_large", f"a message may be at most {self.max_bytes} bytes")
        try:
            return json.loads(text, parse_int=_integer)
        except Unreadable:
            raise
        except RecursionError:
            raise Unreadable("unreadable", "the message is nested too deeply") from None
        except ValueError:
            raise Unreadable("unreadable", "the message is not valid JSON") from None


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise Unreadable("number_too_long",
                         f"a number in the message has more than {MAX_DIGITS} digits")
    return int(digits)


def packet_class(max_bytes: int) -> type[packet.Packet]:
    class LimitedPacket(packet.Packet):
        json = _LimitedJson(max_bytes)

        def decode(self, encoded_packet):
            # type, namespace and ack id come before the JSON: they are known when it fails
            try:
                attachments = super().decode(encoded_packet)
            except Unreadable as problem:
                if self.packet_type not in (packet.EVENT, packet.BINARY_EVENT):
                    raise
                self.packet_type, self.data = packet.EVENT, [Unreadable, problem]
                return 0
            if self.packet_type == packet.EVENT and not (
                    isinstance(self.data, list) and self.data and isinstance(self.data[0], str)):
                self.data = [Unreadable, Unreadable(
                    "unreadable", "an event must be a JSON array: [name, payload]")]
            return attachments

    return LimitedPacket


def options(max_bytes: int) -> dict:
    """SocketIO(...) arguments: messages over `max_bytes` are answered, far larger ones cut."""
    return {"serializer": packet_class(max_bytes),
            "max_http_buffer_size": TRANSPORT_MARGIN * max_bytes}


def attach(socketio: SocketIO) -> None:
    """Answer the Unreadable; stop reading a WebSocket message past the transport's limit."""
    # Keyed by the class, not a string, so that no event a client names can reach it.
    socketio.on(Unreadable)(lambda problem, *_: problem.answer())
    eio = socketio.server.eio
    reader = eio._async["websocket"]
    if reader is None:  # an async mode without WebSocket
        return

    class CappedWebSocket(reader):
        """engine.io measures a WebSocket message only once it has it all (200 MB sent: 200 MB
        held); simple-websocket can refuse one as it arrives, but engine.io does not ask."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if hasattr(self, "server_args"):  # simple-websocket (gevent-websocket has none)
                self.server_args["max_message_size"] = eio.max_http_buffer_size

    eio._async = {**eio._async, "websocket": CappedWebSocket}  # this server's copy only
