"""Property-based fuzzing of every Socket.IO event: nothing escapes, refusals change nothing."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessions.services import Limber
from sessions.web.schemas import SCHEMAS

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12)


def valid_payloads(ack):
    """One well-formed payload per event, to mutate field by field."""
    s = {"session_id": ack["session_id"], "token": ack["control_token"]}
    return {
        "create": {"routine_id": "lower-back-hip", "pace": "gentle"},
        "join": {"code": ack["code"]},
        "command": {**s, "command": "next"},
        "configure": {**s, "pace": "standard", "exercises": ["bridge"],
                      "overrides": {"bridge": {"reps": 2}}},
        "share_control": {**s, "enabled": True},
        "end": dict(s),
        "device": {"session_id": ack["session_id"], "audio_unlocked": True, "rtt_ms": 5},
        "ping": {},
    }


def mutated(event, base):
    fields = sorted(set(SCHEMAS.get(event, ())) | set(base))
    replace = st.builds(lambda k, v: {**base, k: v}, st.sampled_from(fields or ["x"]), JSON)
    drop = st.builds(lambda k: {k2: v for k2, v in base.items() if k2 != k},
                     st.sampled_from(fields or ["x"]))
    extra = st.builds(lambda k, v: {**base, k: v}, st.text(min_size=1, max_size=8), JSON)
    return st.one_of(JSON, replace, drop, extra)


EVENTS = sorted(SCHEMAS) + ["unknown-event"]


class Fixture:
    """One client and one live session, remade only when a payload ended the session."""

    def __init__(self, app, socket_client):
        services = Limber.of(app)
        self.live = services.live
        self.live.max_sessions_per_owner = 10**9
        for limiter in (services.limits.join, services.limits.create):
            limiter.capacity = 10**9
        self.client = socket_client()
        self.ack = None

    def session(self):
        if self.ack is None or self.ack["session_id"] not in self.live.sessions:
            self.ack = self.client.emit("create", {"routine_id": "lower-back-hip"},
                                        callback=True)
        return self.live.get(self.ack["session_id"])


def fingerprint(session) -> str:
    return json.dumps([session.runner.state.to_dict(), session.timeline.hash,
                       session.shared_control, len(session.roster.devices)])


@pytest.mark.parametrize("event", EVENTS)
def test_random_payloads_never_crash_and_refusals_change_nothing(app, socket_client, event):
    fx = Fixture(app, socket_client)
    tried = []

    @settings(max_examples=1000, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def fuzz(data):
        session = fx.session()
        payload = data.draw(mutated(event, valid_payloads(fx.ack).get(event, {})))
        before = fingerprint(session)
        reply = fx.client.emit(event, payload, callback=True)
        tried.append(payload)
        assert isinstance(reply, dict) and isinstance(reply.get("ok"), bool), reply
        if reply["ok"] is False:
            assert reply["error"] and "internal error" not in reply["error"], (payload, reply)
            assert fingerprint(session) == before, (payload, reply)

    fuzz()
    assert len(tried) >= 1000
