"""The lease: one holder at a time, even when several processes race for it; a lapsed one
is found with one query; the holder's own view ends before Redis's does."""

import multiprocessing
import time

import pytest
import redis

from sessions.lease import Leases
from tests.support.live import FakeClock


def wait_until(predicate, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "the condition never came"
        time.sleep(0.01)


def test_only_the_holder_renews_or_releases(redis_client):
    a = Leases(redis_client, "proc-a", ttl_ms=5000)
    b = Leases(redis_client, "proc-b", ttl_ms=5000)
    assert a.acquire("s1") and not b.acquire("s1")
    assert a.holder_of("s1") == "proc-a" and a.held() == ["s1"] and b.held() == []
    assert not b.release("s1") and a.holder_of("s1") == "proc-a"
    assert a.renew_all() == [], "renewed: nothing lost"
    assert a.release("s1") and a.held() == []
    assert b.acquire("s1") and b.holder_of("s1") == "proc-b"


def test_a_lease_just_taken_is_not_lapsed(redis_client):
    a = Leases(redis_client, "proc-a", ttl_ms=60_000)
    b = Leases(redis_client, "proc-b", ttl_ms=60_000)
    assert a.acquire("s1")
    assert b.lapsed() == []


def test_a_lease_lapses_unless_renewed_and_is_then_listed(redis_client):
    # a short lease that is left to lapse; the taker's is long, so nothing else lapses
    a = Leases(redis_client, "proc-a", ttl_ms=50, margin_ms=10)
    b = Leases(redis_client, "proc-b", ttl_ms=60_000)
    assert a.acquire("s1") and a.acquire("s2")
    wait_until(lambda: sorted(b.lapsed()) == ["s1", "s2"])  # by Redis's own clock
    assert b.acquire("s1"), "lapsed: free for another"
    assert b.lapsed() == ["s2"], "taken again: no longer lapsed"
    assert sorted(a.renew_all()) == ["s1", "s2"], "the old holder cannot renew it back"
    assert a.held() == [] and b.holder_of("s1") == "proc-b"


def test_a_released_lease_is_listed_at_once_and_a_retired_one_never(redis_client):
    a = Leases(redis_client, "proc-a", ttl_ms=60_000)
    b = Leases(redis_client, "proc-b", ttl_ms=60_000)
    assert a.acquire("s1") and a.acquire("s2")
    assert a.release("s1") and a.retire("s2")
    assert b.lapsed() == ["s1"], "released: for another process to take now"
    assert a.held() == []


def test_the_holder_is_sure_of_its_lease_until_a_margin_before_it_can_lapse(redis_client):
    clock = FakeClock(100.0)
    a = Leases(redis_client, "proc-a", ttl_ms=2000, margin_ms=100, clock=clock)
    assert a.acquire("s1")  # the clock read before the request: Redis's expiry is later
    clock.t = 101.899
    assert a.holds("s1")
    clock.t = 101.901
    assert not a.holds("s1"), "within the margin of the lease's expiry: not sure any more"
    assert a.renew_all() == []
    clock.t = 103.799
    assert a.holds("s1"), "renewed at 101.901: sure until 103.801"
    clock.t = 103.802
    assert not a.holds("s1")
    assert not a.holds("never-held")


def test_a_holder_whose_view_ran_out_asks_redis_before_giving_up(redis_client):
    clock = FakeClock(100.0)
    a = Leases(redis_client, "proc-a", ttl_ms=2000, clock=clock)
    b = Leases(redis_client, "proc-b", ttl_ms=2000)
    assert a.acquire("s1") and a.acquire("s2")
    clock.t = 105.0  # its renewals are late
    assert not a.holds("s1")
    assert a.confirm("s1") and a.holds("s1"), "still its own in Redis: renewed now"
    redis_client.delete(a.key("s2"))  # lapsed in Redis meanwhile,
    assert b.acquire("s2")  # and another process took it
    assert not a.confirm("s2") and a.held() == ["s1"]
    assert not a.confirm("never-held")


def test_a_lease_shorter_than_its_margins_is_refused(redis_client):
    with pytest.raises(ValueError, match="no time past its 100 ms margin"):
        Leases(redis_client, "proc-a", ttl_ms=200)


def _contend(url: str, name: str, seconds: float, out) -> None:
    client = redis.Redis.from_url(url)
    leases = Leases(client, name, ttl_ms=2000)
    held = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if leases.acquire("race"):
            start = client.time()
            time.sleep(0.002)
            stop = client.time()
            assert leases.release("race")
            held.append((start[0] * 1_000_000 + start[1], stop[0] * 1_000_000 + stop[1]))
    out.put(held)


def test_never_two_holders_under_a_race_of_processes(redis_url, redis_client):
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    procs = [ctx.Process(target=_contend, args=(redis_url, f"p{i}", 1.5, out))
             for i in range(6)]
    for p in procs:
        p.start()
    intervals = sorted(i for _ in procs for i in out.get(timeout=30))
    for p in procs:
        p.join(timeout=10)
        assert p.exitcode == 0
    assert len(intervals) > 50, "the race really happened"
    for (_, end), (start, _) in zip(intervals, intervals[1:]):
        assert start >= end, "two holders at once"
