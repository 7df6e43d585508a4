"""Python heap held per live session by Limber's own state (tracemalloc), in one process.

Creates S sessions of the seed routine (gentle), each with a controller and three
followers, starts them, and reports the heap kept after a full collection, minus the
baseline, divided by S. Connections (Socket.IO, websockets, threads) are not included:
bench/scale.py reports the server's whole RSS per session for those.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import tracemalloc
from pathlib import Path

from sessions.catalog import Catalog
from sessions.clock import now_ms
from sessions.config import Settings
from sessions.live import Live
from sessions.store import Store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sessions", type=int, default=250)
    args = ap.parse_args()
    catalog = Catalog(Settings())
    with tempfile.TemporaryDirectory() as tmp:
        live = Live(lambda *a: None, store=Store(Path(tmp) / "bench.db"))
        now = now_ms()
        catalog.compile("lower-back-hip", catalog.options("gentle"))  # the shared compile
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        for i in range(args.sessions):
            timeline = catalog.compile("lower-back-hip", catalog.options("gentle")).scaled(10)
            session, token = live.create(timeline, {"routine_id": "lower-back-hip"}, now=now)
            live.join(session.code, f"controller-{i}", token, "Console", now=now)
            for k in range(3):
                live.join(session.code, f"follower-{i}-{k}", None, "Tablet", now=now)
            live.command(session.id, f"controller-{i}", token, "start", now=now)
        gc.collect()
        after = tracemalloc.take_snapshot()
        live.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "filename"))
    print(f"live sessions: {args.sessions} (4 devices each, running)")
    print(f"heap kept per live session: {grown / args.sessions / 1024:.1f} KiB "
          f"(shared timeline included once: {grown / 1024:.0f} KiB in all)")


if __name__ == "__main__":
    main()
