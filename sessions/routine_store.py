"""Routines authored in the app, in SQLite: every save is a new version, none is ever
rewritten, so a version number names one document for good. The documents are checked by
the caller (sessions.library.check_document) before they reach here."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from .store import Store


class IdTaken(ValueError):
    pass


class StaleVersion(ValueError):
    """The routine (or programme) was saved by someone else since the version the change
    started from."""

    def __init__(self, latest: int, what: str = "routine"):
        super().__init__(f"this {what} has been saved since (now version {latest}); "
                         f"reload it and make your change again")
        self.latest = latest


@dataclass(frozen=True)
class Saved:
    id: str
    version: int
    saved_at: int  # epoch ms
    document: dict


class RoutineStore:
    def __init__(self, store: Store):
        self.store = store

    def latest_all(self) -> list[Saved]:
        """The latest version of every authored routine, by id."""
        rows = self.store.read(
            "SELECT v.routine_id, v.version, v.saved_at, v.body FROM routine_versions v "
            "JOIN (SELECT routine_id, MAX(version) AS version FROM routine_versions "
            "GROUP BY routine_id) m USING (routine_id, version) ORDER BY v.routine_id")
        return [_saved(row) for row in rows]

    def latest_versions(self) -> dict[str, int]:
        """Each authored routine's latest version number (cheap: no documents read)."""
        return dict(self.store.read("SELECT routine_id, MAX(version) FROM routine_versions "
                                    "GROUP BY routine_id"))

    def get(self, routine_id: str, version: int | None = None) -> Saved | None:
        """One version, or the latest when `version` is None."""
        if version is None:
            rows = self.store.read("SELECT routine_id, version, saved_at, body FROM "
                                   "routine_versions WHERE routine_id = ? "
                                   "ORDER BY version DESC LIMIT 1", (routine_id,))
        else:
            rows = self.store.read("SELECT routine_id, version, saved_at, body FROM "
                                   "routine_versions WHERE routine_id = ? AND version = ?",
                                   (routine_id, version))
        return _saved(rows[0]) if rows else None

    def versions(self, routine_id: str) -> list[dict]:
        rows = self.store.read("SELECT version, saved_at FROM routine_versions "
                               "WHERE routine_id = ? ORDER BY version", (routine_id,))
        return [{"version": v, "saved_at": at} for v, at in rows]

    def create(self, routine_id: str, document: dict, now: int) -> int:
        """Version 1 of a new routine; IdTaken if the id has any version already."""
        try:
            with self.store.transaction() as conn:
                conn.execute("INSERT INTO routine_versions VALUES (?, 1, ?, ?)",
                             (routine_id, _body(document), now))
        except sqlite3.IntegrityError:
            raise IdTaken(f"a routine with the id {routine_id!r} exists already") from None
        return 1

    def save(self, routine_id: str, document: dict, base_version: int, now: int) -> int:
        """The next version, if `base_version` is still the latest (else StaleVersion): two
        editors saving at once cannot overwrite each other's change unseen."""
        with self.store.transaction() as conn:
            latest = conn.execute("SELECT MAX(version) FROM routine_versions "
                                  "WHERE routine_id = ?", (routine_id,)).fetchone()[0]
            if latest is None:
                raise LookupError(routine_id)
            if base_version != latest:
                raise StaleVersion(latest)
            conn.execute("INSERT INTO routine_versions VALUES (?, ?, ?, ?)",
                         (routine_id, latest + 1, _body(document), now))
        return latest + 1


def _body(document: dict) -> str:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def _saved(row: tuple) -> Saved:
    return Saved(row[0], row[1], row[2], json.loads(row[3]))
