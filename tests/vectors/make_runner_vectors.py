"""Write the shared runner test vectors (tests/vectors/runner/*.json) from the Python runner.

Each vector is a small compiled timeline (the seed routine cut down), a script of
`{"now_ms", "command", "exercise_id"?}` or `{"now_ms", "tick": true}` entries, and for each
entry the events the runner returned and its state afterwards, plus `next_deadline`.
tests/core/test_runner_vectors.py checks sessions/core/runner.py against them and
tests/js/localrunner.test.mjs checks static/js/localrunner.js against the same files.
Run again (`python tests/vectors/make_runner_vectors.py`) only when the runner's behaviour
is meant to change, and review the diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sessions.core.compiler import compile_timeline  # noqa: E402
from sessions.core.runner import Runner  # noqa: E402
from sessions.core.timeline import Clinic, Options  # noqa: E402
from sessions.library import load_library  # noqa: E402

OUT = Path(__file__).resolve().parent / "runner"


def small_timeline(exercises, scale=100):
    routine = load_library(ROOT / "sessions" / "routines").routines["lower-back-hip"]
    overrides = tuple((e, (("reps", 1), ("sets", 1))) for e in exercises
                      if e != "lifting-weights")
    tl = compile_timeline(routine, Options("gentle", tuple(exercises), overrides,
                                           Clinic("Massage Rx")))
    return tl.scaled(scale)


def run(timeline, script):
    runner = Runner(timeline)
    out = []
    for entry in script:
        now = entry["now_ms"]
        if entry.get("tick"):
            events = runner.tick(now)
        else:
            events = runner.handle(entry["command"], now, entry.get("exercise_id"))
        out.append({**entry, "events": [e.to_dict() for e in events],
                    "state": runner.state.to_dict(), "next_deadline": runner.next_deadline()})
    return out


def deadlines_walk(timeline, start=1_000_000, late=0):
    """Start, then tick at every deadline (`late` ms late) to the end."""
    script = [{"now_ms": start, "command": "start"}]
    runner = Runner(timeline)
    runner.handle("start", start)
    while (d := runner.next_deadline()) is not None:
        script.append({"now_ms": d + late, "tick": True})
        runner.tick(d + late)
    return script


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    tl = small_timeline(["knee-to-chest", "lifting-weights", "bridge"])
    t0 = 1_700_000_000_000
    d0 = tl.steps[0].duration_ms
    vectors = {
        "walk-on-time": ("Start, then a tick exactly at every deadline, to the end.",
                         deadlines_walk(tl, t0)),
        "walk-late-ticks": ("Ticks 37 ms late: step ends come from deadlines, not from now.",
                            deadlines_walk(tl, t0, late=37)),
        "one-late-tick-crosses-steps": (
            "One tick long after several deadlines advances through all of them.",
            [{"now_ms": t0, "command": "start"},
             {"now_ms": t0 + tl.starts[5] + 1, "tick": True},
             {"now_ms": t0 + tl.total_ms + 5000, "tick": True}]),
        "pause-resume-skip": (
            "Pause, skip while paused (stays paused), back, resume keeps the used time.",
            [{"now_ms": t0, "command": "start"},
             {"now_ms": t0 + d0 // 2, "command": "pause"},
             {"now_ms": t0 + d0 * 3, "tick": True},
             {"now_ms": t0 + d0 * 3 + 10, "command": "next"},
             {"now_ms": t0 + d0 * 3 + 20, "command": "previous"},
             {"now_ms": t0 + d0 * 3 + 30, "command": "resume"},
             {"now_ms": t0 + d0 * 3 + 31, "command": "resume"},
             {"now_ms": t0 + d0 * 3 + 40, "command": "next"},
             {"now_ms": t0 + d0 * 3 + 50, "command": "pause"},
             {"now_ms": t0 + d0 * 3 + 60, "command": "pause"},
             {"now_ms": t0 + d0 * 3 + 70, "command": "resume"},
             {"now_ms": t0 + d0 * 10, "tick": True}]),
        "refusals": (
            "Every command that is illegal in its state is refused, with the server's code.",
            [{"now_ms": t0, "command": "pause"},
             {"now_ms": t0, "command": "resume"},
             {"now_ms": t0, "command": "next"},
             {"now_ms": t0, "command": "previous"},
             {"now_ms": t0, "command": "restart"},
             {"now_ms": t0, "command": "jump", "exercise_id": "bridge"},
             {"now_ms": t0, "command": "dance"},
             {"now_ms": t0 + 1, "command": "start"},
             {"now_ms": t0 + 2, "command": "start"},
             {"now_ms": t0 + 3, "command": "previous"},
             {"now_ms": t0 + 4, "command": "jump", "exercise_id": "wall-sits"},
             {"now_ms": t0 + 5, "command": "jump"},
             {"now_ms": t0 + 6, "command": "jump", "exercise_id": "it's"}]),
        "jump-restart-finish": (
            "Jump to an exercise, skip to the end, finished refuses, restart starts over.",
            [{"now_ms": t0, "command": "start"},
             {"now_ms": t0 + 100, "command": "jump", "exercise_id": "bridge"},
             {"now_ms": t0 + 200, "command": "jump", "exercise_id": "knee-to-chest"},
             *[{"now_ms": t0 + 300 + i, "command": "next"} for i in range(len(tl.steps))],
             {"now_ms": t0 + 900, "command": "pause"},
             {"now_ms": t0 + 901, "tick": True},
             {"now_ms": t0 + 1000, "command": "restart"},
             {"now_ms": t0 + 1000 + d0, "tick": True}]),
    }
    for name, (about, script) in vectors.items():
        body = {"about": about, "timeline": tl.to_dict(), "script": run(tl, script)}
        (OUT / f"{name}.json").write_text(json.dumps(body, indent=1, sort_keys=True) + "\n")
        print(f"{name}: {len(script)} entries")


if __name__ == "__main__":
    main()
