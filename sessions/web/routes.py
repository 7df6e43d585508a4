"""HTTP: the player page and the JSON API."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request

from ..catalog import UnknownRoutine
from ..core.timeline import PACES

bp = Blueprint("limber", __name__)


def catalog():
    return current_app.extensions["limber.catalog"]


@bp.get("/")
def index():
    return render_template("index.html")


@bp.get("/api/routines")
def routines():
    return jsonify({"routines": catalog().summaries(), "problems": catalog().library.problems})


@bp.get("/api/routines/<routine_id>/timeline")
def timeline(routine_id: str):
    pace = request.args.get("pace", "standard")
    if pace not in PACES:
        return jsonify({"error": f"unknown pace {pace!r}; expected one of "
                                 f"{', '.join(PACES)}"}), 400
    try:
        tl = catalog().compile(routine_id, catalog().options(pace))
    except UnknownRoutine as err:
        return jsonify({"error": str(err)}), 404
    return jsonify(tl.to_dict())
