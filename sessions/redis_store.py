"""Live session state in Redis, so any process can take a session over; history in SQLite.

Same interface as sessions.store.Store as far as Live uses it. Keys:
  limber:session:<id>   the session row (JSON), written by its owner on every change
  limber:timeline:<h>   a compiled timeline (JSON), written once
  limber:code:<code>    join code -> session id
  limber:sessions       the set of live session ids
"""

from __future__ import annotations

import json

import redis

from .store import Store

TIMELINE_TTL_S = 7 * 24 * 3600
# Write a session row only if no other process holds its lease (a fence against a
# process that stalled past its lease and woke up after another took the session over).
_FENCED_SAVE = """
local holder = redis.call('get', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('set', KEYS[2], ARGV[2])
redis.call('set', KEYS[3], ARGV[3])
redis.call('sadd', KEYS[4], ARGV[3])
return 1
"""


class LeaseLost(RuntimeError):
    """Another process holds these sessions' leases: this one must stop running them."""

    def __init__(self, session_ids: list[str]):
        super().__init__(", ".join(session_ids))
        self.session_ids = session_ids


class RedisStore:
    def __init__(self, client: redis.Redis, history: Store, prefix: str = "limber"):
        self.client = client
        self.history_store = history
        self.p = prefix
        self.leases = None
        self._save = client.register_script(_FENCED_SAVE)

    def fence(self, leases) -> None:
        """From now on, save only sessions whose lease is ours or nobody's."""
        self.leases = leases

    def save_timeline(self, timeline_hash: str, body: dict) -> None:
        self.client.set(f"{self.p}:timeline:{timeline_hash}",
                        json.dumps(body, separators=(",", ":")), ex=TIMELINE_TTL_S)

    def save_sessions(self, rows: list[dict]) -> None:
        """Fenced writes of several rows in one round trip; LeaseLost names any refused."""
        holder = self.leases.holder if self.leases else ""
        pipe = self.client.pipeline(transaction=False)
        for row in rows:
            lease_key = self.leases.key(row["id"]) if self.leases else f"{self.p}:no-lease"
            self._save(keys=[lease_key, f"{self.p}:session:{row['id']}",
                             f"{self.p}:code:{row['code']}", f"{self.p}:sessions"],
                       args=[holder, json.dumps(row, separators=(",", ":")), row["id"]],
                       client=pipe)
        refused = [row["id"] for row, saved in zip(rows, pipe.execute()) if not saved]
        if refused:
            raise LeaseLost(refused)

    def end_session(self, session_id: str, run: dict | None) -> None:
        row = self.load_row(session_id)
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(f"{self.p}:session:{session_id}")
        pipe.srem(f"{self.p}:sessions", session_id)
        if row:
            pipe.delete(f"{self.p}:code:{row['code']}")
        pipe.execute()
        if run:
            self.history_store.record_run(run)

    def record_run(self, run: dict) -> None:
        self.history_store.record_run(run)

    def history(self, limit: int = 1000) -> list[dict]:
        return self.history_store.history(limit)

    def load_row(self, session_id: str) -> dict | None:
        raw = self.client.get(f"{self.p}:session:{session_id}")
        return json.loads(raw) if raw else None

    def load_session(self, session_id: str) -> dict | None:
        """A row with its timeline, ready for Live.adopt(); None if it is gone."""
        row = self.load_row(session_id)
        if row is None:
            return None
        body = self.client.get(f"{self.p}:timeline:{row['timeline_hash']}")
        if body is None:
            return None
        return {**row, "timeline": json.loads(body)}

    def load_sessions(self) -> list[dict]:
        return [r for sid in self.session_ids() if (r := self.load_session(sid))]

    def session_ids(self) -> list[str]:
        return [m.decode() for m in self.client.smembers(f"{self.p}:sessions")]

    def find_code(self, code: str) -> str | None:
        value = self.client.get(f"{self.p}:code:{code}")
        return value.decode() if value else None
