"""Load the routine library from disk. A bad file is reported and skipped, never fatal."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .core.compiler import compile_timeline
from .core.echo import clipped
from .core.model import Routine, RoutineError, parse_routine
from .core.timeline import PACES, Clinic, Options

MAX_FILE_BYTES = 1_000_000  # a routine is a few kilobytes
MAX_DEPTH = 20  # levels of nesting (the seed routine uses 7)
MAX_VALUES = 20_000  # values once aliases are expanded (the seed routine has about 400)

# Compiled at load with every clinic detail set, so that every outro sentence is compiled.
_EVERY_DETAIL = Clinic("Clinic", "Phone", "Booking")


@dataclass
class Library:
    routines: dict[str, Routine] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)  # each routine's file


def load_library(directory: Path) -> Library:
    """Every `*.yaml` in `directory`, in name order; problems listed per file."""
    lib = Library()
    if not directory.is_dir():
        lib.problems.append(f"{directory}: routines folder not found")
        return lib
    for path in sorted(directory.glob("*.yaml")):
        try:
            routine = load_routine(path)
            _check_compiles(routine, path.name)
        except RoutineError as err:
            lib.problems.extend(err.problems)
            continue
        except Exception as err:  # one file's unforeseen fault must not stop the server
            lib.problems.append(f"{path.name}: cannot be loaded ({_fault(err)}); "
                                f"this file is skipped")
            continue
        if routine.id in lib.routines:
            lib.problems.append(f"{path.name}: routine id {routine.id!r} is already used by "
                                f"another file; this one is skipped")
            continue
        lib.routines[routine.id] = routine
        lib.paths[routine.id] = path
    return lib


def load_routine(path: Path) -> Routine:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise RoutineError([f"{path.name}: larger than {MAX_FILE_BYTES:,} bytes "
                                f"(a routine is a few kilobytes)"])
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RoutineError([f"{path.name}: cannot read the file ({err})"]) from None
    routine = parse_routine(read_yaml(text, path.name), path.name)
    if routine.id != path.stem:
        raise RoutineError([f"{path.name}: field 'id' is {routine.id!r} but the file is named "
                            f"{path.stem!r}; they must match"])
    return routine


def read_yaml(text: str, name: str):
    """The document a routine's YAML text holds; RoutineError if it is not valid YAML, or
    too deep or too large once its aliases are expanded (a few bytes can name millions)."""
    try:
        return yaml.load(text, Loader=_Loader)
    except _Refused as err:
        message = str(err)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        message = f"not valid YAML{where}: {clipped(problem)}"
    except ValueError as err:  # a value YAML reads but Python cannot hold (a 5,000-digit int)
        message = f"not valid YAML: {clipped(str(err))}"
    raise RoutineError([f"{name}: {message}"], [{"path": "", "message": message}])


def check_document(data, name: str) -> Routine:
    """A routine document (from a file, the editor or the API) as a routine that compiles
    at every pace; RoutineError listing every problem otherwise."""
    routine = parse_routine(data, name)
    _check_compiles(routine, name)
    return routine


def _check_compiles(routine: Routine, name: str) -> None:
    """Compile at every pace now: a fault that only compiling meets is this file's problem
    at load, never a failed answer for every routine later."""
    for pace in PACES:
        try:
            compile_timeline(routine, Options(pace, clinic=_EVERY_DETAIL))
        except Exception as err:
            raise RoutineError([f"{name}: cannot be compiled at pace {pace} ({_fault(err)}); "
                                f"this file is skipped"]) from None


def _fault(err: Exception) -> str:
    return f"{type(err).__name__}: {clipped(str(err))}"


class _Refused(yaml.YAMLError):
    """A document YAML can read but that is too deep or too large to walk safely."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses deep nesting (its composer recurses per level) and documents
    whose aliases expand to more than MAX_VALUES values (a few bytes can name millions)."""

    _depth = 0

    def compose_node(self, parent, index):
        if self._depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _Refused(f"nested more than {MAX_DEPTH} levels deep (line {mark.line + 1})")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def get_single_node(self):
        node = super().get_single_node()
        if node is not None and _expanded_size(node) > MAX_VALUES:
            raise _Refused(f"too large once its aliases are expanded (more than "
                           f"{MAX_VALUES:,} values)")
        return node


def _expanded_size(root: yaml.Node) -> int:
    """How many values the document holds with every alias expanded, counted up to just
    past MAX_VALUES (an alias to itself counts for ever)."""
    count, todo = 0, [root]
    while todo and count <= MAX_VALUES:
        node = todo.pop()
        count += 1
        if isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                todo += (key, value)
    return count
