"""HTTP: programmes, for clinic members (docs/api.md, "Programmes"): give a routine to a
patient as a programme with its own link, change it (every change a version), read what
the patient's devices recorded, export it, revoke the link, delete it all."""

from __future__ import annotations

import csv
import io
import json
import secrets

import segno
from flask import Blueprint, Response, jsonify, render_template, url_for

from ..catalog import UnknownRoutine
from ..core.days import utc_day
from ..core.programme import ProgrammeError, change_note, changed, new_programme
from ..core.timeline import OptionsError
from ..programme_store import ProgrammeStore
from ..routine_store import StaleVersion
from ..services import services
from . import programme_views as views
from .bodies import Refused, answer, json_object
from .clinic import clinic_only

bp = Blueprint("programmes", __name__)
CSV_COLUMNS = ("device_id", "seq", "kind", "local_day", "at", "received_at", "run_id",
               "exercise_id", "version", "start_pain", "pain", "effort", "skipped", "reason",
               "completed", "exercises_done", "exercises_skipped", "duration_ms")


bp.register_error_handler(Refused, answer)


@bp.errorhandler(ProgrammeError)
def _bad_programme(err: ProgrammeError):
    return jsonify({"error": str(err), "code": "bad_programme", "field": err.field}), 422


@bp.errorhandler(OptionsError)
def _bad_options(err: OptionsError):
    return jsonify({"error": str(err), "code": "bad_options"}), 422


@bp.errorhandler(UnknownRoutine)
def _unknown_routine(err: UnknownRoutine):
    return jsonify({"error": str(err), "code": "no_such_routine"}), 404


def store() -> ProgrammeStore:
    return ProgrammeStore(services().store)


def _programme(programme_id: str):
    found = store().get(programme_id)
    if found is None:
        raise Refused(404, "no_such_programme", "no such programme")
    return found


def _link(key: str) -> str:
    return url_for("programme_link.page", key=key, _external=True)


def _qr_url(programme_id: str) -> str:
    return url_for("programmes.qr", programme_id=programme_id)


def _today() -> int:
    return utc_day(services().clock())


# -- pages ------------------------------------------------------------------------------------

@bp.get("/programmes")
@clinic_only
def list_page():
    return render_template("programmes.html")


@bp.get("/programmes/<programme_id>")
@clinic_only
def overview_page(programme_id: str):
    _programme(programme_id)
    return render_template("programme_overview.html", programme_id=programme_id)


# -- the API ----------------------------------------------------------------------------------

@bp.post("/api/programmes")
@clinic_only
def create():
    now = services().clock()
    body = views.fitted(services().catalog, new_programme(json_object(), utc_day(now)))
    programme_id, key = secrets.token_urlsafe(9), secrets.token_urlsafe(16)  # 128-bit key
    label = body.pop("label")
    store().create(programme_id, key, label, body, now, utc_day(now))
    return jsonify({"id": programme_id, "key": key, "link": _link(key),
                    "qr_url": _qr_url(programme_id), "version": 1}), 201


@bp.get("/api/programmes")
@clinic_only
def listing():
    return jsonify({"programmes": views.listing(store(), services().catalog, _today())})


@bp.get("/api/programmes/<programme_id>")
@clinic_only
def read(programme_id: str):
    p = _programme(programme_id)
    return jsonify(views.overview(store(), services().catalog, p, _today(), _link(p.key),
                                  _qr_url(p.id)))


@bp.get("/api/programmes/<programme_id>/qr.svg")
@clinic_only
def qr(programme_id: str):
    buf = io.BytesIO()
    segno.make(_link(_programme(programme_id).key), error="m").save(
        buf, kind="svg", scale=8, border=2, xmldecl=False)
    return Response(buf.getvalue(), mimetype="image/svg+xml")


@bp.put("/api/programmes/<programme_id>")
@clinic_only
def change(programme_id: str):
    p = _programme(programme_id)
    body = json_object()
    base = body.pop("base_version", None)
    if not isinstance(base, int) or isinstance(base, bool) or base < 1:
        raise Refused(400, "bad_request", "send the version you changed as 'base_version' "
                                          "(a whole number from 1)")
    new = views.fitted(services().catalog, {**p.body, **changed(p.body, body, _today())})
    try:
        version = store().save_version(p.id, base, new, change_note(p.body, new),
                                       services().clock())
    except StaleVersion as err:
        raise Refused(409, "stale_version", str(err), version=err.latest) from None
    return jsonify({"id": p.id, "version": version})


@bp.post("/api/programmes/<programme_id>/suggestions/<int:suggestion_id>")
@clinic_only
def decide(programme_id: str, suggestion_id: int):
    p = _programme(programme_id)
    accept = json_object().get("accept")
    if not isinstance(accept, bool):
        raise Refused(400, "bad_request", 'send {"accept": true} or {"accept": false}')
    version = store().decide(p.id, suggestion_id, accept, views.with_step, services().clock())
    if version is False:
        raise Refused(404, "no_such_suggestion", "no such open suggestion")
    return jsonify({"version": version} if accept else {})


@bp.post("/api/programmes/<programme_id>/flags/<int:flag_id>/seen")
@clinic_only
def see(programme_id: str, flag_id: int):
    if not store().see_flag(_programme(programme_id).id, flag_id):
        raise Refused(404, "no_such_flag", "no such flag")
    return jsonify({})


@bp.post("/api/programmes/<programme_id>/revoke")
@clinic_only
def revoke(programme_id: str):
    store().revoke(_programme(programme_id).id, services().clock())
    return jsonify({})


@bp.delete("/api/programmes/<programme_id>")
@clinic_only
def delete(programme_id: str):
    if not store().delete(programme_id):
        raise Refused(404, "no_such_programme", "no such programme")
    return jsonify({})


@bp.get("/api/programmes/<programme_id>/export.json")
@clinic_only
def export_json(programme_id: str):
    p, s = _programme(programme_id), store()
    data = {"programme": {"id": p.id, "label": p.label, "created_at": p.created_at,
                          "revoked": p.revoked, "routine_id": p.routine_id,
                          **views.fields(p)},
            "versions": s.versions(p.id), "records": s.records(p.id),
            "flags": s.flags(p.id), "suggestions": s.suggestions(p.id, open_only=False)}
    return Response(json.dumps(data, indent=1, ensure_ascii=False),
                    mimetype="application/json", headers=_attachment(p.id, "json"))


@bp.get("/api/programmes/<programme_id>/export.csv")
@clinic_only
def export_csv(programme_id: str):
    p = _programme(programme_id)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for record in store().records(p.id):
        # a leading =, +, - or @ would make a spreadsheet run it as a formula
        writer.writerow({k: f"'{v}" if str(v)[:1] in "=+-@" else v
                         for k, v in record.items()})
    return Response(buf.getvalue(), mimetype="text/csv", headers=_attachment(p.id, "csv"))


def _attachment(programme_id: str, ext: str) -> dict:
    return {"Content-Disposition": f"attachment; filename=programme-{programme_id}.{ext}"}
