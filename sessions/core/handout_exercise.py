"""One exercise of a handout, read: its name, kind, sides, doses, instructions and cautions.

Pure. Every dose keeps the words it came from; a dose the text does not give is an editorial
default and says so; the first rep count is the reps and a later "three times more", "x3" or
"for a total of three" is the sets. Item paths are relative to the exercise ("hold",
"tempo[0].seconds"; "" for the exercise itself).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .handout_blocks import Block, body_sentences, plain
from .handout_doses import Found, doses_in, sides_in, unread_numbers
from .handout_words import is_caution, only_dose

LIMITS = {"hold": (1, 600), "reps": (1, 50), "sets": (1, 50)}
REST_LIMIT = 600
DEFAULT_HOLD = {"min": 10, "max": 30, "from": "editorial"}
DEFAULT_REPS = {"min": 5, "max": 10, "from": "editorial"}
DEFAULT_SETS = {"value": 1, "from": "editorial"}
DEFAULT_TEMPO = [{"say": "Go.", "seconds": {"value": 3, "from": "editorial"}}]
_OFTEN = re.compile(r"\b(?:per|a|each)\s+(?:day|week)\b|\bdaily\b|\bfrequency\b|\bhow\s+often\b",
                    re.IGNORECASE)
# "Hold" the position, not "hold on to a chair" or "holding a weight".
_HOLD_WORD = re.compile(r"\b(?:hold\b(?!\s+(?:on|onto|an?)\b)|maintain\b|stay\s+there\b)",
                        re.IGNORECASE)


@dataclass
class ExerciseDraft:
    document: dict
    found: list[tuple[str, str]] = field(default_factory=list)
    editorial: list[str] = field(default_factory=list)
    flags: list[tuple[str, str]] = field(default_factory=list)


def read_exercise(block: Block) -> ExerciseDraft:
    d = ExerciseDraft({})
    texts = body_sentences(block.body)
    side_cells: list[str] = []
    name = block.name.strip(" .:")
    if not name:
        first = texts[0] if texts else block.heading
        name = " ".join(re.findall(r"[\w'’-]+", first)[:4])
        d.editorial.append("name")
        d.flags.append(("name", "the handout gives this exercise no name: named from its "
                                "first words"))
    name = name[:1].upper() + name[1:].lower() if name.isupper() else name
    doses: dict[str, Found] = {}
    instructions, cautions, notes = [], [], []
    for sentence in texts:
        found = doses_in(sentence)
        for f in found:
            _take(d, doses, f)
        unread = unread_numbers(sentence, found)
        if unread:
            d.flags.append(("", f"{', '.join(repr(u) for u in unread)} in \"{sentence}\" "
                                f"not read as a dose"))
        spans = [(f.start, f.end) for f in found]
        if only_dose(sentence, spans):
            if all(f.kind == "frequency" for f in found):
                notes.append(sentence)
        elif is_caution(sentence):
            cautions.append(sentence)
        else:
            instructions.append(sentence)
    for header, cell in block.cells:
        if re.fullmatch(r"[-–—\s]*", cell):
            continue
        read = doses_in(_with_unit(header, cell))
        for f in read:  # a cell's dose is quoted by its whole row: "Heel raises | 3 | 15"
            _take(d, doses, Found(f.kind, f.low, f.high, block.heading, 0, 0, f.more))
        if read:
            continue
        if _OFTEN.search(header):
            notes.append(f"{header}: {cell}.")
        elif re.search(r"\bsides?\b", header, re.IGNORECASE):
            side_cells.append(f"{cell} side")  # "each" in a Side column: "each side"
        else:
            instructions += body_sentences((cell,))
    all_text = " ".join([block.heading, *texts, *side_cells])
    kind = _kind(doses, all_text)
    doc = d.document
    doc.update({"id": "", "name": name or "Exercise", "kind": kind})
    sides = sides_in(all_text)
    if kind != "advice" and sides.sides != "none":
        doc["sides"] = sides.sides
        if sides.sides == "each":
            doc["side_order"] = sides.order
        if sides.word != "side":
            doc["side_word"] = sides.word
        d.found.append(("sides", sides.quote))
    instructions = [_capital(x) for x in instructions]
    cautions = [_capital(x) for x in cautions]
    doc["instructions"] = instructions or [f"{name}."]
    if not instructions:
        d.editorial.append("instructions")
    if cautions:
        doc["cautions"] = cautions
    if notes:
        doc["note"] = "The handout says: " + " ".join(notes)
    if kind == "advice":
        d.flags.append(("", "advice rather than an exercise: the text gives no dose and "
                            "nothing to hold, so it is said and shown with no timer"))
        return d
    _doses(d, doses, kind)
    return d


def _capital(sentence: str) -> str:
    """ "Heel slides: bend your hip..." gives the sentence "Bend your hip..." """
    sentence = plain(sentence)
    return sentence[:1].upper() + sentence[1:]


def _with_unit(header: str, cell: str) -> str:
    """A table cell read with its column's name: "Reps" and "10" say "Reps: 10"."""
    head = re.sub(r"\(([^)]*)\)", r"\1", header).strip()
    unit = re.search(r"\b(secs?|seconds|s|mins?|minutes)\b", head, re.IGNORECASE)
    value = cell + (f" {unit.group(1)}" if unit and re.fullmatch(r"[\d\s–—-]+", cell) else "")
    return f"{head.split()[0] if head else ''}: {value}"


def _take(d: ExerciseDraft, doses: dict, f: Found) -> None:
    """Keep the first of each dose; a count after the reps is the sets; report disagreements."""
    kind = f.kind
    if kind == "frequency":
        return
    if kind == "per_side":  # "2 sets of 10 (5 each side)": the reps are per side
        doses["reps"] = f
        return
    if kind == "count":
        reps = doses.get("reps")
        same = reps is not None and (reps.low, reps.high) == (f.low, f.high) and not f.more
        kind = "sets" if reps is not None and not same else "reps"
    if kind in doses:
        old = doses[kind]
        if (old.low, old.high) != (f.low, f.high) or old.kind.startswith("vague"):
            d.flags.append((_path(kind), f"the handout gives two values: \"{old.quote}\" "
                                         f"(used) and \"{f.quote}\""))
        return
    if kind == "vague_hold" and "hold" in doses or kind == "vague_count" and "reps" in doses:
        return
    doses[kind] = f


def _path(kind: str) -> str:
    if kind.startswith("rest_"):
        return f"timing.{kind}"
    return {"vague_hold": "hold", "vague_count": "reps"}.get(kind, kind)


def _kind(doses: dict, text: str) -> str:
    if "hold" in doses or "vague_hold" in doses:
        return "hold"
    if doses.keys() & {"reps", "sets", "vague_count"}:
        return "hold" if _HOLD_WORD.search(text) and "tempo" not in doses else "reps"
    if _HOLD_WORD.search(text):
        return "hold"
    return "reps" if doses else "advice"


def _doses(d: ExerciseDraft, doses: dict, kind: str) -> None:
    doc = d.document
    fields = ["hold", "reps", "sets"] if kind == "hold" else ["reps", "sets"]
    defaults = {"hold": DEFAULT_HOLD, "reps": DEFAULT_REPS, "sets": DEFAULT_SETS}
    vague = {"hold": "vague_hold", "reps": "vague_count"}
    for name in fields:
        f = doses.get(name)
        low, high = LIMITS[name]
        if f is not None and low <= f.low <= f.high <= high:
            doc[name] = dose_doc(f.low, f.high, "source", f.quote)
            d.found.append((name, f.quote))
            continue
        doc[name] = dict(defaults[name])
        d.editorial.append(name)
        if f is not None:
            doc[name]["quote"] = f.quote
            d.flags.append((name, f"\"{f.quote}\" is outside {low} to {high}: the value is "
                                  f"an editorial default"))
        elif name in vague and vague[name] in doses:
            q = doses[vague[name]].quote
            doc[name]["quote"] = q
            d.flags.append((name, f"the dose is vague (\"{q}\"): the value is an editorial "
                                  f"default"))
    if not any(k in doses for k in ("hold", "reps", "sets", "vague_hold", "vague_count")):
        d.flags.append(("", "the handout gives no dose for this exercise: every value is an "
                            "editorial default"))
    pace = doses.get("tempo")
    if kind == "reps" and pace is not None and 1 <= pace.low <= pace.high <= LIMITS["hold"][1]:
        doc["tempo"] = [{"say": DEFAULT_TEMPO[0]["say"],
                         "seconds": dose_doc(pace.low, pace.high, "source", pace.quote)}]
        d.found.append(("tempo[0].seconds", pace.quote))
        d.editorial.append("tempo[0].say")
    elif kind == "reps":
        doc["tempo"] = [dict(p, seconds=dict(p["seconds"])) for p in DEFAULT_TEMPO]
        d.editorial += [f"tempo[{i}].{k}" for i in range(len(DEFAULT_TEMPO))
                        for k in ("say", "seconds")]
    elif pace is not None:
        d.flags.append(("hold", f"\"{pace.quote}\": the pace of a movement, not used by a "
                                f"held exercise"))
    timing = {}
    for kind_ in ("rest_between_reps", "rest_between_sets", "rest_between_exercises"):
        if kind_ in doses:
            f = doses[kind_]
            if f.low <= f.high <= REST_LIMIT:
                timing[kind_] = dose_doc(f.low, f.high, "source", f.quote)
                d.found.append((f"timing.{kind_}", f.quote))
    if timing:
        doc["timing"] = timing


def dose_doc(low: int, high: int, origin: str, quote: str = "") -> dict:
    out = {"value": low} if low == high else {"min": low, "max": high}
    out["from"] = origin
    if quote:
        out["quote"] = quote
    return out

