"""Socket.IO: create, join, drive and watch sessions. Every handler answers by its ack.

Handlers only translate: a payload checked against its schema -> a call on Live -> an ack.
Anything malformed or not allowed answers {"ok": false, "error": ..., "code": ...} and
changes nothing; an unexpected fault is logged and answered the same way, never raised to
the socket. The ack is the only answer: nothing else is sent to the asker about a refusal.
"""

from __future__ import annotations

from functools import wraps

from flask import current_app, request, url_for
from flask_socketio import SocketIO, join_room, leave_room

from ..catalog import UnknownRoutine
from ..core import joincode
from ..core.refusals import Refusal
from ..core.timeline import OptionsError
from ..services import services
from .schemas import PayloadError, validate

# Refusals (SessionError among them) carry their own code; these are coded by their kind.
CODES = {PayloadError: "bad_request", OptionsError: "bad_options",
         UnknownRoutine: "no_such_routine"}
EXPECTED = (Refusal, *CODES)


def _limited(kind: str, now: int) -> None:
    if not getattr(services().limits, kind).allow(request.remote_addr or "?", now):
        raise Refusal(f"too many {kind} attempts; wait a minute and try again", "rate_limited")


def _links(typed_code: str) -> dict:
    code = joincode.normalize(typed_code)  # links carry the bare code: ACDEFH
    return {"join_url": url_for("limber.join_page", code=code, _external=True),
            "qr_url": url_for("limber.join_qr", code=code)}


def _answer(event: str, handler, payload) -> dict:
    try:
        # The clock is read once per request: every rule applied to it sees the same time.
        return {"ok": True, **handler(validate(event, payload), services().clock())}
    except EXPECTED as err:
        code = err.code if isinstance(err, Refusal) else next(
            c for kind, c in CODES.items() if isinstance(err, kind))
        return {"ok": False, "error": str(err), "code": code}
    except Exception:  # a bug must not take the connection down; it is logged
        current_app.logger.exception("error handling %r", event)
        return {"ok": False, "error": "internal error; nothing was changed",
                "code": "internal_error"}


def _compile(fields: dict, stored: dict | None = None):
    return services().catalog.for_session(fields, current_app.config["LIMBER"].time_scale,
                                          stored)


def register(socketio: SocketIO) -> None:
    def on(event: str):
        def decorate(handler):
            @wraps(handler)
            def wrapper(payload=None, *_):
                return _answer(event, handler, payload)
            return socketio.on(event)(wrapper)
        return decorate

    @on("create")
    def create(p, now):
        _limited("create", now)
        live = services().live
        timeline, options = _compile(p)
        session, token = live.create(timeline, options, request.remote_addr or "?", now=now)
        join_room(session.id)  # before anything about the session can be sent
        joined = live.join(session.id, request.sid, token, p.get("name") or "Controller",
                           heartbeat=p.get("heartbeat", False), now=now)
        return {**joined, "control_token": token, **_links(session.code)}

    @on("join")
    def join(p, now):
        _limited("join", now)
        where = p.get("code") or p.get("session_id")
        if not where:
            raise PayloadError("give the session's 'code' (or 'session_id')")
        live = services().live
        session_id = live.resolve(where)
        # In the room before the answer's state is read: every event produced after it
        # reaches this device (one produced in between would otherwise be lost to it).
        # Whether it was in already is Live's own record: flask_socketio's rooms() iterates
        # every room while other threads add some.
        joined_before = session_id in live.client_sessions.get(request.sid, ())
        join_room(session_id)
        try:
            info = live.join(session_id, request.sid, p.get("token"), p.get("name", ""),
                             p.get("device_key"), p.get("heartbeat", False), now=now)
        except Exception:
            if not joined_before:  # a device joining again stays in its room
                leave_room(session_id)
            raise
        return {**info, **_links(info["code"])}

    @on("command")
    def command(p, now):
        return {"state": services().live.command(p["session_id"], request.sid, p.get("token"),
                                                 p["command"], p.get("exercise_id"), now=now)}

    @on("configure")
    def configure(p, now):
        live = services().live
        # only what is given changes: the rest stays as the session has it
        timeline, options = _compile(p, live.options(p["session_id"]))
        return live.configure(p["session_id"], p["token"], timeline, options, now=now)

    @on("share_control")
    def share_control(p, now):
        return services().live.share_control(p["session_id"], p["token"], p["enabled"],
                                             now=now)

    @on("end")
    def end(p, now):
        services().live.end(p["session_id"], p["token"], now=now)
        return {}

    @on("device")
    def device(p, now):
        session_id = p.pop("session_id")
        services().live.report(session_id, request.sid, now=now, **p)
        return {}

    @on("ping")
    def ping(p, now):
        return {"server_now": now}

    @socketio.on("disconnect")
    def disconnect(*_):
        services().live.leave(request.sid, now=services().clock())

    @socketio.on("*")
    def unknown(event, *args):
        return {"ok": False, "error": f"unknown event {str(event)[:40]!r}",
                "code": "unknown_event"}
