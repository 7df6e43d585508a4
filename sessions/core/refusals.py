"""Why a request was not carried out: a stable code for programs beside a sentence for people.

Clients match on the code (the sentence may be reworded at any time); docs/protocol.md
lists every code with its meaning.
"""

from __future__ import annotations

CODES = {
    # the runner (a command illegal in the session's state)
    "unknown_command": "the command is not one of the runner's commands",
    "not_ready": "only a session that has not started can do that (start, configure)",
    "not_running": "only a running session can pause",
    "not_paused": "only a paused session can resume",
    "not_playing": "skip, back and jump need a running or paused session",
    "first_step": "back on the first step",
    "not_started": "restart needs a session that has started",
    "no_such_exercise": "jump to an exercise that is not in this session",
    # sessions and devices
    "no_such_session": "no live session with that id or code (it may have ended)",
    "bad_token": "the control token is not this session's",
    "not_controller": "only the controller (or a device sharing control) may do that",
    "not_joined": "the device has not joined that session",
    "too_many_followers": "the session has as many followers as it allows",
    "too_many_sessions": "the address already has as many live sessions as it allows",
    "rate_limited": "too many joins or creates from one address in a minute",
    "try_again": "the session's server is changing or did not answer (scale-out)",
    # requests
    "bad_request": "the payload does not match the event's schema",
    "bad_options": "pace, exercises or dose do not fit the routine",
    "no_such_routine": "no routine with that id",
    "unknown_event": "the event name is not part of the protocol",
    "internal_error": "the server failed; nothing was changed",
}


class Refusal(Exception):
    """A request refused with `code` (one of CODES); str(refusal) is the sentence."""

    def __init__(self, message: str, code: str):
        if code not in CODES:
            raise ValueError(f"unknown refusal code {code!r}")
        super().__init__(message)
        self.code = code
