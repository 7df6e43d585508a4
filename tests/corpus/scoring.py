"""How a draft from the handout parser compares with a handout's expected reading.

Each `tests/corpus/handouts/NAME.txt` (or `.md`) has `NAME.yaml` beside it, written by hand from
the handout: its exercises in order, each with `name`, `sides` (none, each, both), the doses
the text gives (`hold` seconds, `reps`, `sets`: a number or [low, high]; a dose the text does
not give is left out), `kind: advice` for an item with no timer, and `review` (advice,
repeats) for what the parser must flag. Used by tests/core/test_handout_corpus.py and
bench/import_accuracy.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HANDOUTS = Path(__file__).resolve().parent / "handouts"
DOSES = ("hold", "reps", "sets")
REVIEW_WORDS = {"advice": "advice rather than an exercise", "repeats": "repeat those of"}


def corpus() -> list[Path]:
    """Every handout with an expected reading beside it."""
    return sorted(p for p in HANDOUTS.iterdir()
                  if p.suffix in (".txt", ".md") and p.with_suffix(".yaml").exists())


def expected(handout: Path) -> list[dict]:
    return yaml.safe_load(handout.with_suffix(".yaml").read_text())["exercises"]


def _key(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", name.lower()))


@dataclass
class Score:
    """Counts over one handout (or, added up, the corpus); `misses` says what was wrong."""

    doses: int = 0
    doses_right: int = 0
    sides: int = 0
    sides_right: int = 0
    boundaries: int = 0
    boundaries_right: int = 0
    invented: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def __add__(self, other: Score) -> Score:
        return Score(self.doses + other.doses, self.doses_right + other.doses_right,
                     self.sides + other.sides, self.sides_right + other.sides_right,
                     self.boundaries + other.boundaries,
                     self.boundaries_right + other.boundaries_right,
                     self.invented + other.invented, self.misses + other.misses)


def _as_range(v) -> tuple[int, int]:
    return (v[0], v[1]) if isinstance(v, list) else (v, v)


def _drafted(dose: dict | None) -> tuple[int, int] | None:
    """A draft dose read from the source as (low, high); None when absent or editorial."""
    if not dose or dose.get("from") != "source":
        return None
    return (dose["value"], dose["value"]) if "value" in dose else (dose["min"], dose["max"])


def score(name: str, draft, wanted: list[dict]) -> Score:
    """Exercises are matched by name, in order: the boundaries are right when the draft has
    the same exercises (no more, none merged or split); doses and sides are compared on the
    matched ones, and a source dose where the text gives none is an invented dose."""
    got = draft.routine["exercises"]
    s = Score()
    s.boundaries = max(len(wanted), len(got))
    at = 0
    for want in wanted:
        match = next((j for j in range(at, len(got))
                      if _key(got[j]["name"]) == _key(want["name"])), None)
        where = f"{name}: {want['name']}"
        wanted_doses = [d for d in DOSES if d in want]
        s.doses += len(wanted_doses)
        s.sides += 1
        if match is None:
            s.misses.append(f"{where}: not found as an exercise")
            continue
        s.boundaries_right += 1
        at = match + 1
        ex = got[match]
        if ex.get("sides", "none") == want.get("sides", "none"):
            s.sides_right += 1
        else:
            s.misses.append(f"{where}: sides {ex.get('sides', 'none')}, expected "
                            f"{want.get('sides', 'none')}")
        for d in DOSES:
            found = _drafted(ex.get(d))
            if d in want:
                if found == _as_range(want[d]):
                    s.doses_right += 1
                else:
                    s.misses.append(f"{where}: {d} {found}, expected {_as_range(want[d])}")
            elif found is not None:
                s.invented.append(f"{where}: {d} {found} from {ex[d].get('quote')!r}")
    return s


def flagged(draft, index: int, review: str) -> bool:
    """The draft flags exercise `index` for the reason `review` (advice, repeats)."""
    return any(f["path"] == f"exercises[{index}]" and REVIEW_WORDS[review] in f["message"]
               for f in draft.flags)
