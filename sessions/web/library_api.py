"""HTTP: the routine library, for clinic members (docs/api.md). The built-in files are read
only; routines authored here are saved as versions (sessions.routine_store). A document is
checked in full before anything is saved: an invalid one is answered with every problem,
each with the path of its field, and nothing is kept."""

from __future__ import annotations

import json

import yaml
from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..catalog import UnknownRoutine
from ..core.compiler import compile_timeline
from ..core.model import RoutineError
from ..core.timeline import PACES
from ..library import check_document, read_yaml
from ..routine_store import IdTaken, StaleVersion
from ..services import services
from .bodies import (
    ROUTINE_EXAMPLE,
    Refused,
    answer,
    json_object,
    posted_routine,
    routine_document,
)
from .clinic import clinic_only

bp = Blueprint("library_api", __name__, url_prefix="/api/library")
bp.register_error_handler(Refused, answer)
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
PREVIEW_PACE = "standard"  # the cue script the editor previews


def _error(status: int, code: str, message: str, **extra):
    return jsonify({"error": message, "code": code, **extra}), status


@bp.errorhandler(RoutineError)
def _invalid(err: RoutineError):
    return _error(422, "invalid_routine", "the routine has problems; nothing was saved",
                  problems=err.details)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_err):
    return _error(413, "too_large", "the request is too large (a routine is a few kilobytes)")


@bp.errorhandler(UnknownRoutine)
def _unknown(err: UnknownRoutine):
    return _error(404, "no_such_routine", str(err))


# -- reading a request ------------------------------------------------------------------------

def _yaml_body():
    try:
        text = request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "bad_request", "the body is not text (UTF-8)") from None
    # as JSON holds it: a date YAML reads becomes the text it was written as
    return json.loads(json.dumps(read_yaml(text, "routine"), default=str))


def _posted_document():
    """A new routine: {"routine": doc} as JSON, or the YAML text itself."""
    if request.mimetype in YAML_TYPES:
        return _yaml_body()
    return posted_routine()


def _version_arg(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Refused(400, "bad_request", "the version is a whole number from 1")
    return value


# -- the routes ---------------------------------------------------------------------------

@bp.get("")
@clinic_only
def listing():
    catalog = services().catalog
    builtins = [{"id": r.id, "title": r.title, "origin": "builtin", "version": 1,
                 "saved_at": None} for r in catalog.library.routines.values()]
    authored = [{"id": s.id, "title": s.document.get("title", s.id), "origin": "clinic",
                 "version": s.version, "saved_at": s.saved_at}
                for s in catalog.authored.latest_all()]
    return jsonify({"routines": builtins + authored})


def _create(document):
    routine = check_document(document, "routine")
    catalog = services().catalog
    if routine.id in catalog.library.routines:
        return _error(409, "id_taken", f"{routine.id!r} is the id of a built-in routine; "
                                       f"choose another id")
    try:
        version = catalog.authored.create(routine.id, document, services().clock())
    except IdTaken as err:
        return _error(409, "id_taken", f"{err}; choose another id, or open it and save "
                                       f"a new version")
    return jsonify({"id": routine.id, "version": version}), 201


@bp.post("")
@clinic_only
def create():
    return _create(_posted_document())


@bp.post("/import")
@clinic_only
def import_yaml():
    """The YAML text of a routine (as exported), whatever its Content-Type says."""
    return _create(_yaml_body())


def _builtin_document(routine_id: str) -> dict:
    path = services().catalog.library.paths[routine_id]
    return read_yaml(path.read_text(encoding="utf-8"), path.name)


def _saved(routine_id: str, version: int | None = None) -> dict:
    """{"id", "origin", "version", "saved_at", "routine"}; UnknownRoutine if none."""
    catalog = services().catalog
    if routine_id in catalog.library.routines:
        if version not in (None, 1):
            raise UnknownRoutine("a built-in routine has only version 1")
        return {"id": routine_id, "origin": "builtin", "version": 1, "saved_at": None,
                "routine": _builtin_document(routine_id)}
    saved = catalog.authored.get(routine_id, version)
    if saved is None:
        raise UnknownRoutine(f"no routine {routine_id[:100]!r}"
                             + (f" with version {version}" if version else ""))
    return {"id": saved.id, "origin": "clinic", "version": saved.version,
            "saved_at": saved.saved_at, "routine": saved.document}


@bp.get("/<routine_id>")
@clinic_only
def read(routine_id: str):
    found = _saved(routine_id)
    versions = ([{"version": 1, "saved_at": None}] if found["origin"] == "builtin"
                else services().catalog.authored.versions(routine_id))
    return jsonify({**found, "versions": versions})


@bp.put("/<routine_id>")
@clinic_only
def update(routine_id: str):
    catalog = services().catalog
    if routine_id in catalog.library.routines:
        return _error(403, "read_only", "a built-in routine cannot be changed; save it as a "
                                        "copy with a new id")
    if catalog.authored.get(routine_id) is None:
        raise UnknownRoutine(f"no routine {routine_id[:100]!r}")
    body = json_object(ROUTINE_EXAMPLE)
    if "base_version" not in body:
        raise Refused(400, "bad_request", "send the version you changed as 'base_version'")
    base = _version_arg(body["base_version"])
    document = routine_document(body)
    routine = check_document(document, "routine")
    if routine.id != routine_id:
        raise RoutineError(["routine: field 'id' cannot change"], [{
            "path": "id", "message": f"the id cannot change (it is {routine_id!r}); to keep "
                                     f"both, create a new routine with the new id"}])
    try:
        version = catalog.authored.save(routine_id, document, base, services().clock())
    except StaleVersion as err:
        return _error(409, "stale_version", str(err), version=err.latest)
    return jsonify({"id": routine_id, "version": version})


@bp.get("/<routine_id>/versions/<int:version>")
@clinic_only
def read_version(routine_id: str, version: int):
    found = _saved(routine_id, version)
    return jsonify({"id": found["id"], "version": found["version"], "routine": found["routine"]})


@bp.get("/<routine_id>/export")
@clinic_only
def export(routine_id: str):
    raw = request.args.get("version")
    if raw is not None and not (raw.isdigit() and len(raw) < 10):
        raise Refused(400, "bad_request", "the version is a whole number from 1")
    found = _saved(routine_id, int(raw) if raw else None)
    if found["origin"] == "builtin":  # the file itself, with its comments
        text = services().catalog.library.paths[routine_id].read_text(encoding="utf-8")
    else:
        text = yaml.safe_dump(found["routine"], sort_keys=False, allow_unicode=True, width=100)
    return Response(text, mimetype="application/yaml", headers={
        "Content-Disposition": f"attachment; filename={routine_id}.yaml"})


@bp.post("/check")
@clinic_only
def check():
    """Every problem with a draft, and when there is none a preview: the length at each
    pace and the cue script (the editor calls this as the clinician types)."""
    try:
        routine = check_document(posted_routine(), "routine")
    except RoutineError as err:
        return jsonify({"problems": err.details})
    catalog = services().catalog
    timelines = {pace: compile_timeline(routine, catalog.options(pace)) for pace in PACES}
    return jsonify({"problems": [], "preview": {
        "total_ms": {pace: tl.total_ms for pace, tl in timelines.items()},
        "script": [{"step": s.index, "kind": s.kind, "say": s.cue}
                   for s in timelines[PREVIEW_PACE].steps]}})
