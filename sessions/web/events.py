"""Socket.IO: create, join, drive and watch sessions. Every handler answers by its ack.

Handlers only translate: payload -> typed values -> a call on Live -> an ack. Anything
malformed or not allowed answers {"ok": false, "error": ...} and changes nothing.
"""

from __future__ import annotations

from functools import wraps

from flask import current_app, request, url_for
from flask_socketio import SocketIO, emit, join_room

from ..catalog import UnknownRoutine
from ..core.runner import COMMANDS
from ..core.timeline import OptionsError
from ..live import SessionError
from .payloads import (PayloadError, bool_field, number_field, options_fields, require_dict,
                       text_field)


def _live():
    return current_app.extensions["limber.live"]


def _catalog():
    return current_app.extensions["limber.catalog"]


def _limited(kind: str) -> None:
    limiter = current_app.extensions[f"limber.limit.{kind}"]
    if not limiter.allow(request.remote_addr or "?", _live().clock()):
        raise PayloadError(f"too many {kind} attempts; wait a minute and try again")


def _links(code: str) -> dict:
    return {"join_url": url_for("limber.join_page", code=code, _external=True),
            "qr_url": url_for("limber.join_qr", code=code)}


def acked(handler):
    """Turn expected errors into an error ack; echo refusals to the sender."""
    @wraps(handler)
    def wrapper(payload=None):
        try:
            return {"ok": True, **handler(require_dict(payload))}
        except (PayloadError, SessionError, OptionsError, UnknownRoutine) as err:
            if handler.__name__ == "command":
                name = payload.get("command") if isinstance(payload, dict) else None
                emit("refused", {"type": "refused", "command": str(name)[:20],
                                 "reason": str(err)})
            return {"ok": False, "error": str(err)}
    return wrapper


def _compile(payload: dict):
    options = options_fields(payload)
    timeline = _catalog().compile(text_field(payload, "routine_id"),
                                  _catalog().options(**options))
    scale = current_app.config["LIMBER"].time_scale
    return timeline.scaled(scale), {"routine_id": payload["routine_id"], **options}


def register(socketio: SocketIO) -> None:
    @socketio.on("create")
    @acked
    def create(payload):
        _limited("create")
        timeline, options = _compile(payload)
        session, token = _live().create(timeline, options)
        join_room(session.id)
        _live().join(session.id, request.sid, token, text_field(payload, "name", 40, False)
                     or "Controller")
        return {**session.info(_live().clock()), "control_token": token, "role": "controller",
                **_links(session.code)}

    @socketio.on("join")
    @acked
    def join(payload):
        _limited("join")
        where = (text_field(payload, "code", 20, required=False)
                 or text_field(payload, "session_id", 40))
        token = text_field(payload, "token", 64, required=False)
        session, device = _live().join(where, request.sid, token,
                                       text_field(payload, "name", 40, False) or "")
        join_room(session.id)
        return {**session.info(_live().clock()), "role": device.role, "device_id": device.id,
                **_links(session.code)}

    @socketio.on("command")
    @acked
    def command(payload):
        name = text_field(payload, "command", 20)
        if name not in COMMANDS:
            raise PayloadError(f"unknown command {name!r}")
        state = _live().command(text_field(payload, "session_id", 40), request.sid,
                                text_field(payload, "token", 64, required=False), name,
                                text_field(payload, "exercise_id", 100, required=False))
        return {"state": state}

    @socketio.on("configure")
    @acked
    def configure(payload):
        session = _live().get(text_field(payload, "session_id", 40))
        timeline, options = _compile({**payload, "routine_id": session.options["routine_id"]})
        info = _live().configure(session.id, text_field(payload, "token", 64), timeline,
                                 options)
        return info

    @socketio.on("share_control")
    @acked
    def share_control(payload):
        return _live().share_control(text_field(payload, "session_id", 40),
                                     text_field(payload, "token", 64),
                                     bool_field(payload, "enabled"))

    @socketio.on("end")
    @acked
    def end(payload):
        _live().end(text_field(payload, "session_id", 40), text_field(payload, "token", 64))
        return {}

    @socketio.on("device")
    @acked
    def device(payload):
        status = {}
        if "audio_unlocked" in payload:
            status["audio_unlocked"] = bool_field(payload, "audio_unlocked")
        for key in ("offset_ms", "rtt_ms"):
            if key in payload:
                status[key] = number_field(payload, key, -86_400_000, 86_400_000)
        _live().report(text_field(payload, "session_id", 40), request.sid, **status)
        return {}

    @socketio.on("ping")
    def ping(payload=None):
        return {"ok": True, "server_now": _live().clock()}

    @socketio.on("disconnect")
    def disconnect(*_):
        _live().leave(request.sid)

