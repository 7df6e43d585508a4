"""HTTP: a clinic's handout read into a draft routine, for clinic members (docs/api.md).

POST /api/handouts/parse takes the handout's text as JSON ({"text": "..."}), or a file's
bytes as they are (Content-Type text/plain, text/markdown or application/octet-stream), and
answers the parser's draft: the routine document, where each value was found, what was
guessed, the sentences it could not place and what to review. Nothing is saved: the editor
shows the draft, and the clinician saves it through the library API."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..core.handout_parser import HandoutError, parse_handout, read_handout
from .clinic import clinic_only

bp = Blueprint("handouts_api", __name__, url_prefix="/api/handouts")
FILE_TYPES = ("text/plain", "text/markdown", "text/x-markdown", "application/octet-stream")


def _bad(message: str, status: int = 422):
    return jsonify({"error": message, "code": "bad_handout"}), status


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_err):
    cap = current_app.config["MAX_CONTENT_LENGTH"] // 1024
    return _bad(f"the handout is over {cap} KB; a handout is a few pages of plain text: "
                f"paste only the exercises, or split it in two")


@bp.errorhandler(HandoutError)
def _not_a_handout(err: HandoutError):
    return _bad(str(err))


def _text() -> str:
    if request.mimetype in FILE_TYPES:
        return read_handout(request.get_data())
    if request.mimetype != "application/json":
        raise HandoutError('send the text as JSON ({"text": "..."}) or a .txt or .md '
                           'file as it is (Content-Type text/plain)')
    try:
        body = json.loads(request.get_data())
    except (ValueError, RecursionError):
        raise HandoutError("the request is not valid JSON") from None
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str):
        raise HandoutError('expected {"text": "the handout\'s text"}')
    return text


@bp.post("/parse")
@clinic_only
def parse():
    return jsonify(parse_handout(_text()).to_dict())
