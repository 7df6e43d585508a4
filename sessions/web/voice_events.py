"""Socket.IO: voice control. A device streams its microphone; commands heard act on its session.

`voice_start` gives the device a listener (sessions/listening), `voice_audio` chunks feed
it, `voice_gap` says the app itself is speaking, `voice_stop` (or leaving, disconnecting,
the session ending) releases it. A recognised command goes through the same calls as the
buttons, with this device's socket id and the token it gave: the same rights. Only the
device that spoke hears the answer (`voice_heard`). Audio is never logged or stored.
"""

from __future__ import annotations

from flask import current_app, request
from flask_socketio import SocketIO, emit

from ..core import voiceturn
from ..core.endpointer import BYTES_PER_MS
from ..core.refusals import Refusal
from ..listening import Listener, Listening, Unavailable
from ..services import services
from .events import answered, handles

SAMPLE_RATE = 16_000
# What a device is asked to send; anything from MIN_CHUNK_MS to MAX_CHUNK_MS is taken. Each
# chunk is a Socket.IO event, about 0.4 ms of the server's CPU: 100 ms chunks cost 50
# listening devices a fifth of a core less than 40 ms ones (bench/scale.py --listeners),
# for at most 60 ms more before a command is heard.
CHUNK_MS = 100
MIN_CHUNK_MS, MAX_CHUNK_MS = 10, 200
# After the app's own audio ends, the device stays deaf this long: a cue's echo and the
# room's reverberation are not the user.
TAIL_MS = 300


def chunk_problem(chunk) -> str | None:
    """Why a `voice_audio` payload cannot be heard, or None."""
    if not isinstance(chunk, (bytes, bytearray)):
        return "voice_audio must be binary: 16 kHz mono signed 16-bit little-endian PCM"
    if len(chunk) % 2:
        return "a voice_audio chunk must be whole 16-bit samples (an even number of bytes)"
    if not MIN_CHUNK_MS * BYTES_PER_MS <= len(chunk) <= MAX_CHUNK_MS * BYTES_PER_MS:
        return (f"a voice_audio chunk must hold {MIN_CHUNK_MS} to {MAX_CHUNK_MS} ms "
                f"({MIN_CHUNK_MS * BYTES_PER_MS} to {MAX_CHUNK_MS * BYTES_PER_MS} bytes)")
    return None


def _act(listener: Listener, command: str, now: int) -> dict:
    """Carry out a heard command; the `voice_heard` answer."""
    live = services().live
    step = voiceturn.turn(command, listener.asked_at, now)
    listener.asked_at = step.asked_at

    def call() -> dict:
        if step.do == "command":
            live.command(listener.session_id, listener.sid, listener.token, command, now=now)
        elif step.do == "end":
            live.end(listener.session_id, listener.token, now=now)
        elif step.do == "unasked":
            raise Refusal("nothing to confirm: say \"stop\" first", "nothing_to_confirm")
        if step.confirm:
            return {"confirm": step.confirm, "confirm_ms": voiceturn.CONFIRM_MS}
        return {}

    answer = {"command": command, **answered("voice_heard", call)}
    # only the command goes into the log, never the audio
    current_app.logger.info("voice: heard %r in session %s (%s)", command,
                            listener.session_id, "done" if answer["ok"] else answer["code"])
    if answer.get("code") == "no_such_session":  # it ended where this process did not see
        services().listening.release(listener.sid)
        current_app.extensions["socketio"].emit(
            "voice_state", {"listening": False, "reason": "session_ended"}, to=listener.sid)
    return answer


def session_ended(socketio: SocketIO, listening: Listening, session_id: str) -> None:
    """A session ended: its devices stop being listened to, and are told."""
    for sid in listening.release_session(session_id):
        socketio.emit("voice_state", {"listening": False, "reason": "session_ended"}, to=sid)


def in_order(socketio: SocketIO, events: tuple[str, ...]) -> None:
    """Handle `events` on the thread that reads the socket, in the order they came.

    python-socketio starts a thread per event (async_handlers): two audio chunks 40 ms apart
    could be taken in either order. These handlers only queue the chunk (decoding happens on
    the listening workers), so running them in line costs the socket nothing."""
    server = socketio.server
    threaded = server._handle_event

    def handle_event(eio_sid, namespace, id, data):
        if data and data[0] in events:
            namespace = namespace or "/"
            sid = server.manager.sid_from_eio_sid(eio_sid, namespace)
            if server.manager.is_connected(sid, namespace):
                server._handle_event_internal(server, sid, eio_sid, data, namespace, id)
            return
        threaded(eio_sid, namespace, id, data)
    server._handle_event = handle_event


def register(socketio: SocketIO) -> None:
    in_order(socketio, ("voice_audio", "voice_gap"))

    @handles(socketio, "voice_start")
    def voice_start(p, now):
        live = services().live
        session_id = live.resolve(p["session_id"])
        if session_id not in live.client_sessions.get(request.sid, ()):
            raise Refusal("join the session on this connection before listening",
                          "not_joined")
        timeline, _ = services().catalog.for_session(
            {}, current_app.config["LIMBER"].time_scale, live.options(session_id))
        services().listening.start(request.sid, session_id, p.get("token"),
                                   timeline.cue_texts())
        return {"sample_rate": SAMPLE_RATE, "chunk_ms": CHUNK_MS, "tail_ms": TAIL_MS}

    @socketio.on("voice_audio")
    def voice_audio(chunk=None, *_):
        sid, listening = request.sid, services().listening
        listener = listening.get(sid)
        if listener is None:  # not listening (chunks still in flight after a stop): ignored
            return
        problem = chunk_problem(chunk)
        if problem is None and not listener.take(bytes(chunk)):
            problem = "the server fell behind decoding this device; some speech was not heard"
        if problem:
            if listener.warn_once(problem):
                emit("voice_state", {"listening": True, "warning": problem})
            return
        app = current_app._get_current_object()

        def work():
            with app.app_context():
                try:
                    listener.drain(lambda command: socketio.emit(
                        "voice_heard", _act(listener, command, services().clock()), to=sid))
                except Unavailable as err:  # the decoders' process died: say so
                    app.logger.warning("voice: %s", err)
                    if listening.release(sid) is listener:
                        socketio.emit("voice_state", {"listening": False,
                                                      "reason": "unavailable"}, to=sid)
                except Exception:  # logged; the device goes on being heard
                    app.logger.exception("voice: decoding failed")
        listening.decode(listener, work)

    @socketio.on("voice_gap")
    def voice_gap(*_):
        listener = services().listening.get(request.sid)
        if listener is not None:
            listener.gap()
        return {"ok": True}

    @handles(socketio, "voice_stop")
    def voice_stop(p, now):
        services().listening.release(request.sid)
        return {}
