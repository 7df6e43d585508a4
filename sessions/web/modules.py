"""The page's ES module graph, read from the import statements of static/js/, so that the
page can ask for every module at once (<link rel="modulepreload">) instead of discovering
them one import at a time."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from pathlib import Path

# `import ... from './x.js'`, `export ... from './x.js'` and `import './x.js'`; a dynamic
# import() is not followed: what it loads is wanted later (the Socket.IO client, once the
# page has painted), and the service worker's list keeps it for offline use.
_IMPORT = re.compile(r"""^\s*(?:import|export)\s(?:[^;'"]*?\sfrom\s*)?['"]([^'"]+)['"]""",
                     re.MULTILINE)


@lru_cache(maxsize=8)
def module_graph(static_dir: str, entry: str) -> tuple[str, ...]:
    """Every module `entry` (a path under static_dir, e.g. 'js/app.js') imports, directly or
    not, entry first then in the order they are found: paths under static_dir. A relative
    import that leaves static_dir, or a missing file, is an error (the page would break)."""
    root = Path(static_dir)
    seen: list[str] = []
    todo = [entry]
    while todo:
        path = todo.pop(0)
        if path in seen:
            continue
        file = root / path
        if path.startswith("..") or not file.is_file():
            raise FileNotFoundError(f"module {path!r} is not under {static_dir}")
        seen.append(path)
        for spec in _IMPORT.findall(file.read_text(encoding="utf-8")):
            if spec.startswith("."):
                todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(path), spec)))
    return tuple(seen)
