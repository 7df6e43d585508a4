"""Commands a session has applied, by the id their sender chose, kept for a while with their
answers: a command sent again (its first answer was lost or late, or the session moved to
another process meanwhile) gets its first answer and is not applied a second time. Pure:
each call takes the time it is made at.
"""

from __future__ import annotations

from dataclasses import dataclass

WINDOW_MS = 30_000  # far past any sender's retries (a client waits 3 s for an answer)
MOST = 32  # a sender cannot make a session carry more than this many answers


@dataclass(frozen=True)
class Answered:
    entries: tuple[tuple[str, int, dict], ...] = ()  # (id, applied at, answer), oldest first

    def get(self, command_id: str | None) -> dict | None:
        """The first answer to the command with this id, if it was applied here."""
        if command_id:
            for known, _, answer in self.entries:
                if known == command_id:
                    return answer
        return None

    def add(self, command_id: str, answer: dict, now: int) -> "Answered":
        """Remember an applied command; forget those older than the window, or too many."""
        kept = [e for e in self.entries if e[1] > now - WINDOW_MS and e[0] != command_id]
        return Answered((*kept, (command_id, now, answer))[-MOST:])

    def to_list(self) -> list[list]:
        return [list(entry) for entry in self.entries]

    @classmethod
    def from_list(cls, stored: list | None) -> "Answered":
        return cls(tuple((str(i), int(at), dict(answer)) for i, at, answer in stored or ()))
