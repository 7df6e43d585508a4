"""Kill -9 the server 100 times mid-session; print survivals and the worst resync error.

Uses the same procedure as tests/net/test_restart.py (tests/support/restarts.py: a controller
and a follower, python-socketio clients, the server in a subprocess, the kill after a random
number of step changes).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests package
from tests.support.restarts import run_restart_rounds  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=100)
    args = ap.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        errors, rejoin_ms = run_restart_rounds(Path(tmp), args.rounds, seed=2026)
    print(f"restarts survived: {len(errors) // 2} of {args.rounds} "
          f"(both devices back each time), {time.monotonic() - started:.0f} s")
    print(f"resync error ms (|position after - projected|): median "
          f"{statistics.median(errors):.0f}, worst {max(errors):.0f}")
    ordered = sorted(rejoin_ms)
    print(f"device back (re-joined) after the server listened again, ms: median "
          f"{statistics.median(ordered):.0f}, p99 {ordered[int(0.99 * (len(ordered) - 1))]:.0f}, "
          f"worst {ordered[-1]:.0f}")


if __name__ == "__main__":
    main()
