"""The clinic's sign-in and the guard on what is the clinic's alone: `clinic_only`.

A clinic member signs in with the clinic key (POST /api/clinic/session) and gets a signed,
HttpOnly, SameSite=Strict cookie; scripts send `Authorization: Bearer <key>` instead.
Wrong keys are limited per address (services().limits.clinic: cluster-wide with Redis).
Without the key an API call gets 401 and a page the sign-in page, which shows no clinic data.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import wraps

from flask import (Blueprint, Flask, current_app, jsonify, make_response, redirect,
                   render_template, request, url_for)
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..clinic_key import ClinicKey
from ..clock import now_ms
from ..services import services
from ..store import Store

bp = Blueprint("clinic", __name__)
COOKIE = "limber_clinic"
COOKIE_SECONDS = 12 * 3600  # a working day: sign in again the next morning
EXTENSION = "limber_clinic"


class Guard:
    """The stored key, and the keys scripts sent that were found right (by a fast hash, so a
    script's every call does not wait for scrypt)."""

    def __init__(self, key: ClinicKey):
        self.key = key
        self._known: set[str] = set()

    def remembered(self, key: str) -> bool:
        return self._token(key) in self._known

    def verify(self, key: str) -> bool:
        if self.key.verify(key):
            self._known.add(self._token(key))
            return True
        return False

    def _token(self, key: str) -> str:
        # bound to the stored hash: a key set anew forgets every remembered one
        return hashlib.sha256(f"{self.key.fingerprint()}:{key}".encode()).hexdigest()


def init_app(app: Flask, store: Store, configured: str) -> None:
    """Keep the guard on the app; at first run make a passphrase and show it once."""
    key = ClinicKey(store)
    passphrase = key.ensure(configured.strip(), now_ms())
    if passphrase:
        print(f"Limber: the clinic key is\n\n    {passphrase}\n\n"
              f"It is shown only this once and stored hashed. Clinic members sign in with it "
              f"at /clinic. Change it with: flask --app app clinic set-key", flush=True)
    app.extensions[EXTENSION] = Guard(key)


def guard() -> Guard:
    return current_app.extensions[EXTENSION]


def _error(status: int, code: str, message: str):
    return jsonify({"error": message, "code": code}), status


def _attempt(key: str):
    """None if `key` is the clinic key, else the answer: 403 wrong, 429 once an address has
    sent too many wrong keys. Only wrong keys count (a script's every call sends the right
    one), but the limit is asked first: past it, even the right key learns nothing."""
    limit, address, now = services().limits.clinic, request.remote_addr or "?", services().clock()
    if limit.blocked(address, now):
        return _error(429, "rate_limited", "too many attempts with a wrong clinic key; "
                                           "wait a minute and try again")
    if guard().remembered(key) or guard().verify(key):
        return None
    limit.allow(address, now)  # counts this wrong key
    return _error(403, "bad_key", "that is not the clinic key")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="limber-clinic")


def signed_in() -> bool:
    """The request carries a sign-in made with the current key."""
    value = request.cookies.get(COOKIE)
    if not value:
        return False
    try:
        data = _serializer().loads(value, max_age=COOKIE_SECONDS)
    except BadSignature:
        return False
    return (isinstance(data, dict) and isinstance(data.get("k"), str)
            and hmac.compare_digest(data["k"], guard().key.fingerprint()))


def _bearer() -> str | None:
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    return key.strip() if scheme.lower() == "bearer" else None


def clinic_only(view):
    """Only a clinic member may call `view`: signed in, or sending the key as a Bearer
    token. Otherwise an API call gets 401 (JSON) and a page the sign-in page."""
    @wraps(view)
    def guarded(*args, **kwargs):
        key = _bearer()
        if key is not None:
            refused = _attempt(key)
            if refused:
                return refused
        elif not signed_in():
            if request.path.startswith("/api/"):
                return _error(401, "clinic_only", "this is for clinic members only: "
                                                  "sign in with the clinic key")
            return redirect(url_for("clinic.page", next=request.full_path.rstrip("?")))
        resp = make_response(view(*args, **kwargs))
        resp.headers["Cache-Control"] = "private, no-store"  # not kept on a shared device
        return resp
    guarded.clinic_only = True  # tests list the guarded routes by this mark
    return guarded


def local_path(value: str) -> str:
    """`value` if it is a path on this server (where to go after signing in), else ""."""
    if value.startswith("/") and not value.startswith(("//", "/\\")) and value.isprintable():
        return value
    return ""


@bp.get("/clinic")
def page():
    """The sign-in page: a key field and a sign-out button, nothing of the clinic's."""
    return render_template("clinic.html", next=local_path(request.args.get("next", "")))


@bp.get("/api/clinic/session")
def status():
    return jsonify({"clinic": signed_in()})


@bp.post("/api/clinic/session")
def sign_in():
    body = request.get_json(silent=True)
    key = body.get("key") if isinstance(body, dict) else None
    if not isinstance(key, str) or not key.strip():
        return _error(400, "bad_request", 'send {"key": "the clinic key"} as JSON')
    refused = _attempt(key.strip())
    if refused:
        return refused
    resp = jsonify({"clinic": True})
    resp.set_cookie(COOKIE, _serializer().dumps({"k": guard().key.fingerprint()}),
                    max_age=COOKIE_SECONDS, httponly=True, samesite="Strict",
                    secure=request.is_secure, path="/")
    return resp


@bp.delete("/api/clinic/session")
def sign_out():
    resp = jsonify({"clinic": False})
    resp.delete_cookie(COOKIE, path="/", httponly=True, samesite="Strict")
    return resp
