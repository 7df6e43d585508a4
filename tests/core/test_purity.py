"""sessions/core stays pure: no clock, disk, network, randomness or web framework."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "sessions" / "core"
FORBIDDEN = {"os", "time", "random", "secrets", "socket", "flask", "flask_socketio", "gtts",
             "requests", "sqlite3", "redis", "threading", "pathlib", "datetime", "io",
             "subprocess", "uuid"}


def test_core_modules_import_nothing_impure():
    offenders = []
    for path in CORE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []
    assert len(list(CORE.glob("*.py"))) >= 7, "the test really looked at the core"
