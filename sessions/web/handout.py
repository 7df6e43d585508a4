"""The printable handout: one routine at one dose (a pace, the chosen exercises, a patient's
overrides) as a page to print. The words are rendered here; the figures are drawn in the
browser by the player's own renderer (static/js/print.js), from the data in the page."""

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


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def dose_words(exercise: dict) -> str:
    """The dose as the handout says it: "Hold 9 seconds, 3 times on each side"."""
    if exercise["kind"] == "advice":
        return "Advice, nothing to time"
    dose = exercise["dose"]
    each = " on each side" if exercise["sides"] == "each" else ""
    times = _count(dose["reps"], "time", "times")
    parts = ([f"Hold {_count(dose['hold'], 'second', 'seconds')}", f"{times}{each}"]
             if exercise["kind"] == "hold" else [f"{times}{each}"])
    if dose.get("sets", 1) > 1:
        parts.append(f"{dose['sets']} sets")
    return ", ".join(parts)


def tempo_words(exercise: dict) -> str:
    """Each rep's phases: "Lift (2 s), hold (2 s), lower (2 s)"; empty for a hold."""
    phases = [f"{p['say'].rstrip('.')} ({p['seconds']} s)" for p in exercise["tempo"]]
    return "Each time: " + ", ".join(phases) + "." if phases else ""


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
    for x in handout["exercises"]:
        x["dose_words"], x["tempo_words"] = dose_words(x), tempo_words(x)
    figures = [{"figure": x["figure"], "kind": x["kind"], "name": x["name"],
                "side": "left" if x["sides"] == "each" else None} for x in handout["exercises"]]
    return render_template("print.html", handout=handout, figures=figures,
                           length=minutes(handout["total_seconds"]))
