"""HTTP: the player page and the JSON API."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from flask import (Blueprint, Response, abort, current_app, jsonify, render_template, request,
                   send_file, url_for)

from ..catalog import UnknownRoutine
from ..core import joincode
from ..core.echo import shown
from ..core.timeline import PACES
from ..services import services
from ..voice.clips import ClipStore
from .modules import module_graph

bp = Blueprint("limber", __name__)


def _page():
    # Every module of the page, asked for at once (one round trip, not one per import level).
    return render_template("index.html",
                           modules=module_graph(current_app.static_folder, "js/app.js"))


@bp.get("/")
def index():
    return _page()


@bp.get("/j/<code>")
def join_page(code: str):
    """A join link opens the same single-page app, which reads the code from the path."""
    return _page()


@bp.get("/api/join/<code>/qr.svg")
def join_qr(code: str):
    normal = joincode.normalize(code)
    if normal is None:
        return jsonify({"error": "not a join code"}), 404
    link = url_for("limber.join_page", code=normal, _external=True)
    buf = io.BytesIO()  # a standalone SVG (with its xmlns), so <img src> can show it
    segno.make(link, error="m").save(buf, kind="svg", scale=8, border=2, xmldecl=False)
    return Response(buf.getvalue(), mimetype="image/svg+xml")


@bp.get("/api/routines")
def routines():
    catalog = services().catalog
    return jsonify({"routines": catalog.summaries(), **catalog.choices(),
                    "problems": catalog.library.problems})


@bp.get("/api/routines/<routine_id>/timeline")
def timeline(routine_id: str):
    pace = request.args.get("pace", "standard")
    if pace not in PACES:
        return jsonify({"error": f"unknown pace {shown(pace)}; expected one of "
                                 f"{', '.join(PACES)}", "code": "bad_options"}), 400
    catalog = services().catalog
    try:
        tl = catalog.compile(routine_id, catalog.options(pace))
    except UnknownRoutine as err:
        return jsonify({"error": str(err), "code": "no_such_routine"}), 404
    if request.args.get("scaled") == "1":  # as this server's sessions play it (time scale)
        tl = tl.scaled(current_app.config["LIMBER"].time_scale)
    return jsonify(services().voice.annotate(tl))


@bp.get("/audio/<name>.mp3")
def audio(name: str):
    """A cue clip. The name is its content hash: cache it forever; Range requests get 206."""
    try:
        path = ClipStore(current_app.config["LIMBER"].audio_dir).path(name)  # 64 hex or refused
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    resp = send_file(path, mimetype="audio/mpeg", conditional=True, etag=True,
                     max_age=31_536_000)
    resp.cache_control.public = True
    resp.cache_control.immutable = True
    return resp


@bp.get("/sw.js")
def service_worker():
    """The service worker, at the root so that its scope is the whole app; never cached
    (a new version must be seen on the next load)."""
    resp = send_file(Path(current_app.static_folder) / "sw.js", mimetype="text/javascript",
                     max_age=0)
    resp.headers["Service-Worker-Allowed"] = "/"
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.get("/manifest.webmanifest")
def web_manifest():
    """The web app manifest (installable: name, icons, start URL, standalone display)."""
    resp = send_file(Path(current_app.static_folder) / "manifest.webmanifest",
                     mimetype="application/manifest+json", max_age=0)
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on pages that name no icon (and some always do)."""
    return send_file(Path(current_app.static_folder) / "icons" / "favicon.ico",
                     mimetype="image/x-icon", max_age=86_400)
