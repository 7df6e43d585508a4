import sys

import pytest

from sessions.config import ConfigError, Settings


def test_redis_mode_without_the_redis_package_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "redis", None)  # as if it were not installed
    with pytest.raises(ConfigError, match=r'LIMBER_REDIS_URL is set but the redis package is '
                                          r'not installed: pip install -e "\.\[redis\]"'):
        Settings.from_env({"LIMBER_REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert Settings.from_env({}).redis_url == ""  # one process needs no redis


def test_a_lease_too_short_to_survive_a_busy_moment_is_refused():
    with pytest.raises(ConfigError, match="LIMBER_LEASE_MS must be at least 1000"):
        Settings.from_env({"LIMBER_LEASE_MS": "999"})
    assert Settings.from_env({"LIMBER_LEASE_MS": "1000"}).lease_ms == 1000


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_trusting_a_proxy_while_serving_on_loopback_is_fine(host):
    assert Settings(proxy_hops=1, host=host).cautions() == []


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "limber.local"])
def test_trusting_a_proxy_while_clients_can_reach_the_app_directly_is_a_caution(host):
    [caution] = Settings(proxy_hops=1, host=host).cautions()
    assert f"LIMBER_HOST={host}" in caution and "127.0.0.1" in caution
    assert Settings(proxy_hops=0, host=host).cautions() == []
