"""The history of finished and abandoned runs on this server: a page and a CSV export,
for clinic members only (sessions.web.clinic).

The page says each run in words (the routine's title, "12 min", "Ended early"); its times
are written in UTC and shown in the reader's own time zone by static/js/history.js."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

from flask import Blueprint, Response, jsonify, render_template

from ..catalog import PACE_NAMES
from ..services import services
from .clinic import clinic_only

bp = Blueprint("history", __name__)
COLUMNS = ("started", "ended", "routine_id", "pace", "outcome", "steps_total",
           "steps_completed", "steps_skipped", "pauses", "minutes", "options", "session_id")


def rows() -> list[dict]:
    out = []
    for run in services().store.history():
        out.append({
            **run,
            "started": _iso(run["started_at"]), "ended": _iso(run["ended_at"]),
            "pace": run["options"].get("pace", ""),
            "minutes": round((run["ended_at"] - run["started_at"]) / 60_000, 1),
            "options": json.dumps(run["options"], sort_keys=True),
        })
    return out


OUTCOMES = {"finished": "Finished", "ended": "Ended early", "abandoned": "Abandoned"}


def _iso(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def duration_words(ms: int) -> str:
    """A run's length as a person says it: "45 s", "12 min", "1 h 5 min"."""
    seconds = max(0, round(ms / 1000))
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min" if minutes % 60 else f"{minutes // 60} h"


def page_rows(titles: dict[str, str]) -> list[dict]:
    """The runs as the page shows them: `titles` names each routine on offer (a routine no
    longer on offer is shown by its id)."""
    return [{
        **run,
        "title": titles.get(run["routine_id"], run["routine_id"]),
        "started_utc": datetime.fromtimestamp(run["started_at"] / 1000, timezone.utc)
        .strftime("%Y-%m-%dT%H:%M:%SZ"),
        "duration": duration_words(run["ended_at"] - run["started_at"]),
        "outcome_words": OUTCOMES.get(run["outcome"], run["outcome"]),
        "pace_name": PACE_NAMES.get(run["pace"], run["pace"]),
    } for run in rows()]


@bp.get("/history")
@clinic_only
def page():
    titles = {rid: r.title for rid, r in services().catalog.routines().items()}
    return render_template("history.html", runs=page_rows(titles))


@bp.get("/api/history")
@clinic_only
def api():
    return jsonify({"runs": rows()})


@bp.get("/history.csv")
@clinic_only
def export():
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows():
        # a leading =, +, - or @ would make a spreadsheet run it as a formula
        writer.writerow({k: f"'{v}" if str(v)[:1] in "=+-@" else v for k, v in row.items()})
    return Response(buf.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=limber-history.csv"})
