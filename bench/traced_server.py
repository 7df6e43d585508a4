"""Run a server (Limber's `app.py`, or bench/bare_server.py) with tracemalloc on, for
bench/scale.py's memory-per-session figure.

    python bench/traced_server.py OUT.txt app.py
    python bench/traced_server.py OUT.txt bench/bare_server.py --port 5100

The first SIGUSR1 takes (after a full garbage collection) the baseline snapshot; each later one writes to OUT.txt the
traced bytes allocated since the baseline (first line) and the 12 source lines that
allocated most of them.
"""

from __future__ import annotations

import gc
import runpy
import signal
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    out, script, *rest = sys.argv[1:]
    tracemalloc.start(1)
    baseline: list[tracemalloc.Snapshot] = []

    def dump(*_):
        gc.collect()  # count what is kept, not garbage waiting for the collector
        snap = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__)])
        if not baseline:
            baseline.append(snap)
            Path(out).write_text("baseline\n")
            return
        diff = snap.compare_to(baseline[0], "lineno")
        total = sum(d.size_diff for d in diff)
        lines = [str(total)] + [f"{d.size_diff / 1024:10.1f} KiB  {d.traceback}"
                                for d in diff[:12]]
        Path(out).write_text("\n".join(lines) + "\n")

    signal.signal(signal.SIGUSR1, dump)
    sys.path.insert(0, str(ROOT))
    sys.argv = [script, *rest]
    runpy.run_path(str(ROOT / script), run_name="__main__")


if __name__ == "__main__":
    main()
