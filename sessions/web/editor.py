"""The routine editor page (/editor), for clinic members only. The page carries the figure
library (body positions, views, highlight groups, icons and every library pose, complete),
so the editor picks from what the server draws and never keeps a copy of its own."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from ..core.figures import FOCUS, ICONS, POSITIONS, VIEWS
from ..core.figures_poses import LIBRARY
from .clinic import clinic_only
from .modules import module_graph

bp = Blueprint("editor", __name__)


def figure_library() -> dict:
    """What the editor's figure picker offers, as figure.js draws it."""
    return {"positions": {name: {"body": p["body"], "anchor": p["anchor"],
                                 "scene": list(p["scene"])} for name, p in POSITIONS.items()},
            "views": list(VIEWS), "focus": list(FOCUS), "icons": list(ICONS),
            "poses": LIBRARY}


@bp.get("/editor")
@clinic_only
def page():
    return render_template("editor.html", figures=figure_library(),
                           max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
                           modules=module_graph(current_app.static_folder, "js/editor.js"))
