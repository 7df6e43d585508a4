"""Load the routine library from disk. A bad file is reported and skipped, never fatal."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .core.model import Routine, RoutineError, parse_routine


@dataclass
class Library:
    routines: dict[str, Routine] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def load_library(directory: Path) -> Library:
    """Every `*.yaml` in `directory`, in name order; problems listed per file."""
    lib = Library()
    if not directory.is_dir():
        lib.problems.append(f"{directory}: routines folder not found")
        return lib
    for path in sorted(directory.glob("*.yaml")):
        try:
            routine = load_routine(path)
        except RoutineError as err:
            lib.problems.extend(err.problems)
            continue
        if routine.id in lib.routines:
            lib.problems.append(f"{path.name}: routine id {routine.id!r} is already used by "
                                f"another file; this one is skipped")
            continue
        lib.routines[routine.id] = routine
    return lib


def load_routine(path: Path) -> Routine:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RoutineError([f"{path.name}: cannot read the file ({err})"]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise RoutineError([f"{path.name}: not valid YAML{where}: {problem}"]) from None
    routine = parse_routine(data, path.name)
    if routine.id != path.stem:
        raise RoutineError([f"{path.name}: field 'id' is {routine.id!r} but the file is named "
                            f"{path.stem!r}; they must match"])
    return routine
