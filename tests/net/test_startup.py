"""`python app.py` as an operator starts it: optional packages, file modes, unsafe settings."""

import os
import stat
import subprocess
import sys
import urllib.request

import socketio

from tests.support.server import ROOT, LimberServer

HIDE_REDIS = "import sys\nsys.modules['redis'] = None  # as if the package were not installed\n"


def without_redis(env: dict, tmp_path) -> dict:
    """The environment with a sitecustomize that makes `import redis` fail."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(HIDE_REDIS)
    return {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(site),
                                                               env.get("PYTHONPATH")]))}


def test_one_process_serves_without_the_redis_package(tmp_path):
    server = LimberServer(tmp_path / "data")
    server.env = without_redis(server.env, tmp_path)
    with server:
        with urllib.request.urlopen(server.url + "/", timeout=10) as page:
            assert page.status == 200
        client = socketio.SimpleClient()
        client.connect(server.url, transports=["websocket"], wait_timeout=10)
        assert client.call("create", {"routine_id": "lower-back-hip"}, timeout=10)["ok"]
        client.disconnect()


def test_redis_mode_without_the_redis_package_stops_with_what_to_install(tmp_path):
    env = without_redis({**os.environ, "LIMBER_DATA_DIR": str(tmp_path / "data"),
                         "LIMBER_REDIS_URL": "redis://127.0.0.1:6379/0"}, tmp_path)
    done = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode != 0
    assert ('LIMBER_REDIS_URL is set but the redis package is not installed: '
            'pip install -e ".[redis]"') in done.stderr


def test_the_data_dir_and_every_file_the_server_writes_there_are_private(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)  # as a packaging tool or an older Limber would have left it
    server = LimberServer(data)
    server.log_path = tmp_path / "server.log"  # the test harness's own file, kept outside
    with server:
        client = socketio.SimpleClient()
        client.connect(server.url, transports=["websocket"], wait_timeout=10)
        assert client.call("create", {"routine_id": "lower-back-hip"}, timeout=10)["ok"]
        client.disconnect()
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in data.iterdir()}
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
    # the session was saved: the database, its write-ahead log and its index exist
    assert {"limber.db", "limber.db-wal", "limber.db-shm", "secret_key"} <= modes.keys()
    assert modes == dict.fromkeys(modes, 0o600)


def test_trusting_a_proxy_on_an_address_clients_can_reach_is_warned_at_start(tmp_path):
    with LimberServer(tmp_path, proxy_hops=1, host="0.0.0.0") as exposed:
        log = exposed.log()
    assert "LIMBER_PROXY_HOPS=1 trusts X-Forwarded-For, but LIMBER_HOST=0.0.0.0" in log
    with LimberServer(tmp_path / "safe", proxy_hops=1) as safe:  # 127.0.0.1, the default
        assert "LIMBER_PROXY_HOPS" not in safe.log()
