"""Import from a handout: plain text in, a draft routine out, every value traced to its words.

Pure. The one entry point is `parse_handout(text) -> Draft`; `read_handout(data)` turns the
bytes of a file or an upload into that text (refusing binary and oversized data first), and
`Draft.to_dict()` is the draft as JSON-ready data:

- `Draft.routine`: a routine document, the structure of the YAML routine files as a dict; it
  passes `model.parse_routine`, so it can be saved and played as it is.
- `Draft.found`: [{"path", "quote"}]: each value read from the handout ("exercises[0].hold")
  and the exact words it came from (also in the dose itself: `from: source, quote: ...`).
- `Draft.editorial`: ["path", ...]: every value the parser had to supply (a default hold,
  rest, tempo, name or safety note); each such dose says `from: editorial`.
- `Draft.unplaced`: sentences that belong to no exercise, the intro or the outro.
- `Draft.flags`: [{"path", "message"}]: what a careful reader would check: an exercise whose
  text repeats another's, an item that is advice rather than an exercise, a vague dose
  ("many seconds"), a number not read as a dose, two doses that disagree.

`HandoutError` (a ValueError) is raised for input that is no handout: binary, empty, over
MAX_BYTES, with no exercise in it or more than MAX_EXERCISES; its message says which, in
words for a clinician.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .handout_blocks import body_sentences, layout, plain
from .handout_doses import doses_in
from .handout_exercise import ExerciseDraft, dose_doc, read_exercise
from .handout_words import content_words, is_call, is_safety

MAX_BYTES = 1_000_000  # 1 MB: a long handout is a few kilobytes
MAX_EXERCISES = 100  # a session of more would last hours; each is compared with every other
SAFETY_NOTE = ("Before we start: stop if your pain gets worse, or if you feel numbness or "
               "tingling.", "This routine does not replace advice from your own clinician.")
TIMING_DEFAULTS = {
    "rest_between_reps": {"value": 3, "from": "editorial"},
    "rest_between_sets": {"min": 10, "max": 20, "from": "editorial"},
    "rest_between_exercises": {"min": 10, "max": 15, "from": "editorial"},
    "get_ready": {"value": 5, "from": "editorial"},
    "switch_sides": {"value": 4, "from": "editorial"},
}
SAME_TEXT = 0.6  # share of content words two exercises' texts have in common to be flagged


class HandoutError(ValueError):
    """Input that is not a handout we can read; the message says why."""


@dataclass(frozen=True)
class Draft:
    routine: dict
    found: list[dict] = field(default_factory=list)
    editorial: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    flags: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"routine": self.routine, "found": self.found, "editorial": self.editorial,
                "unplaced": self.unplaced, "flags": self.flags}


def read_handout(data: bytes) -> str:
    """The text of an uploaded or read file: UTF-8 (or Windows-1252, as Word saves it)."""
    if len(data) > MAX_BYTES:
        raise HandoutError(f"the handout is {len(data):,} bytes; the limit is 1 MB "
                           f"({MAX_BYTES:,} bytes): is it a plain text file?")
    if b"\0" in data:
        raise HandoutError("this is not plain text (it looks like a binary file, such as a "
                           "PDF, an image or a Word document): save it as .txt and try again")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise HandoutError("this is not plain text (its bytes are not UTF-8 or "
                               "Windows-1252 text): save it as .txt and try again") from None
    return text


def parse_handout(text: str) -> Draft:
    """A draft routine from a handout's text; HandoutError when there is none to draft."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise HandoutError(f"the handout is over the limit of 1 MB ({MAX_BYTES:,} bytes)")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\0" in text or controls > len(text) // 100:
        raise HandoutError("this is not plain text (it holds control characters, as a "
                           "binary file does): save it as .txt and try again")
    if not text.strip():
        raise HandoutError("the handout is empty")
    text = text.replace("{", "(").replace("}", ")")  # braces are placeholders in routines
    page = layout(text)
    if not page.blocks:
        raise HandoutError("no exercises found: number them (\"1.\", \"Exercise 1:\"), give "
                           "each a heading, or list them with bullets, with their instructions "
                           "and doses")
    if len(page.blocks) > MAX_EXERCISES:
        raise HandoutError(f"{len(page.blocks)} exercises found; a routine takes at most "
                           f"{MAX_EXERCISES}: split the handout")
    drafts = [read_exercise(block) for block in page.blocks]
    _name_ids(drafts)
    intro, outro, unplaced, timing_found = [], [], [], []
    for sentence in (plain(s) for part in (page.before, page.after)
                     for s in body_sentences(part)):
        if sentence == page.title.strip():
            continue
        if is_safety(sentence):
            intro.append(sentence)
        elif is_call(sentence):
            outro.append(sentence)
        elif any(f.kind.startswith("rest_") for f in doses_in(sentence)):
            timing_found.append(sentence)
        else:
            unplaced.append(sentence)
    found, editorial, flags = [], [], []
    routine: dict = {"id": _slug(page.title) or "imported-handout",
                     "title": _clean_title(page.title) or "Imported handout",
                     "language": "en"}
    if not page.title:
        editorial += ["id", "title"]
    routine["intro"] = intro or list(SAFETY_NOTE)
    if not intro:
        editorial.append("intro")
    if outro:
        routine["outro"] = outro
    routine["timing"] = _timing(timing_found, found, editorial, unplaced)
    routine["exercises"] = []
    for n, d in enumerate(drafts):
        path = f"exercises[{n}]"
        routine["exercises"].append(d.document)
        found += [{"path": f"{path}.{p}" if p else path, "quote": q} for p, q in d.found]
        editorial += [f"{path}.{p}" for p in d.editorial]
        flags += [{"path": f"{path}.{p}" if p else path, "message": m} for p, m in d.flags]
    flags += _repeated_text(drafts)
    flags.sort(key=lambda f: [int(n) for n in re.findall(r"\d+", f["path"])[:1]])
    return Draft(routine, found, editorial, unplaced, flags)


def _timing(sentences_: list[str], found: list, editorial: list, unplaced: list) -> dict:
    """The routine's rests: from the text before or after the exercises where it gives them,
    otherwise editorial defaults."""
    timing = {}
    for sentence in sentences_:
        for f in doses_in(sentence):
            if f.kind.startswith("rest_") and f.kind not in timing and f.low <= f.high <= 600:
                timing[f.kind] = dose_doc(f.low, f.high, "source", f.quote)
                found.append({"path": f"timing.{f.kind}", "quote": f.quote})
    for name, default in TIMING_DEFAULTS.items():
        if name not in timing:
            timing[name] = dict(default)
            editorial.append(f"timing.{name}")
    return timing


def _name_ids(drafts: list[ExerciseDraft]) -> None:
    seen: set[str] = set()
    for n, d in enumerate(drafts, start=1):
        base = _slug(d.document["name"]) or f"exercise-{n}"
        eid, k = base, 2
        while eid in seen:
            eid, k = f"{base}-{k}", k + 1
        seen.add(eid)
        d.document["id"] = eid


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", _clean_title(text).lower()))[:60].strip("-")


def _clean_title(text: str) -> str:
    return re.sub(r"^[#*_\s]+|[#*_:\s]+$", "", text or "")


def _repeated_text(drafts: list[ExerciseDraft]) -> list[dict]:
    """An exercise whose instructions repeat an earlier one's: a copy-and-paste slip a
    careful reader would catch (the seed's wall sits repeat its hamstring stretch)."""
    flags = []
    words = [content_words(" ".join(d.document["instructions"])) for d in drafts]
    for j in range(len(drafts)):
        for i in range(j):
            a, b = words[i], words[j]
            if len(a) >= 6 and len(b) >= 6 and len(a & b) / len(a | b) >= SAME_TEXT:
                flags.append({
                    "path": f"exercises[{j}]",
                    "message": f"its instructions repeat those of exercise {i + 1} "
                               f"('{drafts[i].document['name']}'): check they are the right "
                               f"ones for '{drafts[j].document['name']}'"})
                break
    return flags

