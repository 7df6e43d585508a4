"""Who may do what in a live session, and how many sessions one address may hold.

Pure: the caller passes the session's stored token hash, what the request presented and
what it counts. Secrets are compared by their SHA-256, in constant time; the session
keeps only the hash, so a stolen database gives no control.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING

from .refusals import Refusal

if TYPE_CHECKING:  # the roster raises SessionError: import its Device only for types
    from .roster import Device


class SessionError(Refusal, LookupError):
    """An unknown session or a request that is not allowed; the message says which, the
    code (refusals.CODES) says it to programs."""


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def matches(secret: str | None, digest: str) -> bool:
    """Whether `secret` is the one `digest` was made from (never for an empty one)."""
    return bool(secret) and bool(digest) and hmac.compare_digest(hash_secret(secret), digest)


def role_for(token_hash: str, token: str | None) -> str:
    """A joining device's role: the controller with the session's token, a follower with
    none; a wrong token is refused rather than quietly made a follower."""
    if token is None:
        return "follower"
    if not matches(token, token_hash):
        raise SessionError("that control token is not valid for this session", "bad_token")
    return "controller"


def require_controller(token_hash: str, token: str | None, doing: str) -> None:
    """Only the control token may `doing` ("end the session", ...)."""
    if not matches(token, token_hash):
        raise SessionError(f"only the controller can {doing}", "not_controller")


def authorise(token_hash: str, token: str | None, shared_control: bool,
              device: Device | None, command: str) -> None:
    """May this request `command` the session? The control token may do anything; while
    the controller shares control, so may any device that is connected to the session.
    Any connected device may always pause: a patient in pain must be able to stop."""
    if matches(token, token_hash):
        return
    if device is not None and device.connected and (shared_control or command == "pause"):
        return
    raise SessionError("only the controller can do that", "not_controller")


def check_owner_limit(owner: str, owners: list[str], limit: int, idle_ms: int) -> None:
    """May `owner` (a network address; "" when unknown) create one more live session, given
    the owners of every live session? The refusal says what is counted and the way out."""
    if owner and owners.count(owner) >= limit:
        raise too_many_sessions(limit, idle_ms)


def too_many_sessions(limit: int, idle_ms: int) -> SessionError:
    """The refusal of a session over the per-address limit: what is counted, the way out."""
    return SessionError(
        f"this network address already has {limit} live sessions; end one you no longer "
        f"need (its control token ends it, from any page) or wait: a session with no "
        f"device connected ends by itself after {idle_ms // 60_000} minutes",
        "too_many_sessions")
