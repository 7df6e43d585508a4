"""The one wall clock of the shell: whole epoch milliseconds, as every rule takes them."""

from __future__ import annotations

import time


def now_ms() -> int:
    return time.time_ns() // 1_000_000
