"""Live session state in Redis, so any process can take a session over; history in SQLite.

Same interface as sessions.store.Store as far as Live uses it. Keys:
  limber:session:<id>   the session row (JSON), written by its owner on every change
  limber:timeline:<h>   a compiled timeline (JSON), written once
  limber:code:<code>    join code -> session id
  limber:sessions       the set of live session ids
  limber:ended:<id>     a session ended moments ago: its control token's hash

With `leases` (sessions.lease.Leases), writes are fenced: a row is written or deleted only
by the process holding its session's lease, checked inside Redis. A process that stalled
past its lease and woke after another took the session over is refused (LeaseLost), and
so never overwrites a newer state with its older one.
"""

from __future__ import annotations

import json

import redis

from .core.answered import WINDOW_MS
from .redis_limits import owned_key
from .store import Store

TIMELINE_TTL_S = 7 * 24 * 3600
# ARGV[1]: the holder that may write ('' when unfenced); KEYS[1]: the session's lease.
_FENCE = """
if ARGV[1] ~= '' and redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
"""
_SAVE = _FENCE + """
redis.call('set', KEYS[2], ARGV[2])
redis.call('set', KEYS[3], ARGV[3])
redis.call('sadd', KEYS[4], ARGV[3])
return 1
"""
# An ended session leaves nothing behind: its row, its code, its place in its address's
# quota of live sessions. Its lease goes once "ended" is sent (sessions.cluster). For a
# while, who could end it is kept (its token's hash): an `end` sent again is answered.
_END = _FENCE + """
redis.call('del', KEYS[2], KEYS[4])
redis.call('srem', KEYS[3], ARGV[2])
redis.call('zrem', KEYS[5], ARGV[2])
redis.call('set', KEYS[6], ARGV[3], 'PX', ARGV[4])
return 1
"""


class LeaseLost(RuntimeError):
    """Another process holds these sessions' leases: this one must stop running them."""

    def __init__(self, session_ids: list[str]):
        super().__init__(", ".join(session_ids))
        self.session_ids = session_ids


class RedisStore:
    def __init__(self, client: redis.Redis, history: Store, leases=None,
                 prefix: str = "limber"):
        self.client = client
        self.history_store = history
        self.leases = leases
        self.p = prefix
        self._save = client.register_script(_SAVE)
        self._end = client.register_script(_END)

    def _lease(self, session_id: str) -> tuple[str, str]:
        """The session's lease key and the holder that may write it ('' unfenced)."""
        if self.leases is None:
            return f"{self.p}:no-lease", ""
        return self.leases.key(session_id), self.leases.holder

    def save_timeline(self, timeline_hash: str, body: dict) -> None:
        self.client.set(f"{self.p}:timeline:{timeline_hash}",
                        json.dumps(body, separators=(",", ":")), ex=TIMELINE_TTL_S)

    def save_sessions(self, rows: list[dict]) -> None:
        """Fenced writes of several rows in one round trip; LeaseLost names any refused
        (the others are written)."""
        pipe = self.client.pipeline(transaction=False)
        for row in rows:
            lease_key, holder = self._lease(row["id"])
            self._save(keys=[lease_key, f"{self.p}:session:{row['id']}",
                             f"{self.p}:code:{row['code']}", f"{self.p}:sessions"],
                       args=[holder, json.dumps(row, separators=(",", ":")), row["id"]],
                       client=pipe)
        refused = [row["id"] for row, saved in zip(rows, pipe.execute()) if not saved]
        if refused:
            raise LeaseLost(refused)

    def end_session(self, session_id: str, run: dict | None) -> None:
        """Delete the session (fenced: LeaseLost if another process runs it), then record
        its last run."""
        row = self.load_row(session_id) or {}
        lease_key, holder = self._lease(session_id)
        ended = self._end(keys=[lease_key, f"{self.p}:session:{session_id}",
                                f"{self.p}:sessions", f"{self.p}:code:{row.get('code', '')}",
                                owned_key(self.p, row.get("owner", "")),
                                f"{self.p}:ended:{session_id}"],
                          args=[holder, session_id, row.get("token_hash", ""), WINDOW_MS])
        if not ended:
            raise LeaseLost([session_id])
        if run:
            self.history_store.record_run(run)

    def ended_with(self, session_id: str) -> str | None:
        """The control token's hash of a session ended in the last moments (see _END)."""
        value = self.client.get(f"{self.p}:ended:{session_id}")
        return value.decode() if value else None

    def record_run(self, run: dict) -> None:
        self.history_store.record_run(run)

    def history(self, limit: int = 1000) -> list[dict]:
        return self.history_store.history(limit)

    def load_row(self, session_id: str) -> dict | None:
        raw = self.client.get(f"{self.p}:session:{session_id}")
        return json.loads(raw) if raw else None

    def load_session(self, session_id: str) -> dict | None:
        """A row with its timeline, ready for sessions.adoption.adopt(); None if it is gone."""
        row = self.load_row(session_id)
        if row is None:
            return None
        body = self.client.get(f"{self.p}:timeline:{row['timeline_hash']}")
        if body is None:
            return None
        return {**row, "timeline": json.loads(body)}

    def has_session(self, session_id: str) -> bool:
        return bool(self.client.sismember(f"{self.p}:sessions", session_id))

    def find_code(self, code: str) -> str | None:
        value = self.client.get(f"{self.p}:code:{code}")
        return value.decode() if value else None
