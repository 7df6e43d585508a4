import pytest
import redis

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
