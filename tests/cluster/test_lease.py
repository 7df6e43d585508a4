"""The lease: one holder at a time, even when several processes race for it."""

import multiprocessing
import time

import redis

from sessions.lease import Leases


def test_only_the_holder_renews_or_releases(redis_client):
    a = Leases(redis_client, "proc-a", ttl_ms=500)
    b = Leases(redis_client, "proc-b", ttl_ms=500)
    assert a.acquire("s1") and not b.acquire("s1")
    assert a.holder_of("s1") == "proc-a"
    assert not b.renew("s1") and not b.release("s1")
    assert a.renew("s1") and a.release("s1")
    assert b.acquire("s1") and b.holder_of("s1") == "proc-b"


def test_a_lease_lapses_unless_renewed(redis_client):
    a = Leases(redis_client, "proc-a", ttl_ms=150)
    b = Leases(redis_client, "proc-b", ttl_ms=150)
    assert a.acquire("s1")
    time.sleep(0.1)
    assert a.renew("s1")
    time.sleep(0.1)
    assert not b.acquire("s1"), "renewed: still held"
    time.sleep(0.2)
    assert b.acquire("s1"), "lapsed: free for another"
    assert not a.renew("s1"), "the old holder cannot take it back by renewing"


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
