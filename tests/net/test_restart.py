"""Fault test: kill -9 the server mid-session, restart it, and both devices resync.

Each round checks both devices' first snapshot after re-joining against where the
session's schedule before the kill puts it: exactly (see tests/support/restarts.py).
"""

import os

import pytest

from tests.support.restarts import run_restart_rounds

ROUNDS = int(os.environ.get("LIMBER_RESTART_ROUNDS", "20"))


def test_kill_9_and_restart_loses_nothing(tmp_path):
    errors, _ = run_restart_rounds(tmp_path, ROUNDS)
    assert errors == [0] * (2 * ROUNDS)


@pytest.mark.slow
def test_a_hundred_restarts(tmp_path):
    errors, _ = run_restart_rounds(tmp_path, 100, seed=11)
    assert errors == [0] * 200
