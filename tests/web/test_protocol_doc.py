"""docs/protocol.md is what a third party builds against: its tables of field limits and of
commands per state must say what the server does, so they are checked against the code."""

import re
from pathlib import Path

import pytest

from sessions.core.compiler import compile_timeline
from sessions.core.events import Refused
from sessions.core.runner import COMMANDS, Runner, RunnerState
from sessions.core.timeline import Options
from sessions.web.schemas import field_limits

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"
STATUSES = ("ready", "running", "paused", "finished")


def table_after(marker: str) -> list[list[str]]:
    """The rows (cells stripped) of the markdown table that follows `marker`."""
    lines = DOC.read_text().split(marker, 1)[1].splitlines()[1:]  # past the marker's line
    rows = []
    for line in lines[2:]:  # past the header and its rule
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_field_table_is_the_schema():
    documented = table_after("<!-- field-limits:")
    expected = [[f"`{event}`", f"`{name}`", "yes" if required else "no", value]
                for event, name, required, value in field_limits()]
    assert documented == expected, "\n".join("| " + " | ".join(r) + " |" for r in expected)


def state_in(status: str, steps: int) -> RunnerState:
    """A session in `status`, one step past the first where it has started."""
    return {"ready": RunnerState(),
            "running": RunnerState("running", 1, 1_000, 0),
            "paused": RunnerState("paused", 1, None, 500),
            "finished": RunnerState("finished", steps - 1, None, 0)}[status]


@pytest.mark.parametrize("status", STATUSES)
def test_the_command_table_is_the_runner(seed_routine, status):
    timeline = compile_timeline(seed_routine, Options())
    rows = {row[0].strip("`"): row[1:] for row in table_after("<!-- command-table:")}
    assert set(rows) == set(COMMANDS)
    column = STATUSES.index(status)
    for command in COMMANDS:
        cell = rows[command][column]
        runner = Runner(timeline, state_in(status, len(timeline.steps)))
        events = runner.handle(command, 2_000, "bridge" if command == "jump" else None)
        refused = [e for e in events if isinstance(e, Refused)]
        if cell.startswith("refused"):
            codes = re.findall(r"`(\w+)`", cell)
            assert refused and refused[0].code == codes[-1], (command, status, cell)
        else:
            assert not refused, (command, status, refused)
            assert runner.state.status == cell.split(",")[0], (command, status, cell)
