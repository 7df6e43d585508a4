"""The printable handout: one routine at one dose (a pace, the chosen exercises, a patient's
overrides) as a page to print. The words are rendered here; the figures are drawn in the
browser by the player's own renderer (static/js/print.js), from the data in the page; the
dose in words comes with the handout (sessions/core/dose_phrasing.py)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from ..catalog import UnknownRoutine
from ..core.timeline import OVERRIDE_LIMITS, PACES, OptionsError
from ..services import services

bp = Blueprint("handout", __name__)


class BadQuery(ValueError):
    pass


def options_from_query(args) -> dict:
    """The handout's options from its address: `pace`, `exercises` (ids, comma-separated)
    and one `<exercise>.<hold|reps|sets>=<whole number>` per override. Whether they fit the
    routine is the timeline's rule (OptionsError); this only reads them."""
    out: dict = {"pace": args.get("pace", "standard")}
    if out["pace"] not in PACES:
        raise BadQuery(f"unknown pace; expected one of {', '.join(PACES)}")
    if args.get("exercises"):
        out["exercises"] = tuple(x for x in args["exercises"].split(",") if x)
    overrides: dict[str, dict[str, int]] = {}
    for key, value in args.items():
        eid, dot, field = key.rpartition(".")
        if not dot:
            continue
        if field not in OVERRIDE_LIMITS or not eid:
            raise BadQuery(f"{key[:60]!r}: only {', '.join(OVERRIDE_LIMITS)} can be set")
        if not value.isdigit() or len(value) > 6:
            raise BadQuery(f"{key[:60]}: a whole number, please")
        overrides.setdefault(eid, {})[field] = int(value)
    if overrides:
        out["overrides"] = tuple(sorted((eid, tuple(sorted(f.items())))
                                        for eid, f in overrides.items()))
    return out


def minutes(seconds: int) -> str:
    return f"about {max(1, round(seconds / 60))} min"


@bp.get("/print/<routine_id>")
def page(routine_id: str):
    catalog = services().catalog
    try:
        handout = catalog.handout(routine_id, catalog.options(**options_from_query(request.args)))
    except UnknownRoutine as err:
        return render_template("print.html", error=str(err)), 404
    except (BadQuery, OptionsError) as err:
        return render_template("print.html", error=f"This handout cannot be made: {err}."), 400
    figures = [{"figure": x["figure"], "kind": x["kind"], "name": x["name"],
                "side": "left" if x["sides"] == "each" else None} for x in handout["exercises"]]
    return render_template("print.html", handout=handout, figures=figures,
                           length=minutes(handout["total_seconds"]))
