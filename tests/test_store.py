import sqlite3
import stat

import pytest

from sessions.store import MIGRATIONS, SCHEMA_VERSION, Store, migrate


def session_row(**extra):
    return {"id": "s1", "code": "ACDEFH", "token_hash": "h", "timeline_hash": "t1",
            "options": {"routine_id": "r", "pace": "gentle"},
            "state": {"status": "running", "index": 3, "started_at": 10, "elapsed_ms": 0},
            "shared_control": False, "devices": [], "unattended_since": None,
            "updated_at": 11, "stats": {}, "owner": "203.0.113.7", **extra}


def test_a_first_version_database_upgrades_and_keeps_its_sessions(tmp_path):
    path = tmp_path / "limber.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=1) == 1
    conn.execute("INSERT INTO timelines VALUES ('t1', '{\"steps\": []}')")
    conn.execute("INSERT INTO sessions (id, code, token_hash, timeline_hash, options, state, "
                 "updated_at) VALUES ('old', 'ACDEFH', 'h', 't1', '{}', "
                 "'{\"status\": \"paused\"}', 5)")
    conn.close()
    store = Store(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    [row] = store.load_sessions()
    assert row["id"] == "old" and row["state"] == {"status": "paused"} and row["stats"] == {}
    assert row["owner"] == "", "a session stored before owners were kept counts for nobody"
    assert store.history() == []


def test_a_newer_database_is_refused_not_damaged(tmp_path):
    path = tmp_path / "limber.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(RuntimeError, match="newer than this Limber"):
        Store(path)


def test_save_load_and_end_in_one_transaction(tmp_path):
    store = Store(tmp_path / "limber.db")
    store.save_timeline("t1", {"steps": [1, 2]})
    store.save_sessions([session_row()])
    store.save_sessions([session_row(state={"status": "paused", "index": 4, "started_at": None,
                                           "elapsed_ms": 7})])
    [row] = store.load_sessions()
    assert row["state"]["index"] == 4 and row["timeline"] == {"steps": [1, 2]}
    run = {"session_id": "s1", "routine_id": "r", "options": {"pace": "gentle"},
           "started_at": 1, "ended_at": 2, "steps_total": 9, "steps_completed": 5,
           "steps_skipped": 1, "pauses": 0, "outcome": "ended"}
    store.end_session("s1", run)
    assert store.load_sessions() == []
    [saved] = store.history()
    assert saved["outcome"] == "ended" and saved["options"] == {"pace": "gentle"}
    assert store.conn.execute("SELECT COUNT(*) FROM timelines").fetchone()[0] == 0


def test_a_failed_write_changes_nothing(tmp_path):
    store = Store(tmp_path / "limber.db")
    store.save_timeline("t1", {})
    store.save_sessions([session_row()])
    with pytest.raises(KeyError):
        store.end_session("s1", {"session_id": "s1"})  # incomplete run record
    assert len(store.load_sessions()) == 1 and store.history() == []


def modes(directory):
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in directory.iterdir()}


def test_the_database_and_its_journal_are_private_to_the_server(tmp_path):
    data = tmp_path / "data"
    store = Store(data / "limber.db")
    store.save_timeline("t1", {})  # a write: the write-ahead log and its index exist now
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert modes(data) == {"limber.db": 0o600, "limber.db-wal": 0o600, "limber.db-shm": 0o600}


def test_an_existing_data_dir_and_database_are_made_private(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    conn = sqlite3.connect(data / "limber.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (x)")  # left with its -wal and -shm, as a killed server would
    for path in (data, *data.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    Store(data / "limber.db").save_timeline("t1", {})
    conn.close()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert modes(data) == {"limber.db": 0o600, "limber.db-wal": 0o600, "limber.db-shm": 0o600}
