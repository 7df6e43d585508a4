"""A handout's layout: its title, the text before the exercises, one block per exercise
(heading line, name, body) and the text after them.

Pure. Exercises are found by the kind of line that starts each one: "Exercise 1:", a markdown
or bold heading, a heading in capitals, a numbered line ("1.", "1)", "1 Knee to chest"), a
bullet, or a short title over a paragraph; or by the rows of a table whose header names doses.
Of the kinds a handout uses, the most specific one that starts at least two blocks that read
like exercises wins, so bullets listing symptoms above numbered exercises stay text, and
numbered steps inside titled exercises stay steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from .handout_doses import doses_in
from .handout_words import instructs, is_aftercare, is_call, is_general, is_safety

_F = re.IGNORECASE
BULLET = r"[•●▪◦·○■►✓*\-–—]"
STYLES = ("exercise", "heading", "capitals", "numbered", "bullet", "title")
_EXERCISE = re.compile(
    r"^(?:exercise|ex\.|stretch)\s*(?:no\.?\s*|#\s*)?(\d{1,2})\b\s*[:.)\-–—]?\s*(.*)$", _F)
_HEADING = re.compile(r"^(?:#{1,6}\s+(.+?)\s*#*|\*\*([^*]+)\*\*\s*:?|__([^_]+)__\s*:?)$")
_NUMBERED = re.compile(r"^\(?(\d{1,2})\s*[.):]\s+(.+)$")
_NUMBER_TITLE = re.compile(r"^(\d{1,2})\s+([A-Z][^.!?]*)$")
_BULLET_LINE = re.compile(rf"^{BULLET}\s+(.+)$")
_TABLE_RULE = re.compile(r"^[\s|:+=\-–—]+$")
_DOSE_HEADER = re.compile(r"\b(?:reps?|repetitions?|sets?|hold|time|duration|secs?|seconds|"
                          r"sides?)\b", _F)
_ABBREVIATIONS = ("e.g.", "i.e.", "approx.", "etc.", "Dr.", "vs.", "min.", "mins.", "sec.",
                  "secs.", "no.")


@dataclass(frozen=True)
class Block:
    """One exercise as written: the line that starts it, its name ("" when the line has
    none), the rest of its text, and, for a table row, the header and cell of each column."""

    heading: str
    name: str
    body: tuple[str, ...]
    cells: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Layout:
    title: str
    before: tuple[str, ...]
    blocks: tuple[Block, ...]
    after: tuple[str, ...]


def marker(line: str, prev_blank: bool, next_text: bool) -> tuple[str, int | None, str] | None:
    """(style, number, the rest of the line) when `line` could start an exercise."""
    s = line.strip()
    if m := _EXERCISE.match(s):
        return "exercise", int(m.group(1)), m.group(2)
    if m := _HEADING.match(s):
        return "heading", None, next(g for g in m.groups() if g)
    letters = re.sub(r"[^A-Za-z]", "", s)
    if (len(letters) >= 3 and letters.isupper() and len(s.split()) <= 10
            and not re.search(r"\||\t|\s{3}", s)):
        return "capitals", None, s.rstrip(":")
    if m := _NUMBERED.match(s):
        return "numbered", int(m.group(1)), m.group(2)
    if (m := _NUMBER_TITLE.match(s)) and len(s.split()) <= 9 and not doses_in(s):
        return "numbered", int(m.group(1)), m.group(2)
    if m := _BULLET_LINE.match(s):
        return "bullet", None, m.group(1)
    if (prev_blank and next_text and s and s[0].isupper() and len(s.split()) <= 8
            and len(s) <= 60 and not re.search(r"[.!?,;]$", s)):
        return "title", None, s.rstrip(":")
    return None


def layout(text: str) -> Layout:
    """Split a handout into the text before, the exercises, and the text after."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    table = _table(lines)
    if table:
        return table
    marks = []
    for i, line in enumerate(lines):
        prev_blank = i == 0 or not lines[i - 1].strip()
        next_text = any(ln.strip() for ln in lines[i + 1:i + 3])
        marks.append(marker(line, prev_blank, next_text) if line.strip() else None)
    top = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    for style in STYLES:
        starts = [i for i, m in enumerate(marks) if m and m[0] == style]
        if starts and starts[0] == top and style in ("heading", "capitals", "title"):
            starts = starts[1:]  # the handout's first line, a heading, is its title
        if style in ("exercise", "numbered") and not _counts_up([marks[i][1] for i in starts]):
            continue
        blocks = _split(lines, starts, marks)
        if len([b for b in islice(filter(_reads_like_exercise, blocks), 2)]) == 2:
            return _arrange(lines, starts, blocks)
    return Layout(_title(lines, len(lines)), tuple(lines), (), ())


def _counts_up(numbers: list) -> bool:
    """Numbered exercises count up one by one; steps inside exercises start again at 1."""
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


def _split(lines: list[str], starts: list[int], marks: list) -> list[Block]:
    blocks = []
    for n, i in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        name, first = split_title(marks[i][2])
        body = ([first] if first else []) + lines[i + 1:end]
        blocks.append(Block(lines[i].strip(), name, tuple(body)))
    return blocks


def _reads_like_exercise(block: Block) -> bool:
    text = " ".join((block.name, *block.body))
    return instructs(text) or any(f.kind != "frequency" for f in doses_in(text))


def _arrange(lines: list[str], starts: list[int], blocks: list[Block]) -> Layout:
    """The blocks from the first that reads like an exercise; a closing paragraph about
    the programme as a whole, or the clinic's call to action, is the text after."""
    first = next(n for n, b in enumerate(blocks) if _reads_like_exercise(b))
    before = lines[:starts[first]]
    title = _title(lines, starts[first])
    before = [ln for ln in before if ln.strip() != title] if title else before
    last = blocks[-1]
    body = list(last.body)
    after: list[str] = []
    while True:
        paragraphs = _paragraph_bounds(body)
        if len(paragraphs) < 2:
            break
        s, e = paragraphs[-1]
        closing = sentences(" ".join(body[s:e]))
        if not all(is_call(x) or is_general(x) or is_aftercare(x)
                   or is_safety(x) and not instructs(x) for x in closing):
            break
        after = body[s:] + after
        body = body[:s]
    blocks = [*blocks[first:-1], Block(last.heading, last.name, tuple(body))]
    return Layout(title, tuple(before), tuple(blocks), tuple(after))


def _paragraph_bounds(body: list[str]) -> list[tuple[int, int]]:
    out, start = [], None
    for i, line in enumerate(body + [""]):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            out.append((start, i))
            start = None
    return out


def _title(lines: list[str], stop: int) -> str:
    """The handout's own title: its first line when that is a heading, else the last
    heading above the exercises ("The Best Stretches For Lower Back Pain")."""
    heads = []
    for i, line in enumerate(lines[:stop]):
        if line.strip():
            prev_blank = i == 0 or not lines[i - 1].strip()
            m = marker(line, prev_blank, True)
            s = line.strip()
            if (m and m[0] in ("heading", "capitals", "title") or prev_blank and s[0].isupper()
                    and len(s.split()) <= 12 and not re.search(r"[.!?,;:]$", s)):
                heads.append(s)
            elif not heads:
                heads.append("")
    first = heads[0] if heads else ""
    return first or next((h for h in reversed(heads) if h), "")


def split_title(rest: str) -> tuple[str, str]:
    """A heading line's name and the instruction text that follows it on the same line:
    "Chin tucks: sit tall..." or "Heel raises – 3 x 10" or just "Knee to Chest"."""
    rest = re.sub(r"\*\*([^*]+)\*\*", r"\1", rest).strip()
    m = re.match(r"^(.{2,60}?)\s*(?::|\s[–—-]\s|\s*\|\s*)\s*(.+)$", rest)
    if m and len(m.group(1).split()) <= 7 and not doses_in(m.group(1)):
        return m.group(1).strip(" :"), m.group(2).strip()
    if len(rest.split()) <= 8 and not re.search(r"[.!?]$", rest):
        found = doses_in(rest)
        if not found:
            return rest.strip(" :"), ""
        name = rest[:found[0].start].strip(" ,:–—-") if found[0].start else ""
        return name, rest
    return "", rest


def sentences(text: str) -> list[str]:
    """Sentences of running text (wrapped lines joined first by the caller)."""
    protected = text
    for abbreviation in _ABBREVIATIONS:
        protected = re.sub(re.escape(abbreviation), abbreviation.replace(".", "\0"), protected,
                           flags=_F)
    parts = re.split(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])", protected)
    return [p.replace("\0", ".").strip() for p in parts if p.strip()]


def plain(sentence: str) -> str:
    """A sentence to show or speak, without markdown emphasis ("**Reps:** 8", "*Note.*")."""
    return re.sub(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=[\w.!?])[*_](?!\w)", "", sentence).strip()


def body_sentences(body: tuple[str, ...]) -> list[str]:
    """A block's sentences: bulleted and numbered lines each on their own, wrapped lines of
    a paragraph joined."""
    out: list[str] = []
    paragraph: list[str] = []
    for line in (*body, ""):
        s = line.strip()
        item = re.match(rf"^(?:{BULLET}|\(?\d{{1,2}}\s*[.):]|[a-z][.)])\s+(.+)$", s)
        if not s or item:
            out += sentences(" ".join(paragraph))
            paragraph = []
            if item:
                out += sentences(item.group(1))
        else:
            paragraph.append(s)
    return out


def _table(lines: list[str]) -> Layout | None:
    """A table of exercises: a header naming doses, then one row per exercise."""
    rows: list[tuple[int, list[str]]] = []
    for i, line in enumerate(lines):
        cells = _cells(line)
        if cells and len(cells) >= 2:
            rows.append((i, cells))
        elif rows and not _TABLE_RULE.match(line or "x"):
            if len(rows) >= 3 and _DOSE_HEADER.search(" ".join(rows[0][1])):
                break
            rows = []
    rows = [(i, c) for i, c in rows if not _TABLE_RULE.match(lines[i])]
    if len(rows) < 3 or not _DOSE_HEADER.search(" ".join(rows[0][1])):
        return None
    header = rows[0][1]
    first, last = rows[0][0], rows[-1][0]
    rest = [ln for n, ln in enumerate(lines) if not first <= n <= last]
    # "Heel slides: bend your hip..." beside or below the table: that row's instructions.
    said: dict[str, list[tuple[int, str]]] = {}
    for n, ln in enumerate(rest):
        if m := re.match(r"^\s*([^:–—]{1,60}?)\s*(?::|\s[–—-]\s)\s*(.+)$", ln):
            said.setdefault(m.group(1).lower(), []).append((n, m.group(2)))
    blocks, described = [], set()
    for i, cells in rows[1:]:
        mine = said.get(cells[0].lower(), [])
        described.update(n for n, _ in mine)
        blocks.append(Block(lines[i].strip(), cells[0], tuple(text for _, text in mine),
                            tuple(zip(header[1:], cells[1:]))))
    before = [ln for n, ln in enumerate(rest[:first]) if n not in described]
    after = [ln for n, ln in enumerate(rest) if n >= first and n not in described]
    return Layout(_title(lines, first), tuple(before), tuple(blocks), tuple(after))


def _cells(line: str) -> list[str]:
    if _TABLE_RULE.match(line or "x"):
        return []
    if "|" in line:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
    else:
        cells = [c.strip() for c in re.split(r"\t+|\s{3,}", line.strip())]
    return cells if len(cells) >= 3 or "|" in line and len(cells) >= 2 else []
