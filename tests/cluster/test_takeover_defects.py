"""Cluster defects of issue 15 (items 1, 2 and 4), each shown from outside: two `app.py`
processes over one private Redis, python-socketio clients as devices."""

import math
import time

import pytest
import redis

from sessions.services import CREATE_LIMIT, JOIN_LIMIT
from tests.support.cluster import Pair, Watcher, freeze, index_at, kill, states, thaw

LEASE_MS = 1000  # small, so a takeover comes quickly
ROUTINE = {"routine_id": "lower-back-hip", "pace": "standard"}


@pytest.fixture
def pair(tmp_path):
    with Pair(tmp_path, time_scale=10, lease_ms=LEASE_MS) as servers:
        yield servers


@pytest.fixture(scope="module")
def limits_pair(tmp_path_factory):
    """Behind a (pretend) proxy, so each test speaks for its own client address."""
    with Pair(tmp_path_factory.mktemp("limits"), proxy_hops=1) as servers:
        yield servers


@pytest.fixture
def redis_leases(pair):
    """Who holds a session's lease (a process id), read from the pair's Redis."""
    client = redis.Redis.from_url(pair[0].env["LIMBER_REDIS_URL"])

    def holder(session_id):
        return client.get(f"limber:lease:{session_id}")
    yield holder
    client.close()


def start_on(owner, follower: Watcher):
    """A session created on `owner`, joined by `follower`, then started."""
    controller = Watcher(owner.url)
    ack = controller.call("create", ROUTINE)
    assert ack["ok"], ack
    joined = follower.call("join", {"code": ack["code"]})
    assert joined["ok"], joined
    session = {"session_id": ack["session_id"], "token": ack["control_token"]}
    assert controller.call("command", {**session, "command": "start"})["ok"]
    durations = [step["duration_ms"] for step in ack["timeline"]["steps"]]
    return controller, session, durations


def is_state(session_id, **fields):
    def match(name, payload):
        return (name == "state" and payload["session_id"] == session_id
                and all(payload[k] == v for k, v in fields.items()))
    return match


def running_on_a(pair, step: int):
    """A session run by the pair's first process, followed from the second, once its step
    `step` has been announced: (follower, controller, session, step durations)."""
    follower = Watcher(pair[1].url)
    controller, session, durations = start_on(pair[0], follower)
    follower.wait_for(lambda n, p: is_state(session["session_id"], reason="step")(n, p)
                      and p["index"] >= step)
    return follower, controller, session, durations


def test_a_takeover_announces_the_current_step_once_and_replays_nothing(pair):
    follower, controller, session, durations = running_on_a(pair, step=3)
    sid = session["session_id"]
    dead_at = kill(pair[0])
    before = [s for s in states(follower.events, sid) if s["server_now"] <= dead_at]
    # every step passed before the kill has been announced; B's next own step follows them
    follower.wait_for(lambda n, p: is_state(sid, reason="step")(n, p)
                      and p["server_now"] > dead_at and p["index"] > before[-1]["index"])

    announced = [s["index"] for s in states(follower.events, sid) if s["reason"] == "step"]
    assert announced == sorted(set(announced)), f"a step was announced twice: {announced}"
    from_b = [s for s in states(follower.events, sid) if s["server_now"] > dead_at]
    assert [s["index"] for s in from_b] == sorted({s["index"] for s in from_b}), \
        f"the new owner announced a step more than once: {[s['index'] for s in from_b]}"
    first = from_b[0]
    assert first["index"] == index_at(before[-1], durations, first["server_now"]), \
        "the new owner's first word is where the schedule is now"
    controller.close()
    follower.close()


def test_a_stalled_owner_says_nothing_after_the_new_owner_pauses(pair, redis_leases):
    a, b = pair
    follower, controller, session, _ = running_on_a(pair, step=2)
    sid = session["session_id"]
    stopped_at = freeze(a)
    try:
        # B took the session over (A, stopped, cannot have read the clock since)
        follower.wait_for(lambda n, p: n in ("state", "timer") and p["session_id"] == sid
                          and p["server_now"] > stopped_at)
        boss = Watcher(b.url)
        assert boss.call("join", session)["role"] == "controller"
        paused = boss.call("command", {**session, "command": "pause"})
        assert paused["ok"] and paused["state"]["status"] == "paused", paused
        mark = follower.wait_for(is_state(sid, reason="pause"))
    finally:
        thaw(a)

    # A barrier: a session A runs from after it woke. A's events leave in the order it
    # sends them, over one channel, to this one socket: once the barrier session's first
    # step arrives, anything A still had to say about the stalled session has arrived too.
    barrier_controller, barrier, _ = start_on(a, follower)
    assert redis_leases(barrier["session_id"]) != redis_leases(sid), "A runs the barrier"
    follower.wait_for(is_state(barrier["session_id"], reason="step"), start=mark)

    after = [(name, p) for name, p in follower.events[mark + 1:]
             if name in ("state", "timer") and p["session_id"] == sid]
    stale = [(name, p["index"]) for name, p in after if p["status"] != "paused"]
    assert stale == [], f"{len(stale)} 'running' events after the pause: {stale}"
    for device in (controller, follower, boss, barrier_controller):
        device.close()


def alternate(pair, address):
    """Devices from one address, one on each process, used in turn."""
    return [Watcher(server.url, address) for server in pair]


def until_refused(attempt, most: int = 60) -> tuple[list[dict], int]:
    """Attempts (`attempt(i)` returns an ack) until one is refused: the acks, and the
    seconds they took. A bucket earns tokens back meanwhile, so the count allowed is exact
    only up to the refills those seconds allow."""
    started = time.monotonic()
    answers = []
    while len(answers) < most and (not answers or answers[-1]["ok"]):
        answers.append(attempt(len(answers)))
    return answers, time.monotonic() - started


def joining(pair, devices):
    """Join attempts, on either process, at a session from another address."""
    owner = Watcher(pair[0].url, "198.51.100.1")
    code = owner.call("create", ROUTINE)["code"]
    return (lambda i: devices[i % 2].call("join", {"code": code})), [owner]


def creating(pair, devices):
    """Create attempts, on either process; each made is ended at once, so that only the
    create limit is in play, not the cap on live sessions."""
    def create_and_end(i):
        ack = devices[i % 2].call("create", ROUTINE)
        if ack["ok"]:
            gone = devices[i % 2].call("end", {"session_id": ack["session_id"],
                                               "token": ack["control_token"]})
            assert gone["ok"], gone
        return ack
    return create_and_end, []


@pytest.mark.parametrize("kind, limit, address, attempts", [
    ("join", JOIN_LIMIT, "198.51.100.2", joining),
    ("create", CREATE_LIMIT, "198.51.100.3", creating)])
def test_an_attempt_limit_holds_across_processes(limits_pair, kind, limit, address, attempts):
    devices = alternate(limits_pair, address)
    attempt, others = attempts(limits_pair, devices)
    answers, took_s = until_refused(attempt)
    assert f"too many {kind} attempts" in answers[-1]["error"]
    # buckets kept per process would allow twice the capacity at once
    capacity, per_ms = limit
    assert capacity <= len(answers) - 1 <= capacity + math.ceil(took_s * 1000 * capacity
                                                                / per_ms), \
        f"{capacity} {kind}s a minute per address, whichever process takes them"
    for device in (*others, *devices):
        device.close()


def test_the_live_session_cap_holds_across_processes(limits_pair):
    devices = alternate(limits_pair, "198.51.100.4")
    answers = [devices[i % 2].call("create", ROUTINE) for i in range(6)]
    assert [a["ok"] for a in answers] == [True] * 5 + [False], \
        "5 live sessions per address, whichever process runs them"
    assert "live session" in answers[-1]["error"]
    first = answers[0]
    assert devices[1].call("end", {"session_id": first["session_id"],
                                   "token": first["control_token"]})["ok"]
    assert devices[1].call("create", ROUTINE)["ok"], "ending one makes room for another"
    for device in devices:
        device.close()
