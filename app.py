"""Limber: create_app() wires the pieces, started_app() also starts them; `python app.py`
serves them."""

from __future__ import annotations

import os

# gevent must patch the standard library before anything imports socket or threading.
if os.environ.get("LIMBER_ASYNC_MODE") == "gevent":
    from gevent import monkey

    monkey.patch_all()

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402
from werkzeug.middleware.proxy_fix import ProxyFix  # noqa: E402

from sessions.catalog import Catalog  # noqa: E402
from sessions.config import Settings  # noqa: E402
from sessions.live import Live  # noqa: E402
from sessions.routine_store import RoutineStore  # noqa: E402
from sessions.services import CLINIC_LIMIT, CREATE_LIMIT, JOIN_LIMIT, Limber, Limits  # noqa: E402
from sessions.store import Store  # noqa: E402
from sessions.voice import Voice  # noqa: E402
from sessions.web import (  # noqa: E402
    cli,
    clinic,
    draft_voice,
    editor,
    events,
    handout,
    handouts_api,
    history,
    library_api,
    programme_link,
    programmes_api,
    routes,
    websocket,
    wire,
)
from sessions.web.compress import Compress  # noqa: E402
from sessions.web.security import protect  # noqa: E402

MAX_PAYLOAD_BYTES = 64 * 1024  # larger HTTP bodies or Socket.IO messages are refused
BLUEPRINTS = (routes.bp, history.bp, handout.bp, cli.bp, cli.voice_bp, cli.clinic_bp, clinic.bp,
              library_api.bp, programmes_api.bp, programme_link.bp, editor.bp, handouts_api.bp,
              draft_voice.bp)


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app and its services; nothing runs until `Limber.of(app).start()`."""
    settings = settings or Settings.from_env()
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config["LIMBER"] = settings
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    # threading (the default) or gevent, both with simple-websocket; see docs/deploy.md.
    app.config["MAX_CONTENT_LENGTH"] = MAX_PAYLOAD_BYTES
    # With Redis, several processes share one message queue: any can emit to any device.
    socketio = SocketIO(app, async_mode=settings.async_mode,
                        message_queue=settings.redis_url or None,
                        **wire.options(MAX_PAYLOAD_BYTES))
    websocket.install(socketio)  # whole frames, one writer at a time, no compression
    wire.attach(socketio)
    if settings.proxy_hops:  # the client's own address, for the per-address limits
        hops = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.wsgi_app = Compress(app.wsgi_app)  # text responses gzipped (Socket.IO left alone)
    protect(app, settings.secret_key, settings.data_dir)  # around Socket.IO's WSGI app too
    voice = Voice.from_settings(settings)
    store = Store(settings.data_dir / "limber.db")
    catalog = Catalog(settings, voice=voice, authored=RoutineStore(store))
    for problem in catalog.library.problems:
        app.logger.warning("routine skipped: %s", problem)
    clinic.init_app(app, store, settings.clinic_key)  # at first run, shows the new key once
    live, limits = _make_live(settings, socketio, voice, store)
    Limber(settings, catalog, voice, live, store, spawn=socketio.start_background_task,
           limits=limits).init_app(app)
    events.register(socketio)
    return app


def _make_live(settings: Settings, socketio: SocketIO, voice: Voice, store: Store):
    """One process: sessions in memory, saved to SQLite, and limits counted here. With
    Redis: sessions shared by lease, and limits counted in Redis for every process."""
    def emit(event, data, room):
        socketio.emit(event, data, to=room)

    common = dict(idle_ms=int(settings.session_idle_minutes * 60_000),
                  max_followers=settings.max_followers, describe=voice.annotate,
                  max_sessions_per_owner=settings.max_sessions_per_address)
    if not settings.redis_url:
        return Live(emit, store=store, **common), Limits.alone()
    import redis  # only in Redis mode: the redis package is an optional extra

    from sessions.cluster import ClusterLive
    from sessions.redis_limits import RedisRateLimiter, SessionQuota
    client = redis.Redis.from_url(settings.redis_url)
    live = ClusterLive(emit, client, store, lease_ms=settings.lease_ms,
                       quota=SessionQuota(client, settings.max_sessions_per_address), **common)
    return live, Limits(RedisRateLimiter(client, "join", *JOIN_LIMIT),
                        RedisRateLimiter(client, "create", *CREATE_LIMIT),
                        RedisRateLimiter(client, "clinic", *CLINIC_LIMIT))


def started_app(settings: Settings | None = None) -> Flask:
    """The app with its services started: what a server runs (gunicorn: 'app:started_app()')."""
    app = create_app(settings)
    Limber.of(app).start()
    return app


def main() -> None:
    app = started_app()
    settings = app.config["LIMBER"]
    services = Limber.of(app)
    for caution in settings.cautions():  # LIMBER_HOST is this server's own bind address
        app.logger.warning("%s", caution)
    print(f"Limber: serving on http://{settings.host}:{settings.port}/")
    try:
        app.extensions["socketio"].run(app, host=settings.host, port=settings.port,
                                       debug=settings.debug, allow_unsafe_werkzeug=True)
    finally:
        services.stop()


if __name__ == "__main__":
    main()
