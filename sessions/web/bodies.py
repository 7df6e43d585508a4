"""Reading a request's JSON body, and refusing a request: one error (Refused) that each
API blueprint answers the same way, {"error": message, "code": code, ...} (docs/api.md)."""

from __future__ import annotations

import json

from flask import jsonify, request

from ..library import MAX_DEPTH, MAX_VALUES


class Refused(Exception):
    """A request refused: answered with `status` and {"error", "code", **extra}."""

    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(message)
        self.status, self.code, self.extra = status, code, extra


def answer(err: Refused):
    """The error handler for Refused: `bp.register_error_handler(Refused, answer)`."""
    return jsonify({"error": str(err), "code": err.code, **err.extra}), err.status


def json_object(example: str = "") -> dict:
    """The body as a JSON object; `example` (such as '{"routine": {...}}') goes in the
    refusal so the caller sees what to send."""
    if request.mimetype != "application/json":
        raise Refused(415, "bad_request", "send JSON (Content-Type: application/json)"
                                          + (f", such as {example}" if example else ""))
    try:
        body = json.loads(request.get_data())
    except (ValueError, RecursionError):
        raise Refused(400, "bad_request", "the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise Refused(400, "bad_request", "expected a JSON object"
                                          + (f" such as {example}" if example else ""))
    return body


ROUTINE_EXAMPLE = '{"routine": {...}}'


def routine_document(body: dict):
    """The routine in {"routine": doc}, refused if it is missing or too big to check."""
    if "routine" not in body:
        raise Refused(400, "bad_request", f"expected {ROUTINE_EXAMPLE}")
    document = body["routine"]
    if _too_big(document):
        raise Refused(422, "bad_request", f"the routine is nested more than {MAX_DEPTH} levels "
                                          f"deep or holds more than {MAX_VALUES:,} values")
    return document


def posted_routine():
    """The routine of a body {"routine": doc} sent as JSON."""
    return routine_document(json_object(ROUTINE_EXAMPLE))


def _too_big(document) -> bool:
    """Deeper or larger than a routine file may be (sessions.library's limits for YAML)."""
    count, todo = 0, [(document, 1)]
    while todo:
        value, depth = todo.pop()
        count += 1
        if depth > MAX_DEPTH or count > MAX_VALUES:
            return True
        if isinstance(value, dict):
            todo += [(v, depth + 1) for v in value.values()]
        elif isinstance(value, list):
            todo += [(v, depth + 1) for v in value]
    return False
