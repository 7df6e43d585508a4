"""Fault test: kill -9 the server mid-session, restart it, and both devices resync.

The recovery policy is "run on by the schedule": a session's state is its step and the
server time its clock started, so after a restart every device lands where the session
would have been had nothing happened. Each round checks both devices' first snapshot
after re-joining against that projection.
"""

import os
import random
import time

import pytest

from tests.net.test_reconnect import Device
from tests.support.server import LimberServer

ROUNDS = int(os.environ.get("LIMBER_RESTART_ROUNDS", "20"))


def projected_position(before: dict, at_server_now: int) -> int:
    if before["status"] != "running":
        return before["position_ms"]
    return min(before["total_ms"], before["position_ms"] + at_server_now - before["server_now"])


def run_restart_rounds(tmp_path, rounds: int, seed: int = 7) -> tuple[list, list]:
    """Returns, for every device in every round, the resync error (ms: where its first
    snapshot put it vs where the schedule says) and how long after the server was
    listening again the device had re-joined (ms)."""
    rng = random.Random(seed)
    errors, rejoin_ms = [], []
    server = LimberServer(tmp_path, time_scale=5).start()
    try:
        controller = Device(server.url)
        ack = controller.call("create", {"routine_id": "lower-back-hip", "pace": "extended"})
        session = {"session_id": ack["session_id"], "token": ack["control_token"]}
        controller.join_payload = session
        follower = Device(server.url, {"code": ack["code"]})
        assert follower.rejoined.wait(10)
        assert controller.call("command", {**session, "command": "start"})["ok"]
        for round_no in range(rounds):
            time.sleep(rng.uniform(0.05, 0.8))
            if round_no % 5 == 4:  # sometimes the session is paused when the server dies
                controller.call("command", {**session, "command": "pause"})
            before = controller.call("join", session)["state"]
            for device in (controller, follower):
                device.rejoined.clear()
            server.kill()
            time.sleep(rng.uniform(0.0, 0.3))
            server.start()
            listening_at = time.monotonic()
            for device in (controller, follower):
                assert device.rejoined.wait(15), f"round {round_no}: a device did not return"
                rejoined_at, joined = device.joins[-1]
                rejoin_ms.append((rejoined_at - listening_at) * 1000)
                assert joined["ok"], joined
                state = joined["state"]
                assert state["status"] == before["status"]
                error = abs(state["position_ms"] - projected_position(before,
                                                                      state["server_now"]))
                errors.append(error)
                assert error <= 1000, (round_no, before, state)
            assert controller.joins[-1][1]["role"] == "controller"
            if before["status"] == "paused":
                assert controller.call("command", {**session, "command": "resume"})["ok"]
        for device in (controller, follower):
            device.client.disconnect()
    except AssertionError as failure:  # say what the server said, not only what we saw
        tail = "\n".join(line for line in server.log().splitlines()
                         if not line.startswith(("127.0.0.1", " * ")))[-4000:]
        raise AssertionError(f"{failure}\n--- server log ---\n{tail}") from None
    finally:
        server.stop()
    return errors, rejoin_ms


def test_kill_9_and_restart_loses_nothing(tmp_path):
    errors, _ = run_restart_rounds(tmp_path, ROUNDS)
    assert len(errors) == 2 * ROUNDS


@pytest.mark.slow
def test_a_hundred_restarts(tmp_path):
    errors, _ = run_restart_rounds(tmp_path, 100, seed=11)
    assert len(errors) == 200
