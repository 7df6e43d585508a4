import pytest
import redis

from sessions.cluster import ClusterLive
from sessions.store import Store
from tests.support.live import FakeClock, Sent, spawn
from tests.support.redis_server import RedisServer


@pytest.fixture(scope="module")
def redis_url():
    """A private redis-server on a free loopback port (installed by .ci/run)."""
    with RedisServer() as url:
        yield url


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    return client


@pytest.fixture
def make_live(redis_client, tmp_path):
    """`make_live(started=True, **options)`: a ClusterLive over the test's Redis, as one
    server process would hold it; its events are kept in `.send` (a Sent). One not started
    has no keeper renewing its leases, so its view of them stands still too: its leases'
    clock is a FakeClock at 100 s, and it stays sure of what it took until a test moves
    `live.leases.clock.t`. All are stopped at the end."""
    made = []

    def make(started: bool = True, lease_ms: int = 2000, answer_s: float = 60,
             **options) -> ClusterLive:
        # a forwarded call waits for its answer well past any stall of a loaded machine:
        # what a test asserts is the answer, not how soon the product gives up on it
        live = ClusterLive(Sent(), redis_client, Store(tmp_path / f"{len(made)}.db"),
                           lease_ms=lease_ms, answer_s=answer_s, **options)
        made.append(live)
        if started:
            live.start(spawn)
        else:
            live.leases.clock = FakeClock(100.0)
        return live
    yield make
    for live in made:
        live.stop()
