"""Programmes in SQLite (the tables of migration 4 -> 5 in sessions.store): each programme,
its versions (every change a new one), the records its devices sent (each (programme,
device, seq) once, in seq order with no gap), and the flags and suggestions derived from
them when they arrive. Deleting a programme deletes all of it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

from .core import progression, records, stop_rule
from .routine_store import StaleVersion
from .store import Store

Doses = Callable[[dict], dict]  # a version's body -> {exercise_id: {field: (min, max, now)}}


@dataclass(frozen=True)
class Programme:
    id: str
    key: str
    label: str
    routine_id: str
    created_at: int
    first_day: int
    revoked: bool
    last_activity_day: str | None
    version: int  # the latest
    body: dict  # the latest version's fields
    changed_at: int  # when the latest version was saved


_SELECT = ("SELECT p.id, p.link_key, p.label, p.routine_id, p.created_at, p.first_day, "
           "p.revoked_at IS NOT NULL, p.last_activity_day, v.version, v.body, v.saved_at "
           "FROM programmes p JOIN programme_versions v ON v.programme_id = p.id AND "
           "v.version = (SELECT MAX(version) FROM programme_versions WHERE programme_id = p.id)")


def _programme(row) -> Programme:
    return Programme(*row[:6], bool(row[6]), row[7], row[8], json.loads(row[9]), row[10])


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class ProgrammeStore:
    def __init__(self, store: Store):
        self.store = store

    # -- programmes and versions --------------------------------------------------------

    def create(self, programme_id: str, key: str, label: str, body: dict, now: int,
               first_day: int) -> None:
        with self.store.transaction() as conn:
            conn.execute("INSERT INTO programmes (id, link_key, label, routine_id, created_at, "
                         "first_day) VALUES (?, ?, ?, ?, ?, ?)",
                         (programme_id, key, label, body["routine_id"], now, first_day))
            conn.execute("INSERT INTO programme_versions VALUES (?, 1, ?, ?, ?)",
                         (programme_id, _json(body), "created", now))

    def get(self, programme_id: str) -> Programme | None:
        rows = self.store.read(_SELECT + " WHERE p.id = ?", (programme_id,))
        return _programme(rows[0]) if rows else None

    def by_key(self, key: str) -> Programme | None:
        """The programme a link opens: None for a wrong or revoked key alike."""
        rows = self.store.read(_SELECT + " WHERE p.link_key = ? AND p.revoked_at IS NULL",
                               (key,))
        return _programme(rows[0]) if rows else None

    def all(self) -> list[Programme]:
        return [_programme(r) for r in self.store.read(_SELECT)]

    def versions(self, programme_id: str) -> list[dict]:
        rows = self.store.read("SELECT version, saved_at, note, body FROM programme_versions "
                               "WHERE programme_id = ? ORDER BY version", (programme_id,))
        return [{"version": v, "saved_at": at, "note": note, "fields": json.loads(body)}
                for v, at, note, body in rows]

    def save_version(self, programme_id: str, base: int, body: dict, note: str,
                     now: int) -> int:
        """The next version if `base` is still the latest, else StaleVersion."""
        with self.store.transaction() as conn:
            return self._save_version(conn, programme_id, base, body, note, now)

    def _save_version(self, conn, programme_id, base, body, note, now) -> int:
        latest = conn.execute("SELECT MAX(version) FROM programme_versions WHERE "
                              "programme_id = ?", (programme_id,)).fetchone()[0]
        if latest is None:
            raise LookupError(programme_id)
        if base != latest:
            raise StaleVersion(latest, "programme")
        conn.execute("INSERT INTO programme_versions VALUES (?, ?, ?, ?, ?)",
                     (programme_id, latest + 1, _json(body), note, now))
        return latest + 1

    def revoke(self, programme_id: str, now: int) -> bool:
        with self.store.transaction() as conn:
            return conn.execute("UPDATE programmes SET revoked_at = COALESCE(revoked_at, ?) "
                                "WHERE id = ?", (now, programme_id)).rowcount > 0

    def delete(self, programme_id: str) -> bool:
        """The programme and everything of it (foreign keys cascade)."""
        with self.store.transaction() as conn:
            return conn.execute("DELETE FROM programmes WHERE id = ?",
                                (programme_id,)).rowcount > 0

    # -- records ------------------------------------------------------------------------

    def apply(self, programme: Programme, device_id: str, sent: list, now: int,
              doses: Doses) -> records.Accepted:
        """Store what `sent` holds in order (sessions.core.records.accept), then raise its
        flags and any progression suggestion, all in one transaction."""
        with self.store.transaction() as conn:
            through = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM programme_records "
                                   "WHERE programme_id = ? AND device_id = ?",
                                   (programme.id, device_id)).fetchone()[0]
            accepted = records.accept(sent, device_id, through)
            if accepted.stored:
                self._store(conn, programme, device_id, accepted.stored, now, doses)
        return accepted

    def _store(self, conn, programme: Programme, device_id: str, new: list[dict], now: int,
               doses: Doses) -> None:
        runs = self._runs(conn, programme.id, device_id, {r["run_id"] for r in new})
        for r in new:
            if r["kind"] == "run_started":
                runs[r["run_id"]] = {"version": r["version"], "start_pain": r.get("start_pain")}
        conn.executemany(
            "INSERT INTO programme_records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(programme.id, device_id, r["seq"], r["kind"], r["local_day"], r["at"],
              r["run_id"], runs.get(r["run_id"], {}).get("version"), r.get("exercise_id"),
              int(r["kind"] == "run_ended" and r["exercises_done"] >= 1), now, _json(r))
             for r in new])
        thresholds = {v: json.loads(body)["pain_threshold"] for v, body in conn.execute(
            "SELECT version, body FROM programme_versions WHERE programme_id = ?",
            (programme.id,))}
        checks = [r for r in new if r["kind"] == "check"]
        flags = stop_rule.flags_for(checks, runs, thresholds, programme.body["pain_threshold"])
        conn.executemany("INSERT OR IGNORE INTO programme_flags (programme_id, device_id, seq, "
                         "day, exercise_id, pain, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [(programme.id, device_id, f["seq"], f["day"], f["exercise_id"],
                           f["pain"], f["reason"]) for f in flags])
        conn.execute("UPDATE programmes SET last_activity_day = MAX(COALESCE("
                     "last_activity_day, ''), ?) WHERE id = ?",
                     (max(r["local_day"] for r in new), programme.id))
        latest = self._latest_in(conn, programme.id)
        for exercise_id in sorted({c["exercise_id"] for c in checks}):
            self._suggest(conn, programme.id, latest, exercise_id, doses)

    @staticmethod
    def _runs(conn, programme_id: str, device_id: str, run_ids: set) -> dict:
        found = {}
        for run_id in run_ids:
            row = conn.execute("SELECT body FROM programme_records WHERE programme_id = ? AND "
                               "device_id = ? AND kind = 'run_started' AND run_id = ?",
                               (programme_id, device_id, run_id)).fetchone()
            if row:
                body = json.loads(row[0])
                found[run_id] = {"version": body["version"],
                                 "start_pain": body.get("start_pain")}
        return found

    @staticmethod
    def _latest_in(conn, programme_id: str) -> tuple[int, dict]:
        version, body = conn.execute(
            "SELECT version, body FROM programme_versions WHERE programme_id = ? "
            "ORDER BY version DESC LIMIT 1", (programme_id,)).fetchone()
        return version, json.loads(body)

    @staticmethod
    def _suggest(conn, programme_id: str, latest: tuple[int, dict], exercise_id: str,
                 doses: Doses) -> None:
        version, body = latest
        if conn.execute("SELECT 1 FROM programme_suggestions WHERE programme_id = ? AND "
                        "exercise_id = ? AND status = 'open' AND version = ?",
                        (programme_id, exercise_id, version)).fetchone():
            return  # one open suggestion per exercise at a time
        exercise_doses = doses(body).get(exercise_id)
        if not exercise_doses:
            return
        checks = [{"key": f"{device}:{seq}", **{k: json.loads(b).get(k)
                                                for k in ("pain", "effort")}}
                  for device, seq, b in conn.execute(
                      "SELECT device_id, seq, body FROM programme_records WHERE "
                      "programme_id = ? AND kind = 'check' AND exercise_id = ? AND version = ? "
                      "AND json_extract(body, '$.skipped') = 0 ORDER BY local_day, at, seq",
                      (programme_id, exercise_id, version))]
        found = progression.step_up(checks, exercise_doses)
        if found:
            conn.execute("INSERT OR IGNORE INTO programme_suggestions (programme_id, version, "
                         "exercise_id, field, from_value, to_value, why, evidence) VALUES "
                         "(?, ?, ?, ?, ?, ?, ?, ?)",
                         (programme_id, version, exercise_id, found["field"], found["from"],
                          found["to"], found["why"], found["evidence"]))

    # -- what the clinician reads -------------------------------------------------------

    def records(self, programme_id: str) -> list[dict]:
        rows = self.store.read("SELECT device_id, received_at, body FROM programme_records "
                               "WHERE programme_id = ? ORDER BY local_day, at, device_id, seq",
                               (programme_id,))
        return [{"device_id": d, **json.loads(b), "received_at": at} for d, at, b in rows]

    def done_by_day(self, since_day: str) -> dict[str, dict[str, int]]:
        """Every programme's done sessions per local day from `since_day`: id -> day -> n."""
        out: dict[str, dict[str, int]] = {}
        for pid, day, n in self.store.read(
                "SELECT programme_id, local_day, COUNT(*) FROM programme_records "
                "WHERE done = 1 AND local_day >= ? GROUP BY programme_id, local_day",
                (since_day,)):
            out.setdefault(pid, {})[day] = n
        return out

    def open_flags(self) -> dict[str, int]:
        return dict(self.store.read("SELECT programme_id, COUNT(*) FROM programme_flags "
                                    "WHERE seen = 0 GROUP BY programme_id"))

    def flags(self, programme_id: str) -> list[dict]:
        rows = self.store.read("SELECT id, day, exercise_id, pain, reason, seen, device_id, "
                               "seq FROM programme_flags WHERE programme_id = ? "
                               "ORDER BY seen, day DESC, id DESC", (programme_id,))
        return [{"id": i, "day": d, "exercise_id": e, "pain": p, "reason": r,
                 "seen": bool(s), "device_id": dev, "seq": seq}
                for i, d, e, p, r, s, dev, seq in rows]

    def see_flag(self, programme_id: str, flag_id: int) -> bool:
        with self.store.transaction() as conn:
            return conn.execute("UPDATE programme_flags SET seen = 1 WHERE id = ? AND "
                                "programme_id = ?", (flag_id, programme_id)).rowcount > 0

    def suggestions(self, programme_id: str, open_only: bool = True) -> list[dict]:
        """Every suggestion made, or only the open ones: undecided, for the latest version
        (one made for an older dose no longer applies)."""
        rows = self.store.read(
            "SELECT id, exercise_id, field, from_value, to_value, why, version, status "
            "FROM programme_suggestions s WHERE programme_id = ? AND (? = 0 OR (status = "
            "'open' AND version = (SELECT MAX(version) FROM programme_versions "
            "WHERE programme_id = s.programme_id))) ORDER BY id", (programme_id, open_only))
        return [{"id": i, "exercise_id": e, "field": f, "from": a, "to": b, "why": w,
                 "version": v, "status": s} for i, e, f, a, b, w, v, s in rows]

    def decide(self, programme_id: str, suggestion_id: int, accept: bool,
               new_body: Callable[[dict, dict], dict], now: int) -> int | None | bool:
        """Close an open suggestion (of the latest version): accepted, a new version made by
        `new_body(latest body, suggestion)` (returns its number); ignored, None. False if
        there is no such open one."""
        with self.store.transaction() as conn:
            version, body = self._latest_in(conn, programme_id)
            row = conn.execute("SELECT exercise_id, field, to_value FROM programme_suggestions "
                               "WHERE id = ? AND programme_id = ? AND status = 'open' AND "
                               "version = ?", (suggestion_id, programme_id, version)).fetchone()
            if row is None:
                return False
            conn.execute("UPDATE programme_suggestions SET status = ? WHERE id = ?",
                         ("accepted" if accept else "ignored", suggestion_id))
            if not accept:
                return None
            suggestion = {"exercise_id": row[0], "field": row[1], "to": row[2]}
            return self._save_version(
                conn, programme_id, version, new_body(body, suggestion),
                f"accepted: {row[0]} {row[1]} {row[2]}", now)

