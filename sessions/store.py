"""SQLite persistence: live sessions (so a restart loses nothing) and finished-run history;
the tables of the routine library and the clinic key are read and written by
sessions.routine_store and sessions.clinic_key through `transaction` and `read`.

One file under LIMBER_DATA_DIR, WAL journal, one transaction per change. The schema is
versioned with PRAGMA user_version; MIGRATIONS[n] takes a database from version n to n+1.
A timeline is stored once by its hash; a state change rewrites only the small session row.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

MIGRATIONS = [
    # 0 -> 1: live sessions and the timelines they play
    """
    CREATE TABLE timelines (hash TEXT PRIMARY KEY, body TEXT NOT NULL);
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        token_hash TEXT NOT NULL,
        timeline_hash TEXT NOT NULL REFERENCES timelines(hash),
        options TEXT NOT NULL,
        state TEXT NOT NULL,
        shared_control INTEGER NOT NULL DEFAULT 0,
        devices TEXT NOT NULL DEFAULT '[]',
        unattended_since INTEGER,
        updated_at INTEGER NOT NULL
    );
    """,
    # 1 -> 2: per-run counters and the history of finished or abandoned runs
    """
    ALTER TABLE sessions ADD COLUMN stats TEXT NOT NULL DEFAULT '{}';
    CREATE TABLE history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL,
        routine_id TEXT NOT NULL,
        options TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER NOT NULL,
        steps_total INTEGER NOT NULL,
        steps_completed INTEGER NOT NULL,
        steps_skipped INTEGER NOT NULL,
        pauses INTEGER NOT NULL,
        outcome TEXT NOT NULL
    );
    CREATE INDEX history_started ON history(started_at);
    """,
    # 2 -> 3: the address that created a session, which it counts against after a restart
    """
    ALTER TABLE sessions ADD COLUMN owner TEXT NOT NULL DEFAULT '';
    """,
    # 3 -> 4: routines authored in the app (every save a version) and the clinic key's hash
    """
    CREATE TABLE routine_versions (
        routine_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        saved_at INTEGER NOT NULL,
        PRIMARY KEY (routine_id, version)
    );
    CREATE TABLE clinic_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hash TEXT NOT NULL,
        set_at INTEGER NOT NULL
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
SESSION_FIELDS = ("id", "code", "token_hash", "timeline_hash", "options", "state",
                  "shared_control", "devices", "unattended_since", "updated_at", "stats",
                  "owner")
JSON_FIELDS = ("options", "state", "devices", "stats")


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the database to `target`, one version per transaction; returns the version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise RuntimeError(f"the database is at schema {version}, newer than this "
                           f"Limber ({SCHEMA_VERSION}); upgrade Limber")
    while version < target:
        conn.executescript(f"BEGIN; {MIGRATIONS[version]} "
                           f"PRAGMA user_version = {version + 1}; COMMIT;")
        version += 1
    return version


def private_directory(path: Path) -> Path:
    """The data directory, owner-only (0700): it holds patients' runs and the secret key."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.stat()
    if info.st_mode & 0o077 and info.st_uid == os.geteuid():  # made before, or by someone else
        path.chmod(0o700)
    return path


class Store:
    def __init__(self, path: Path):
        private_directory(path.parent)
        # SQLite creates the -wal and -shm files with the database file's mode: 0600 for all
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if file.exists():
                file.chmod(0o600)
        self.path = path
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode survives a killed process; only power loss may lose the last
        # commit, and a session replays from the one before.
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.lock = threading.Lock()
        migrate(self.conn)

    @contextmanager
    def transaction(self):
        """One writer at a time, all of a change or none of it."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def read(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self.lock:
            return self.conn.execute(sql, args).fetchall()

    def save_timeline(self, timeline_hash: str, body: dict) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR IGNORE INTO timelines VALUES (?, ?)",
                              (timeline_hash, json.dumps(body, separators=(",", ":"))))

    def save_sessions(self, rows: list[dict]) -> None:
        """Write several session rows in one transaction (sessions due at the same time)."""
        values = [[json.dumps(row[f]) if f in JSON_FIELDS else row[f] for f in SESSION_FIELDS]
                  for row in rows]
        marks = ", ".join("?" * len(SESSION_FIELDS))
        with self.transaction():
            self.conn.executemany(f"INSERT OR REPLACE INTO sessions "
                                  f"({', '.join(SESSION_FIELDS)}) VALUES ({marks})", values)

    def end_session(self, session_id: str, run: dict | None) -> None:
        """Forget a live session and, in the same transaction, record its last run."""
        with self.transaction():
            if run:
                self._insert_run(run)
            self.conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            self.conn.execute("DELETE FROM timelines WHERE hash NOT IN "
                              "(SELECT timeline_hash FROM sessions)")

    def record_run(self, run: dict) -> None:
        with self.transaction():
            self._insert_run(run)

    def _insert_run(self, run: dict) -> None:
        self.conn.execute(
            "INSERT INTO history (session_id, routine_id, options, started_at, ended_at, "
            "steps_total, steps_completed, steps_skipped, pauses, outcome) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (run["session_id"], run["routine_id"], json.dumps(run["options"]),
             run["started_at"], run["ended_at"], run["steps_total"], run["steps_completed"],
             run["steps_skipped"], run["pauses"], run["outcome"]))

    def load_sessions(self) -> list[dict]:
        with self.lock:
            rows = self.conn.execute(
                f"SELECT {', '.join('s.' + f for f in SESSION_FIELDS)}, t.body "
                f"FROM sessions s JOIN timelines t ON t.hash = s.timeline_hash").fetchall()
        out = []
        for row in rows:
            record = dict(zip(SESSION_FIELDS, row))
            for f in JSON_FIELDS:
                record[f] = json.loads(record[f])
            record["timeline"] = json.loads(row[-1])
            out.append(record)
        return out

    def history(self, limit: int = 1000) -> list[dict]:
        with self.lock:
            cur = self.conn.execute("SELECT * FROM history ORDER BY started_at DESC LIMIT ?",
                                    (limit,))
            names = [d[0] for d in cur.description]
            rows = [dict(zip(names, r)) for r in cur.fetchall()]
        for row in rows:
            row["options"] = json.loads(row["options"])
        return rows

    def close(self) -> None:
        with self.lock:
            self.conn.close()
