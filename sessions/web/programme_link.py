"""HTTP: what a programme's link opens, for whoever holds its key (docs/api.md,
"Programmes"): the patient's page, the programme to play, the records the device sends and
the calendar reminder. A wrong, revoked or deleted key is answered the same way (404, no
trace of any programme), and counted per address with the join limit (cluster-wide with
Redis): past it, every link route refuses that address for a while, even a right key."""

from __future__ import annotations

import json
from functools import wraps

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from ..core.days import day_text, utc_day
from ..core.ics import calendar_text, stamp_text
from ..core.records import MAX_RECORDS, RecordError, check_device_id
from ..programme_store import ProgrammeStore
from ..services import services
from . import programme_views as views

bp = Blueprint("programme_link", __name__)
MAX_BODY_BYTES = 256 * 1024  # 500 records of about 200 bytes, and room to spare
MISSING_PAGE = ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<title>Limber</title><main><h1>This link does not open a programme</h1>"
                "<p>Ask your clinician for a new link.</p></main></html>")


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_err):
    return jsonify({"error": f"at most {MAX_BODY_BYTES // 1024} KiB per request: send fewer "
                             f"records at a time", "code": "too_large"}), 413


def _missing():
    if request.path.startswith("/api/"):
        return jsonify({"error": "no programme has this link (it may have been replaced): "
                                 "ask your clinician for a new one",
                        "code": "no_such_programme"}), 404
    return Response(MISSING_PAGE, status=404, mimetype="text/html")


def with_programme(view):
    """Call `view` with the programme the key in the path opens, if it opens one."""
    @wraps(view)
    def opened(key: str, **kwargs):
        limit, address = services().limits.join, request.remote_addr or "?"
        now = services().clock()
        if limit.blocked(address, now):
            return jsonify({"error": "too many wrong links from this address; wait a minute",
                            "code": "rate_limited"}), 429
        programme = ProgrammeStore(services().store).by_key(key) if len(key) <= 64 else None
        if programme is None:
            limit.allow(address, now)  # counts this wrong key
            return _missing()
        return view(programme, **kwargs)
    return opened


def _bad(status: int, code: str, message: str, **extra):
    return jsonify({"error": message, "code": code, **extra}), status


@bp.get("/p/<key>")
@with_programme
def page(programme):
    return render_template("programme.html", key=programme.key)


@bp.get("/api/p/<key>")
@with_programme
def read(programme):
    catalog = services().catalog
    body = programme.body
    timeline = catalog.compile_at(programme.routine_id, body["routine_version"],
                                  views.options_of(catalog, body["options"]))
    if request.args.get("scaled") == "1":  # as this server's sessions play it (time scale)
        timeline = timeline.scaled(services().settings.time_scale)
    return jsonify({
        "label": programme.label, "routine_id": programme.routine_id,
        "routine_title": views.title(catalog, programme), **views.fields(programme),
        "timeline": services().voice.annotate(timeline),
        "changed_at": programme.changed_at,
        "change_note": (f"Your clinician changed your programme on "
                        f"{day_text(utc_day(programme.changed_at))}."
                        if programme.version > 1 else None)})


@bp.post("/api/p/<key>/records")
@with_programme
def records(programme):
    request.max_content_length = MAX_BODY_BYTES
    try:
        body = json.loads(request.get_data())
    except (ValueError, RecursionError):
        return _bad(400, "bad_request", "the body is not valid JSON")
    if not isinstance(body, dict) or not isinstance(body.get("records"), list):
        return _bad(400, "bad_request", 'expected {"device_id": "...", "records": [...]}')
    if len(body["records"]) > MAX_RECORDS:
        return _bad(400, "bad_request", f"at most {MAX_RECORDS} records per request")
    try:
        device_id = check_device_id(body.get("device_id"))
    except RecordError as err:
        return _bad(400, "bad_request", str(err))
    accepted = ProgrammeStore(services().store).apply(
        programme, device_id, body["records"], services().clock(),
        views.doses(services().catalog))
    if accepted.error:
        index, message = accepted.error
        return _bad(422, "bad_record", f"record {index}: {message}", index=index,
                    acked_through=accepted.acked_through)
    return jsonify({"acked_through": accepted.acked_through})


@bp.get("/p/<key>/calendar.ics")
@with_programme
def calendar(programme):
    now = services().clock()
    link = url_for("programme_link.page", key=programme.key, _external=True)
    text = calendar_text(f"programme-{programme.id}@limber", "Your exercises", link,
                         programme.body["frequency"], utc_day(now), programme.body["end_date"],
                         stamp_text(now))
    return Response(text, mimetype="text/calendar", headers={
        "Content-Disposition": "attachment; filename=exercises.ics"})
