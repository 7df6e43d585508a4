"""Two ClusterLive instances in one process, sharing Redis: every routed call reaches the
session's owner, whichever instance it arrives at."""

import json
import time

import pytest

from sessions.core.access import SessionError
from tests.support.live import timeline


@pytest.fixture
def pair(make_live):
    return [make_live(), make_live()]


def test_every_routed_call_reaches_the_owner(pair):
    owner, other = pair
    now = time.time_ns() // 1_000_000
    session, token = owner.create(timeline(60_000), {"routine_id": "r"}, now=now)
    info = other.join(session.code, "tablet", None, "Tablet", now=now)

    def tablet():
        return owner.local.get(session.id).roster.devices[info["device_id"]]
    assert info["role"] == "follower" and tablet().client == "tablet"
    other.report(session.id, "tablet", now=now, audio_unlocked=True)
    assert tablet().audio_unlocked
    assert other.options(session.id) == {"routine_id": "r"}
    configured = other.configure(session.id, token, timeline(60_000, cue="Hold still."),
                                 {"routine_id": "r"}, now=now)
    assert configured["timeline"]["steps"][0]["cue"] == "Hold still."
    assert owner.local.get(session.id).timeline.steps[0].cue == "Hold still."
    assert other.share_control(session.id, token, True, now=now)["shared_control"] is True
    assert other.command(session.id, "tablet", None, "start", now=now)["status"] == "running"
    other.leave("tablet", now=now)
    assert not tablet().connected
    back = other.join(session.code, "tablet-2", None, "", info["device_key"], now=now)
    assert back["device_id"] == info["device_id"] and tablet().client == "tablet-2"
    with pytest.raises(SessionError, match="only the controller") as refused:
        other.end(session.id, "wrong token", now=now)
    assert refused.value.code == "not_controller"  # the code crosses processes too
    other.end(session.id, token, now=now)
    assert session.id not in owner.local.sessions
    with pytest.raises(SessionError, match="no session with that code"):
        other.join(session.code, "late", None, "", now=now)


def test_only_routed_methods_can_be_called_over_redis(pair, redis_client):
    owner, _ = pair
    session, _ = owner.create(timeline(60_000), {"routine_id": "r"},
                              now=time.time_ns() // 1_000_000)
    redis_client.publish(f"limber:rpc:{owner.process_id}", json.dumps(
        {"id": "x1", "method": "stop", "args": [session.id], "kwargs": {}}))
    reply = redis_client.blpop(["limber:reply:x1"], timeout=5)
    assert reply and "not a routed call" in json.loads(reply[1])["error"]
    assert not owner.local.scheduler.stopped



def test_the_timer_reaches_a_device_that_asked_for_it_through_another_process(pair):
    owner, other = pair
    now = time.time_ns() // 1_000_000
    session, token = owner.create(timeline(60_000), {"routine_id": "r"}, now=now)
    other.join(session.code, "simple", None, "", None, True, now=now)
    other.join(session.code, "page", None, "", now=now)
    owner.command(session.id, "ctl", token, "start", now=now)
    deadline = time.monotonic() + 10  # the owner's scheduler beats a second after start
    while not owner.send.named("timer") and time.monotonic() < deadline:
        time.sleep(0.02)
    beats = [(data["session_id"], to) for event, data, to in owner.send if event == "timer"]
    assert beats and set(beats) == {(session.id, "simple")}
    assert session.id in owner.local.sessions, "still run there: a beat is its own event"
