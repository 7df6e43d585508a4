"""The history of finished and abandoned runs on this server: a page and a CSV export."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

from flask import Blueprint, Response, jsonify, render_template

from ..services import services

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


def _iso(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


@bp.get("/history")
def page():
    return render_template("history.html", runs=rows())


@bp.get("/api/history")
def api():
    return jsonify({"runs": rows()})


@bp.get("/history.csv")
def export():
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows():
        # a leading =, +, - or @ would make a spreadsheet run it as a formula
        writer.writerow({k: f"'{v}" if str(v)[:1] in "=+-@" else v for k, v in row.items()})
    return Response(buf.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=limber-history.csv"})
