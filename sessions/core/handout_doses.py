"""Doses in a handout's sentences: hold times, reps, sets, rests and sides, in words or digits.

Pure. `doses_in(sentence)` returns every dose phrase it recognises, each with the exact text it
came from (`quote`), in the order written; `sides_in(text)` says whether an exercise is done on
each side (or both at once) and with which limb. Counts it cannot tell apart ("x3" after a
rep count, "repeat three times more") come back as kind "count": the caller decides from what
came before whether they are reps or sets. Numbers it did not read are the caller's to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .number_words import ARTICLE, NUMBER, value

_F = re.IGNORECASE
_RANGE_SEP = r"\s*(?:to|-|–|—|or)\s*"
_SEC = r"(?:seconds?|secs?\.?|s)\b"
_MIN = r"(?:minutes?|mins?\.?)\b"
_UNIT = rf"(?:{_SEC}|{_MIN})"
_ABOUT = (r"(?:(?:at\s+least|about|around|approximately|approx\.?|roughly|up\s+to|"
          r"a\s+minimum\s+of)\s+)?")
_LIMBS = (r"sides?|legs?|arms?|foot|feet|knees?|hands?|ankles?|shoulders?|hips?|elbows?|wrists?|"
          r"calf|calves|buttocks?|glutes?|ways?|directions?")
_REPS = r"(?:repetitions?|reps?|times)\b"
# Things counted like reps ("do 10 circles"): never with a word between ("10 quick squeezes").
_COUNTED = r"(?:circles|squeezes|lifts|raises|rolls|pumps|presses|squats|lunges|bridges)\b"
_VAGUE = r"(?:many|several|a\s+few|a\s+couple\s+of|some|a\s+number\s+of|a\s+little\s+while)"


def _rng(name: str) -> str:
    """A number or a range of two ("8 to 12", "2-4", "eight or ten"), named groups a/b."""
    return rf"(?P<{name}a>{NUMBER})(?:{_RANGE_SEP}(?P<{name}b>{NUMBER}))?"


@dataclass(frozen=True)
class Found:
    """One dose phrase: `kind` is hold, reps, sets, count, per_side (reps on each side),
    tempo (the seconds one rep takes: "lower it over 3 seconds"), rest_between_reps/sets/
    exercises, or vague_hold / vague_count (a dose in words with no number: 'many seconds')."""

    kind: str
    low: int
    high: int
    quote: str
    start: int
    end: int
    more: bool = False  # "three times more", "x3" after reps: an extra count


def _num(m: re.Match, group: str, unit: str | None = None) -> tuple[int, int] | None:
    a = value(m.group(group + "a"))
    b_text = m.group(group + "b")
    b = value(b_text) if b_text else a
    if a is None or b is None:
        return None
    return round(a * _seconds(unit)), round(b * _seconds(unit))


def _seconds(unit: str | None) -> int:
    """Seconds in one of `unit` (no unit: the number is the count itself)."""
    return 60 if unit and re.match(_MIN, unit, _F) else 1


def _amount(m: re.Match, group: str, unit: str) -> tuple[int, int] | None:
    """A number (or range) in `group`, or "a minute" (the article, group `art`)."""
    return (_seconds(unit),) * 2 if m.group("art") else _num(m, group, unit)


def _unit(m: re.Match, group: str) -> str | None:
    return m.groupdict().get(group)


# Each pattern, in order of precedence: a later one never takes text an earlier one took.
_FREQUENCY = re.compile(
    rf"(?:{_rng('f')}\s*(?:times?|x)?|once|twice)\s*(?:a|per|each|every)\s+(?:day|week|night)"
    rf"|(?:{_rng('g')}\s*(?:times?|x)|once|twice)\s+(?:daily|weekly)"
    rf"|{_rng('h')}\s+days?\s+(?:a|per)\s+week", _F)
_SETS_OF = re.compile(
    rf"{_rng('s')}\s*(?:sets?|rounds?)\s*(?:of|x|×)\s*{_rng('r')}\s*(?:{_REPS})?", _F)
_REPS_X_SETS = re.compile(rf"{_rng('r')}\s*(?:repetitions?|reps?)\s*(?:x|×)\s*{_rng('s')}\s*"
                          rf"(?:sets?|rounds?)", _F)
_TIMES = re.compile(
    rf"(?<![\w.]){_rng('a')}[\s-]*(?P<ua>{_UNIT})?\s*[x×]\s*{_rng('b')}(?!\w|\.\d)[\s-]*"
    rf"(?P<ub>{_UNIT})?(?:\s*{_REPS})?", _F)
_LABEL = re.compile(
    rf"\b(?P<label>sets?|repetitions?|reps?|hold|holds?|time|duration)(?:\*\*|__)?\s*[:=]"
    rf"\s*(?:\*\*|__)?\s*{_rng('l')}"
    rf"[\s-]*(?P<ul>{_UNIT})?", _F)
_TOTAL = re.compile(
    rf"for\s+a\s+total\s+of\s+{_rng('t')}[\s-]*(?:times?|sets?|rounds?|repetitions?|reps?)"
    rf"(?:\s+repetitions?)?", _F)


def _between(name: str) -> str:
    """What a rest comes between ("between sets", "after each rep"), in group `name`."""
    return (rf"(?:\s+(?:between|after)\s+(?:each\s+)?"
            rf"(?P<{name}>sets?|repetitions?|reps?|exercises?))?")


_REST = re.compile(
    rf"\b(?:rest|relax|pause|recover|break)(?:ing)?\b\s+(?:for\s+)?{_ABOUT}"
    rf"(?:{_rng('r')}|(?P<art>{ARTICLE}))[\s-]*(?P<ur>{_UNIT}){_between('what')}"
    rf"|{_rng('q')}[\s-]*(?P<uq>{_UNIT})\s+(?:of\s+)?(?:rest|recovery|break){_between('what2')}",
    _F)
_HOLD = re.compile(
    rf"\b(?:hold|holding|held|maintain|stay|keep|sustain|remain)\b[^.;:!?]{{0,40}}?"
    rf"(?:\bfor\s+)?{_ABOUT}(?:{_rng('h')}|(?P<art>{ARTICLE}))[\s-]*(?P<uh>{_UNIT})", _F)
_HOLD_COUNT = re.compile(
    rf"\bhold\b\s+(?:it\s+|this\s+)?(?:for\s+)?(?:a\s+(?:slow\s+)?count\s+of\s+)?"
    rf"{_rng('c')}\b(?=\s*(?:[,.;:!?)]|$|(?:then|and|before|while|or)\b))", _F)
_UNIT_HOLD = re.compile(rf"{_rng('k')}[\s-]*(?P<uu>{_UNIT})[\s-]+(?:hold|stretch)\b", _F)
_VAGUE_HOLD = re.compile(
    rf"\b(?:hold|holding|maintain|stay|keep|sustain)\b[^.;:!?]{{0,40}}?(?:\bfor\s+)?"
    rf"(?:{_VAGUE}\s+(?:seconds|minutes|breaths)|(?:{NUMBER}\s*(?:{_RANGE_SEP}{NUMBER})?|a)"
    rf"\s+(?:deep\s+|slow\s+)?breaths?\b|as\s+long\s+as\s+(?:is\s+)?comfortable)", _F)
_DURATION = re.compile(
    rf"(?:\bfor\s+)?{_ABOUT}(?:{_rng('d')}|(?P<art>{ARTICLE}))[\s-]*(?P<ud>{_UNIT})", _F)
_REPEAT = re.compile(
    rf"\b(?:repeat|rep|do|perform|complete|aim\s+for)\b[^.;:!?,]{{0,30}}?\b{_rng('p')}\s*"
    rf"(?P<more1>more\s+)?{_REPS}(?P<more2>\s+more)?"
    rf"|\brepeat\w*\s+(?:this\s+|it\s+)?(?P<word>once|twice|thrice)\b(?P<more3>\s+more)?", _F)
_COUNT = re.compile(rf"(?<![\w.]){_rng('c')}\s*(?:more\s+)?(?:{_REPS}|{_COUNTED})"
                    rf"(?P<more>\s+more)?|\b(?P<word2>once|twice|thrice)\b", _F)
_PER_SIDE = re.compile(rf"(?<![\w.]){_rng('e')}\s*(?:{_REPS}\s*)?(?:on\s+)?(?:each|per|a)\s+"
                       rf"(?:side|leg|arm)\b", _F)
_OVER = re.compile(rf"\bover\s+{_ABOUT}{_rng('o')}[\s-]*(?P<uo>{_UNIT})", _F)
_SETS = re.compile(rf"(?<![\w.]){_rng('s')}\s*(?:sets?|rounds?)\b", _F)
_X = re.compile(rf"(?<![\w.])[x×]\s*{_rng('x')}(?!\w|\.\d)"
                rf"|(?<![\w.]){_rng('y')}\s*[x×](?![\w×]|\s*\d)", _F)
_VAGUE_COUNT = re.compile(rf"\b(?:repeat|rep|do)\b[^.;:!?,]{{0,30}}?\b{_VAGUE}\s+{_REPS}", _F)


def _found(m: re.Match) -> list[Found]:
    """What one match of any pattern means."""
    g = m.groupdict()
    q, s, e = m.group(0).strip(), m.start(), m.end()
    s += len(m.group(0)) - len(m.group(0).lstrip())
    e -= len(m.group(0)) - len(m.group(0).rstrip())

    def one(kind: str, nums, more: bool = False) -> list[Found]:
        return [Found(kind, nums[0], nums[1], q, s, e, more)] if nums else []

    if "fa" in g:
        return [Found("frequency", 0, 0, q, s, e)]
    if "sa" in g and "ra" in g:
        return one("sets", _num(m, "s")) + one("reps", _num(m, "r"))
    if "ua" in g:
        a, b = _num(m, "a", g["ua"]), _num(m, "b", g["ub"])
        if g["ub"]:
            return one("reps", a) + one("hold", b)
        if g["ua"]:
            return one("hold", a) + one("reps", b)
        return one("sets", a) + one("reps", b)
    if "la" in g:
        label = g["label"].lower()
        kind = ("sets" if label.startswith("set") else "hold"
                if label.startswith(("hold", "time", "dur")) else "reps")
        return one(kind, _num(m, "l", g["ul"] if kind == "hold" else None))
    if "ta" in g:
        return one("count", _num(m, "t"), more=True)
    if "ra" in g or "qa" in g:
        what = (g.get("what") or g.get("what2") or "rep").lower()
        kind = ("rest_between_sets" if what.startswith("set") else "rest_between_exercises"
                if what.startswith("ex") else "rest_between_reps")
        if g.get("ra") or g.get("art"):
            return one(kind, _amount(m, "r", g["ur"]))
        return one(kind, _num(m, "q", g["uq"]))
    if "ha" in g:
        return one("hold", _amount(m, "h", g["uh"]))
    if "ca" in g and "more" not in g:
        return one("hold", _num(m, "c"))
    if "uu" in g:
        return one("hold", _num(m, "k", g["uu"]))
    if "da" in g:
        return one("hold", _amount(m, "d", g["ud"]))
    if "pa" in g:
        if g["word"]:
            n = value(g["word"])
            return one("count", (n, n), more=bool(g["more3"]))
        return one("count", _num(m, "p"), more=bool(g["more1"] or g["more2"]))
    if "ca" in g:
        if g.get("word2"):
            n = value(g["word2"])
            return one("count", (n, n))
        return one("count", _num(m, "c"), more=bool(g["more"]))
    if "ea" in g:
        return one("per_side", _num(m, "e"))
    if "oa" in g:
        return one("tempo", _num(m, "o", g["uo"]))
    if "sa" in g:
        return one("sets", _num(m, "s"))
    if "xa" in g:
        return one("count", _num(m, "x") if g["xa"] else _num(m, "y"), more=True)
    kind = "vague_count" if m.re is _VAGUE_COUNT else "vague_hold"
    return [Found(kind, 0, 0, q, s, e)]


_PATTERNS = (_FREQUENCY, _SETS_OF, _REPS_X_SETS, _TIMES, _LABEL, _TOTAL, _REST, _OVER,
             _VAGUE_HOLD, _HOLD, _UNIT_HOLD, _HOLD_COUNT, _PER_SIDE, _REPEAT, _VAGUE_COUNT,
             _COUNT, _SETS, _X, _DURATION)


# Every dose phrase has a number, a unit or a vague amount: most sentences have none of them.
_MAY_HOLD_A_DOSE = re.compile(
    rf"{NUMBER}|\b(?:minute|min|sec|second|breath|comfortable|several|many|few|couple|"
    rf"number|while|some)", _F)


def doses_in(sentence: str) -> list[Found]:
    """Every dose phrase in `sentence`, in the order written (frequencies included, with
    kind 'frequency': they say how often to do the routine, not a dose within it)."""
    if not _MAY_HOLD_A_DOSE.search(sentence):
        return []
    taken = bytearray(len(sentence))  # 1 where a phrase was read: linear in long text
    out: list[Found] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if not m.group(0).strip() or any(taken[m.start():m.end()]):
                continue
            found = [f for f in _found(m) if f.kind.startswith(("vague", "freq")) or f.low > 0]
            if found:
                taken[m.start():m.end()] = b"\1" * (m.end() - m.start())
                out += found
    return sorted(out, key=lambda f: f.start)


NUMBER_RE = re.compile(rf"(?<![\w.]){NUMBER}(?![\w])", _F)
_HARMLESS = re.compile(r"^(?:one|a|an)$", _F)


def unread_numbers(sentence: str, found: list[Found]) -> list[str]:
    """Numbers in `sentence` that no dose phrase took ("a total of eight to 10 counts")."""
    read = bytearray(len(sentence))
    for f in found:
        read[f.start:f.end] = b"\1" * (f.end - f.start)
    out = []
    for m in NUMBER_RE.finditer(sentence):
        if read[m.start()] or _HARMLESS.match(m.group(0)):
            continue
        # "one knee", "Figure 2": only a number with a unit or a count is a dose unread.
        if not re.match(
                rf"\s*(?:{_RANGE_SEP}{NUMBER}\s*)?(?:{_UNIT}|{_REPS}|sets?|counts?|breaths?)",
                sentence[m.end():], _F):
            continue
        out.append(m.group(0))
    return out


@dataclass(frozen=True)
class Sides:
    sides: str  # none, each, both
    word: str = "side"
    order: str = "block"
    quote: str = ""


_EACH = re.compile(
    rf"\b(?:(?:on|for|with|to)\s+)?(?:each|per|every)\s+(?P<limb>{_LIMBS})\b(?!\s+of\b)"
    rf"|\bboth\s+(?P<limb2>sides|ways|directions)\b"
    rf"|\b(?:repeat|do|then|and)\b[^.;:!?]{{0,25}}?\b(?:on|with|for|using)\s+(?:the\s+)?"
    rf"(?:other|opposite)\s+(?P<limb3>{_LIMBS})\b"
    rf"|\b(?:switch|swap|change)\s+(?:to\s+the\s+other\s+)?(?P<limb4>{_LIMBS})\b"
    rf"|\bthe\s+other\s+(?P<limb5>(?!sides?\b)(?:{_LIMBS}))\b"
    rf"|\b(?:left\s+and\s+right|right\s+and\s+left|L\s*(?:&|\+|and|/)\s*R)\b", _F)
_BOTH = re.compile(rf"\bboth\s+(?P<limb>{_LIMBS})\s+(?:together|at\s+the\s+same\s+time|at\s+once|"
                   rf"simultaneously)\b", _F)
_ALTERNATE = re.compile(r"\balternat(?:e|ing|ely)\b", _F)
_SINGULAR = {"feet": "foot", "calves": "calf", "ways": "side", "way": "side",
             "directions": "side", "direction": "side"}


def sides_in(text: str) -> Sides:
    """How an exercise uses its sides, from the whole of its text."""
    both = _BOTH.search(text)
    each = _EACH.search(text)
    if both and not each:
        return Sides("both", _limb(both.group("limb")), "block", both.group(0))
    if not each:
        alt = re.search(rf"\balternat\w*\s+(?P<limb>{_LIMBS})\b", text, _F)
        return Sides("each", _limb(alt.group("limb")), "alternate", alt.group(0)) if alt \
            else Sides("none")
    limb = next((v for k, v in each.groupdict().items() if k.startswith("limb") and v), "side")
    order = "alternate" if _ALTERNATE.search(text) else "block"
    return Sides("each", _limb(limb), order, each.group(0).strip())


def _limb(word: str) -> str:
    w = word.lower()
    return _SINGULAR.get(w) or (w[:-1] if w.endswith("s") and not w.endswith("ss") else w)
