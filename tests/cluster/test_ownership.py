"""Who runs a session, in-process: ClusterLive instances over one Redis stand for server
processes. A takeover is made deterministic by letting a lease lapse in Redis (as it does
when its holder dies or stalls) and calling `restore`, which takes lapsed sessions over."""

import pytest

from sessions.clock import now_ms
from sessions.core.access import SessionError
from sessions.live import Live
from sessions.redis_limits import SessionQuota
from sessions.store import Store
from tests.support.live import Sent, spawn, timeline

T0 = 1_700_000_000_000  # for lives that are not started: their scheduler never runs
ADDRESS = "203.0.113.9"


def never(*_):
    raise AssertionError("the shell must not read the clock outside its thread loop")


def lapse(redis_client, session_id: str) -> None:
    """The lease runs out in Redis, as when its holder is dead or stopped."""
    redis_client.delete(f"limber:lease:{session_id}")
    redis_client.zadd("limber:lease-expiries", {session_id: 0})


def test_a_stored_session_says_once_where_it_is_and_counts_the_steps_it_missed(tmp_path):
    first = Live(Sent(), store=Store(tmp_path / "db.sqlite"), clock=never)
    session, token = first.create(timeline(1000, 1000, 1000, 1000), now=T0)
    first.command(session.id, "console", token, "start", now=T0)
    first.tick(T0 + 1000)  # step 1 began on time: the stored row still says step 0
    # that process dies; another runs the session from the stored row
    sent = Sent()
    second = Live(sent, store=Store(tmp_path / "db.sqlite"), clock=never)
    assert second.restore(T0 + 3500) == 1
    assert [(name, d["reason"], d["index"], d["step_started_at"]) for name, d, _ in sent] == \
        [("state", "takeover", 3, T0 + 3000)], "one word, where the schedule is now"
    assert second.get(session.id).stats.steps_completed == 3
    second.tick(T0 + 4000)
    assert [(d["reason"], d["index"]) for d in sent.named("state")[1:]] == [("step", 4)]
    # what it counted was stored: a third process counts only what passed since
    third = Live(Sent(), store=Store(tmp_path / "db.sqlite"), clock=never)
    third.restore(T0 + 4100)
    assert third.get(session.id).stats.steps_completed == 4


def test_a_session_that_finished_while_nobody_ran_it_is_recorded_once(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    first = Live(Sent(), store=store, clock=never)
    session, token = first.create(timeline(1000), now=T0)
    first.command(session.id, "console", token, "start", now=T0)
    sent = Sent()
    second = Live(sent, store=Store(tmp_path / "db.sqlite"), clock=never)
    second.restore(T0 + 60_000)
    assert [(d["reason"], d["status"]) for d in sent.named("state")] == \
        [("takeover", "finished")]
    [run] = store.history()
    assert (run["outcome"], run["steps_completed"]) == ("finished", 2)
    Live(Sent(), store=Store(tmp_path / "db.sqlite"), clock=never).restore(T0 + 61_000)
    assert len(store.history()) == 1


def test_a_process_whose_lease_ran_out_says_nothing_and_lets_the_session_go(make_live,
                                                                           redis_client):
    stalled = make_live(started=False)
    session, token = stalled.create(timeline(1000, 1000), now=T0)
    stalled.command(session.id, "console", token, "start", now=T0)
    told = len(stalled.send)
    lapse(redis_client, session.id)  # it stalled past its lease (or its renewals failed)
    stalled.leases.clock.t = 101.95  # acquired at 100.0 for 2 s: within its 100 ms margin
    stalled.local.tick(T0 + 1000)  # a step ends; the heartbeat is due
    assert stalled.send[told:] == [], "its lease ran out: not a word"
    assert session.id not in stalled.local.sessions and stalled.leases.held() == []
    assert make_live(started=False).restore(T0 + 1200) == 1, "taken over at once"


def test_a_busy_moment_that_delays_the_renewals_loses_nothing(make_live, redis_client):
    busy = make_live(started=False)  # its keeper is late: its own view of the lease ran out
    session, token = busy.create(timeline(1000, 1000), now=T0)
    busy.command(session.id, "console", token, "start", now=T0)
    busy.leases.clock.t = 101.95
    busy.local.tick(T0 + 1000)
    assert [d["reason"] for d in busy.send.named("state")] == ["start", "step"], \
        "Redis still had it as this process's: renewed there and then, and told"
    assert busy.leases.holds(session.id)
    assert busy.command(session.id, "console", token, "pause", now=T0 + 1100)["status"] == \
        "paused"


def test_a_refused_write_fails_the_call_there_and_the_new_holder_answers_it(make_live,
                                                                            redis_client):
    stalled = make_live(started=False)  # no keeper: it has not noticed anything
    now = now_ms()  # the taker runs its scheduler on the real clock
    session, token = stalled.create(timeline(60_000), now=now)
    stalled.command(session.id, "console", token, "start", now=now)
    lapse(redis_client, session.id)
    taker = make_live(started=False)
    assert taker.restore(now + 100) == 1
    taker.start(spawn)
    told = len(stalled.send)
    paused = stalled.command(session.id, "console", token, "pause", now=now + 200)
    assert paused["status"] == "paused", "answered: by the process that runs it now"
    assert taker.local.get(session.id).runner.state.status == "paused"
    assert stalled.send[told:] == [], "the refused process said nothing"
    assert session.id not in stalled.local.sessions
    assert [d["reason"] for d in taker.send.named("state")] == ["takeover", "pause"]


def test_a_write_refused_in_a_tick_drops_that_session_and_the_others_carry_on(make_live,
                                                                              redis_client):
    stalled = make_live(started=False)
    made = [stalled.create(timeline(1000), now=T0) for _ in range(2)]
    for session, token in made:
        stalled.command(session.id, "console", token, "start", now=T0)
    (kept, _), (lost, _) = made
    lapse(redis_client, lost.id)
    assert make_live(started=False).restore(T0 + 100) == 1
    told = len(stalled.send.named("state"))
    stalled.local.tick(T0 + 2000)  # both finish at once: saved in one write, one refused
    assert [(d["session_id"], d["reason"]) for d in stalled.send.named("state")[told:]] == \
        [(kept.id, "step"), (kept.id, "finished")], "the refused one says nothing"
    assert list(stalled.local.sessions) == [kept.id]
    assert stalled.store.load_row(kept.id)["state"]["status"] == "finished"
    assert stalled.store.load_row(lost.id)["state"]["status"] == "running", "not overwritten"


def test_the_session_quota_counts_for_every_process_and_survives_a_takeover(make_live,
                                                                            redis_client):
    a, b = (make_live(started=False, quota=SessionQuota(redis_client, most=1))
            for _ in range(2))
    session, token = a.create(timeline(60_000), owner=ADDRESS, now=T0)
    with pytest.raises(SessionError, match="already has 1 live sessions") as refused:
        b.create(timeline(60_000), owner=ADDRESS, now=T0)
    assert refused.value.code == "too_many_sessions"
    lapse(redis_client, session.id)
    assert b.restore(T0 + 100) == 1
    assert b.local.get(session.id).owner == ADDRESS, "the stored row names its address"
    with pytest.raises(SessionError, match="already has 1 live sessions"):
        a.create(timeline(60_000), owner=ADDRESS, now=T0 + 200)
    b.end(session.id, token, now=T0 + 300)
    assert a.create(timeline(60_000), owner=ADDRESS, now=T0 + 400), "ended: room for one"


def test_a_refused_create_leaves_no_lease_and_no_claim(make_live, redis_client):
    live = make_live(started=False, quota=SessionQuota(redis_client, most=1),
                     max_sessions_per_owner=0)  # the local rule refuses after the claim
    with pytest.raises(SessionError):
        live.create(timeline(60_000), owner=ADDRESS, now=T0)
    assert redis_client.zcard(f"limber:owned:{ADDRESS}") == 0
    assert redis_client.zcard("limber:lease-expiries") == 0 and live.leases.held() == []


def test_a_session_is_leased_before_anyone_can_see_it(make_live):
    owner, other = make_live(), make_live()  # the other scans for lapsed leases meanwhile
    made = [owner.create(timeline(60_000), now=now_ms())[0] for _ in range(30)]
    assert all(owner.leases.holder_of(s.id) == owner.process_id for s in made)
    assert not set(owner.local.sessions) & set(other.local.sessions)


def test_a_stopping_process_hands_its_sessions_over_at_once(make_live):
    leaving, staying = make_live(), make_live(started=False)
    session, _ = leaving.create(timeline(60_000), now=now_ms())
    leaving.stop()
    assert staying.restore(T0 + 100) == 1
    assert session.id in staying.local.sessions
