"""Socket.IO: create a session, join it, drive it. Every handler answers by its ack."""

from __future__ import annotations

from flask import current_app
from flask_socketio import SocketIO, emit, join_room

from ..catalog import UnknownRoutine
from ..core.runner import COMMANDS
from ..core.timeline import OptionsError
from ..live import SessionError
from .payloads import PayloadError, options_fields, require_dict, text_field


def _fail(message: str) -> dict:
    return {"ok": False, "error": message}


def register(socketio: SocketIO) -> None:
    def live():
        return current_app.extensions["limber.live"]

    def catalog():
        return current_app.extensions["limber.catalog"]

    @socketio.on("create")
    def create(payload=None):
        try:
            payload = require_dict(payload)
            routine_id = text_field(payload, "routine_id")
            options = catalog().options(**options_fields(payload))
            timeline = catalog().compile(routine_id, options)
        except (PayloadError, OptionsError, UnknownRoutine) as err:
            return _fail(str(err))
        session, token = live().create(timeline.scaled(current_app.config["LIMBER"].time_scale))
        join_room(session.id)
        return {"ok": True, "session_id": session.id, "control_token": token,
                "timeline": session.timeline.to_dict(),
                "state": session.snapshot(live().clock())}

    @socketio.on("join")
    def join(payload=None):
        try:
            session = live().get(text_field(require_dict(payload), "session_id"))
        except (PayloadError, SessionError) as err:
            return _fail(str(err))
        join_room(session.id)
        return {"ok": True, "timeline": session.timeline.to_dict(),
                "state": session.snapshot(live().clock())}

    @socketio.on("command")
    def command(payload=None):
        try:
            payload = require_dict(payload)
            name = text_field(payload, "command", 20)
            if name not in COMMANDS:
                raise PayloadError(f"unknown command {name!r}")
            state = live().command(text_field(payload, "session_id"),
                                   text_field(payload, "token"), name,
                                   text_field(payload, "exercise_id", required=False))
        except (PayloadError, SessionError) as err:
            emit("refused", {"type": "refused", "command": str(payload.get("command"))
                             if isinstance(payload, dict) else "", "reason": str(err)})
            return _fail(str(err))
        return {"ok": True, "state": state}

    @socketio.on("ping")
    def ping(payload=None):
        return {"ok": True, "server_now": live().clock()}
