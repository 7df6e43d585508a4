"""What does persisting a state change cost? Prints median and p99 in microseconds.

Drives one live session through thousands of commands (pause/resume/next) with and
without the SQLite store, on the seed routine's timeline, and reports the cost per state
change and the ratio between the two runs (same process, same moment: the ratio is the
stable figure on a shared machine).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from sessions.catalog import Catalog
from sessions.clock import now_ms
from sessions.config import Settings
from sessions.live import Live
from sessions.store import Store
from figures import percentile  # bench/figures.py, beside this script

CHANGES = 3000


def run(store: Store | None) -> list[float]:
    catalog = Catalog(Settings())
    timeline = catalog.compile("lower-back-hip", catalog.options("extended"))
    live = Live(lambda *a: None, store=store)
    session, token = live.create(timeline, {"routine_id": "lower-back-hip"}, now=now_ms())
    live.join(session.code, "tablet", now=now_ms())
    live.command(session.id, "c", token, "start", now=now_ms())
    costs = []
    cycle = ("pause", "resume", "next")
    for i in range(CHANGES):
        if session.runner.state.status == "finished":
            live.command(session.id, "c", token, "restart", now=now_ms())
        start = time.perf_counter_ns()
        live.command(session.id, "c", token, cycle[i % 3], now=now_ms())
        costs.append((time.perf_counter_ns() - start) / 1000)
    return costs


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        run(None)  # warm up imports and caches
        memory = run(None)
        stored = run(store)
        size = (Path(tmp) / "bench.db").stat().st_size
    m, s = statistics.median(memory), statistics.median(stored)
    print(f"state changes per run: {CHANGES}")
    print(f"in memory only : median {m:7.1f} us  p99 {percentile(memory, 99):7.1f} us")
    print(f"with SQLite    : median {s:7.1f} us  p99 {percentile(stored, 99):7.1f} us")
    print(f"persistence cost per state change: median {s - m:.1f} us "
          f"(x{s / m:.2f} the in-memory command)")
    print(f"database size after the run: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
