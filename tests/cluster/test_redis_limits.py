"""Per-address limits kept in Redis: one count for every process, decided atomically."""

import itertools
import threading

import pytest
import redis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessions.core.ratelimit import RateLimiter
from sessions.redis_limits import RedisRateLimiter, SessionQuota
from sessions.redis_store import RedisStore
from sessions.store import Store

_prefixes = itertools.count()


def race(calls: list) -> list:
    """Run every call at once from its own thread (its own connection); their results."""
    results = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(i):
        start.wait()
        results[i] = calls[i]()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_a_bucket_gives_its_capacity_then_refills_with_time(redis_client):
    joins = RedisRateLimiter(redis_client, "join", capacity=3, per_ms=60_000)
    assert [joins.allow("203.0.113.7", 1_000) for _ in range(4)] == [True] * 3 + [False]
    assert joins.allow("203.0.113.8", 1_000), "each address has its own bucket"
    assert not joins.allow("203.0.113.7", 20_999), "not yet a whole token back"
    assert joins.allow("203.0.113.7", 21_000)
    assert not joins.allow("203.0.113.7", 21_000)


def test_blocked_says_whether_a_take_would_be_refused_and_takes_nothing(redis_client):
    for limiter in (RedisRateLimiter(redis_client, "clinic", capacity=2, per_ms=60_000),
                    RateLimiter(2, 60_000)):
        assert not limiter.blocked("203.0.113.9", 1_000)
        assert limiter.allow("203.0.113.9", 1_000) and not limiter.blocked("203.0.113.9", 1_000)
        assert limiter.allow("203.0.113.9", 1_000) and limiter.blocked("203.0.113.9", 1_000)
        assert limiter.blocked("203.0.113.9", 30_999) and not limiter.blocked("203.0.113.9", 31_000)
        assert limiter.allow("203.0.113.9", 31_000), "blocked took nothing"


def test_a_bucket_expires_once_it_would_be_full(redis_client):
    creates = RedisRateLimiter(redis_client, "create", capacity=10, per_ms=60_000)
    creates.allow("203.0.113.7", 1_000)
    assert 0 < redis_client.pttl("limber:bucket:create:203.0.113.7") <= 60_000


def test_every_process_draws_from_the_same_bucket(redis_url, redis_client):
    processes = [RedisRateLimiter(redis.Redis.from_url(redis_url), "join", capacity=20,
                                  per_ms=60_000) for _ in range(2)]
    taken = [processes[i % 2].allow("203.0.113.7", 5_000) for i in range(21)]
    assert taken == [True] * 20 + [False]


def test_simultaneous_takes_never_share_the_last_token(redis_url, redis_client):
    clients = [redis.Redis.from_url(redis_url) for _ in range(12)]
    limiters = [RedisRateLimiter(c, "create", capacity=5, per_ms=60_000) for c in clients]
    results = race([lambda lim=lim: lim.allow("203.0.113.7", 5_000) for lim in limiters])
    assert sorted(results) == [False] * 7 + [True] * 5


def test_a_caller_whose_clock_is_behind_gets_no_refill_and_moves_nothing_back(redis_client):
    limiter = RedisRateLimiter(redis_client, "join", capacity=2, per_ms=1_000)
    assert limiter.allow("a", 10_000) and limiter.allow("a", 10_000)
    assert not limiter.allow("a", 9_000)
    assert not limiter.allow("a", 10_250), "refill counts from 10 000, not from 9 000"
    assert limiter.allow("a", 10_500)


@pytest.mark.parametrize("capacity, per_ms", [(0, 1000), (5, 0)])
def test_a_limit_that_allows_nothing_is_refused(redis_client, capacity, per_ms):
    with pytest.raises(ValueError, match="at least 1"):
        RedisRateLimiter(redis_client, "join", capacity=capacity, per_ms=per_ms)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(capacity=st.integers(1, 12), per_ms=st.integers(1, 120_000),
       calls=st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 40_000)),
                      min_size=1, max_size=60))
def test_it_decides_as_the_one_process_limiter_does(redis_client, capacity, per_ms, calls):
    """Same rule as sessions.core.ratelimit for a clock that never goes back."""
    shared = RedisRateLimiter(redis_client, "join", capacity, per_ms,
                              prefix=f"agree{next(_prefixes)}")
    alone = RateLimiter(capacity, per_ms)
    now = 1_700_000_000_000
    for key, step in calls:
        now += step
        assert shared.allow(key, now) == alone.allow(key, now), (key, now)


def test_an_address_holds_at_most_its_quota_of_live_sessions(redis_client):
    quota = SessionQuota(redis_client, most=2)
    assert quota.claim("203.0.113.7", "s1", 1_000)
    assert quota.claim("203.0.113.7", "s2", 1_000)
    assert not quota.claim("203.0.113.7", "s3", 1_000)
    assert quota.claim("203.0.113.7", "s1", 1_000), "claiming again is not another session"
    assert quota.claim("203.0.113.8", "s4", 1_000), "each address has its own quota"
    quota.release("203.0.113.7", "s2")
    assert quota.claim("203.0.113.7", "s3", 1_000)


def test_a_session_counts_while_its_row_lives_and_not_after_it_ends(redis_client, tmp_path):
    store = RedisStore(redis_client, Store(tmp_path / "history.db"))
    quota = SessionQuota(redis_client, most=1, grace_ms=10_000)
    assert quota.claim("203.0.113.7", "s1", 1_000)
    store.save_sessions([{"id": "s1", "code": "ACDEFH", "state": {}}])
    assert not quota.claim("203.0.113.7", "s2", 500_000), "the stored session still counts"
    store.end_session("s1", None)
    assert quota.claim("203.0.113.7", "s2", 500_000), "an ended session no longer counts"


def test_a_claim_whose_session_was_never_saved_lapses_after_the_grace(redis_client):
    quota = SessionQuota(redis_client, most=1, grace_ms=10_000)
    assert quota.claim("203.0.113.7", "s1", 1_000)
    assert not quota.claim("203.0.113.7", "s2", 10_999), "still being saved, perhaps"
    assert quota.claim("203.0.113.7", "s2", 11_000), "its process died before saving it"


def test_simultaneous_claims_never_exceed_the_quota(redis_url, redis_client):
    quotas = [SessionQuota(redis.Redis.from_url(redis_url), most=3) for _ in range(10)]
    results = race([lambda q=q, i=i: q.claim("203.0.113.7", f"s{i}", 1_000)
                    for i, q in enumerate(quotas)])
    assert sorted(results) == [False] * 7 + [True] * 3
