"""The routine editor page (/editor), for clinic members only. The page carries what the
editor offers to pick from: the figure library (body positions, views, highlight groups,
icons and every library pose, complete) and the equipment the voice can name, so the editor
picks from what the server draws and says and never keeps a copy of its own; and where a
new routine starts."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from ..core.figures import FOCUS, ICONS, POSITIONS, VIEWS
from ..core.figures_poses import LIBRARY
from ..core.handout_parser import SAFETY_NOTE, TIMING_DEFAULTS
from ..core.phrases import EQUIPMENT
from .clinic import clinic_only
from .modules import module_graph

bp = Blueprint("editor", __name__)


def figure_library() -> dict:
    """What the editor's figure picker offers, as figure.js draws it."""
    return {"positions": {name: {"body": p["body"], "anchor": p["anchor"],
                                 "scene": list(p["scene"])} for name, p in POSITIONS.items()},
            "views": list(VIEWS), "focus": list(FOCUS), "icons": list(ICONS),
            "poses": LIBRARY}


def new_routine() -> dict:
    """Where "New routine" starts: the import's safety note and editorial rests."""
    return {"id": "new-routine", "title": "New routine", "language": "en",
            "intro": list(SAFETY_NOTE), "timing": TIMING_DEFAULTS, "exercises": []}


@bp.get("/editor")
@clinic_only
def page():
    choices = {"figures": figure_library(), "equipment": list(EQUIPMENT),
               "new_routine": new_routine()}
    return render_template("editor.html", choices=choices,
                           max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
                           modules=module_graph(current_app.static_folder, "js/editor.js"))
