"""Kill -9 the server mid-session, restart it, and check where both devices land.

The recovery policy is "run on by the schedule": a session's state is its step and the
server time its clock started, so after a restart every device lands exactly where the
session would have been had nothing happened. Used by tests/net/test_restart.py and
bench/restarts.py.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from tests.support.schedule import origin
from tests.support.server import LimberServer
from tests.support.socket_device import HUNG_S, Device


def resync_error(before: dict, after: dict, timeline: dict) -> int:
    """How far (ms) a device's first snapshot after the restart is from where the session's
    schedule before the kill puts it; 0 when recovery is right."""
    if before["status"] == "running" and after["status"] == "running":
        return abs(origin(after, timeline) - origin(before, timeline))
    if before["status"] == "running":  # it may have finished while the server was down
        assert after["status"] == "finished", (before, after)
        ends = origin(before, timeline) + timeline["total_ms"]
        return max(0, ends - after["server_now"])
    assert after["status"] == before["status"], (before, after)
    return abs(after["position_ms"] - before["position_ms"])


def run_restart_rounds(tmp_path: Path, rounds: int, seed: int = 7) -> tuple[list, list]:
    """Returns, for every device in every round, the resync error (ms, see resync_error)
    and how long after the server was listening again the device had re-joined (ms, a
    figure for bench/restarts.py; nothing is asserted on it). Each round kills the server
    after a random number (0-2) of step changes; every fifth, paused."""
    rng = random.Random(seed)
    errors, rejoin_ms = [], []
    server = LimberServer(tmp_path, time_scale=5).start()
    try:
        controller = Device(server.url)
        ack = controller.call("create", {"routine_id": "lower-back-hip", "pace": "extended"})
        timeline = ack["timeline"]
        session = {"session_id": ack["session_id"], "token": ack["control_token"]}
        controller.join_payload = session
        follower = Device(server.url, {"code": ack["code"]})
        assert follower.rejoined.wait(HUNG_S)
        assert controller.call("command", {**session, "command": "start"})["ok"]
        for round_no in range(rounds):
            for _ in range(rng.randint(0, 2)):
                controller.next_state(lambda s: s["reason"] == "step",
                                      after=len(controller.states))
            if round_no % 5 == 4:  # sometimes the session is paused when the server dies
                controller.call("command", {**session, "command": "pause"})
            before = controller.call("join", session)["state"]
            for device in (controller, follower):
                device.rejoined.clear()
            server.kill()
            server.start()
            listening_at = time.monotonic()
            for device in (controller, follower):
                assert device.rejoined.wait(HUNG_S), f"round {round_no}: a device did not return"
                rejoined_at, joined = device.joins[-1]
                rejoin_ms.append((rejoined_at - listening_at) * 1000)
                assert joined["ok"], joined
                errors.append(resync_error(before, joined["state"], timeline))
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
