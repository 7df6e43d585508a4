"""How late does the live scheduler start each step? Prints p50/p99/max in milliseconds.

Runs the seed routine (gentle) through sessions.live.Live at a high time scale, with
several sessions at once, and measures, for every step change, the wall-clock time at
which the event was emitted minus the step's scheduled start. Not a test: a figure.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

from sessions.catalog import Catalog
from sessions.clock import now_ms
from sessions.config import Settings
from sessions.live import Live
from figures import percentile  # bench/figures.py, beside this script


def spawn(fn) -> threading.Thread:
    thread = threading.Thread(target=fn, daemon=True)
    thread.start()
    return thread


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=float, default=40.0)
    ap.add_argument("--sessions", type=int, default=4)
    args = ap.parse_args()

    catalog = Catalog(Settings())
    timeline = catalog.compile("lower-back-hip", catalog.options("gentle")).scaled(args.scale)
    lateness_ms: list[float] = []
    finished = threading.Semaphore(0)

    def emit(event: str, data: dict, room: str) -> None:
        if event == "state" and data["reason"] == "step":
            lateness_ms.append(time.time_ns() / 1e6 - data["step_started_at"])
        if event == "state" and data["status"] == "finished":
            finished.release()

    live = Live(emit)
    live.start(spawn)
    for _ in range(args.sessions):
        session, token = live.create(timeline, now=now_ms())
        live.command(session.id, "bench", token, "start", now=now_ms())
    started = time.monotonic()
    for _ in range(args.sessions):
        finished.acquire(timeout=timeline.total_ms / 1000 + 30)
    live.stop()
    print(f"sessions: {args.sessions}, steps each: {len(timeline.steps)}, "
          f"time scale: {args.scale}, wall time: {time.monotonic() - started:.1f} s")
    print(f"step transitions measured: {len(lateness_ms)}")
    print(f"lateness ms: p50 {statistics.median(lateness_ms):.2f}  "
          f"p99 {percentile(lateness_ms, 99):.2f}  max {max(lateness_ms):.2f}")


if __name__ == "__main__":
    main()
