"""Scale-out takeover, from a follower's side: what it hears when its session's owner dies
or stalls. Prints duplicate step announcements, takeover time and stale events.

Two `python app.py` processes (A and B) share a private redis-server on a free loopback
port, at time scale 10 (steps of about half a second). Each round, N sessions are created
and started on A, each followed by a python-socketio device connected to B.

Kill rounds: once every session is past step k (random, 2 to 10), at a random moment
within one lease renewal interval, A gets kill -9. Per session: the step indices the
follower is told with reason "step" (one already told is a duplicate: its cue would be
spoken again; the new owner's first word, reason "takeover", is not a step), and the
takeover time: from the kill to the first event B sends (the first with `server_now` after
the kill; A, dead, cannot send one). A is started again for the next round. A session
whose lease (read from Redis just before the kill) is not held by the process holding
most of them was taken by B while A was creating it: it is counted apart. As A is killed,
each follower sends `next` through B (forwarded to A, which may or may not carry it out
before it dies; if not, B does once it has taken the session over): a command is lost
when its answer is not `ok`, applied twice when the follower is told `next` twice.

Stall rounds: A gets SIGSTOP; once B has taken every session over (an event from B), each
is paused through B (acknowledged), then A gets SIGCONT. A stale event is one about a
paused session that says "running": only A, which missed the pause, sends those. They are
counted until a barrier: a session A creates after waking, followed by the same device,
reaches its first step (A's events reach that socket in the order A sends them).

    python bench/takeover.py                       # 20 kills, 3 stalls, 6 sessions
    python bench/takeover.py --kills 3 --stalls 1 --lease-ms 5000
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests package
from sessions.cluster import SCAN_S  # noqa: E402
from sessions.config import Settings  # noqa: E402
from tests.support.cluster import Pair, Watcher, freeze, kill, states, thaw  # noqa: E402

ROUTINE = {"routine_id": "lower-back-hip", "pace": "standard"}
WAIT_S = 60  # the longest any one expected event may take before the run gives up


class Run:
    """One session: its controller on A and its follower on B."""

    def __init__(self, a_url: str, b_url: str, address: str):
        self.controller = Watcher(a_url, address)
        ack = self.controller.call("create", ROUTINE)
        assert ack["ok"], ack
        self.session = {"session_id": ack["session_id"], "token": ack["control_token"]}
        self.id = ack["session_id"]
        self.follower = Watcher(b_url, address)
        assert self.follower.call("join", {"code": ack["code"]})["ok"]

    def start(self) -> None:
        assert self.controller.call("command", {**self.session, "command": "start"})["ok"]

    def wait_step(self, index: int, after_ms: int = 0, start: int = 0) -> int:
        return self.follower.wait_for(
            lambda n, p: n == "state" and p["session_id"] == self.id
            and p["reason"] == "step" and p["index"] >= index and p["server_now"] > after_ms,
            start=start, timeout=WAIT_S)

    def duplicates(self) -> int:
        told = [s["index"] for s in states(self.follower.events, self.id)
                if s["reason"] == "step"]
        return len(told) - len(set(told))

    def close(self, b_url: str) -> None:
        ender = Watcher(b_url, None)
        ender.call("end", self.session)
        for device in (ender, self.controller, self.follower):
            device.close()


def start_runs(a, b, count: int, round_no: int, past_step: int = 2) -> list[Run]:
    runs = [Run(a.url, b.url, f"198.18.{round_no}.{i + 1}") for i in range(count)]
    for run in runs:
        run.start()
    for run in runs:
        run.wait_step(past_step)
    return runs


def kill_round(pair, client: redis.Redis, args, rng: random.Random, round_no: int):
    a, b = pair.servers
    runs = start_runs(a, b, args.sessions, round_no, past_step=rng.randint(2, 10))
    time.sleep(rng.uniform(0, args.lease_ms / 4000))  # anywhere in a renewal interval
    holders = {run.id: client.get(f"limber:lease:{run.id}") for run in runs}
    answers: dict[str, dict] = {}
    sending = [threading.Thread(target=lambda run=run: answers.__setitem__(
        run.id, run.follower.call("command", {**run.session, "command": "next"})))
        for run in runs]
    for thread in sending:
        thread.start()
    dead_at = kill(a)
    a_id = Counter(holders.values()).most_common(1)[0][0]
    early = [run for run in runs if holders[run.id] != a_id]  # B took it while it was made
    takeovers, duplicates = [], 0
    for run in (r for r in runs if r not in early):
        told = [s["index"] for s in states(run.follower.events, run.id)]
        first = run.follower.wait_for(
            lambda n, p: n in ("state", "timer") and p["session_id"] == run.id
            and p["server_now"] > dead_at, timeout=WAIT_S)
        takeovers.append(run.follower.arrived[first] - dead_at)
        run.wait_step(max(told) + 1, after_ms=dead_at, start=first)  # B's own next step
        duplicates += run.duplicates()
    for thread in sending:
        thread.join()
    commands = Counter(command_outcome(run, answers[run.id]) for run in runs)
    for run in runs:
        run.close(b.url)
    pair.restart(0)
    return takeovers, duplicates, len(early), commands


def command_outcome(run: Run, answer: dict) -> str:
    """What became of the `next` sent as the owner was killed: `lost` (not answered ok),
    `twice` (two `next` events: applied by both processes) or `once`. Counted once the
    follower has B's first step after the answer: B's events about the session before it
    have arrived too."""
    if not answer["ok"]:
        return "lost"
    run.wait_step(answer["state"]["index"] + 1, after_ms=answer["state"]["server_now"])
    nexts = [s for s in states(run.follower.events, run.id) if s["reason"] == "next"]
    return "twice" if len(nexts) > 1 else "once"


def stall_round(a, b, args, round_no: int) -> int:
    runs = start_runs(a, b, args.sessions, round_no)
    boss = Watcher(b.url, None)
    stopped_at = freeze(a)
    try:
        marks = {}
        for run in runs:
            run.follower.wait_for(lambda n, p: n in ("state", "timer")
                                  and p["session_id"] == run.id
                                  and p["server_now"] > stopped_at, timeout=WAIT_S)
            answer = boss.call("command", {**run.session, "command": "pause"})
            assert answer["ok"], answer
            marks[run.id] = run.follower.wait_for(
                lambda n, p: n == "state" and p["session_id"] == run.id
                and p["reason"] == "pause", timeout=WAIT_S)
    finally:
        thaw(a)
    barrier = Run(a.url, b.url, f"198.19.{round_no}.1")
    for run in runs:
        assert run.follower.call("join", {"session_id": barrier.id})["ok"]
    barrier.start()
    stale = 0
    for run in runs:
        run.follower.wait_for(lambda n, p: n == "state" and p["session_id"] == barrier.id
                              and p["reason"] == "step", start=marks[run.id],
                              timeout=WAIT_S)
        stale += sum(1 for n, p in run.follower.events[marks[run.id] + 1:]
                     if n in ("state", "timer") and p["session_id"] == run.id
                     and p["status"] == "running")
    for run in (*runs, barrier):
        run.close(b.url)
    boss.close()
    return stale


def report(args, takeovers: list[int], duplicates: int, stale: int, taken_early: int,
           commands: Counter) -> None:
    print(f"lease {args.lease_ms} ms (renewed every {args.lease_ms // 4} ms, lapsed leases "
          f"looked for every {SCAN_S * 1000:.0f} ms), time scale 10, {args.sessions} sessions "
          f"a round")
    if takeovers:
        ordered = sorted(takeovers)
        print(f"kill -9 x {args.kills}: duplicate step announcements {duplicates} "
              f"over {len(takeovers)} session takeovers")
        print(f"takeover time ms (kill -> first event from the new owner): "
              f"p50 {statistics.median(ordered):.0f}, "
              f"p95 {ordered[int(0.95 * (len(ordered) - 1))]}, max {ordered[-1]}")
        print(f"sessions created on A but already run by B at the kill (B adopted them "
              f"while A was creating them; not counted above): {taken_early}")
        print(f"`next` sent through B as A was killed: {sum(commands.values())}, answered "
              f"and applied once {commands['once']}, applied twice {commands['twice']}, "
              f"lost {commands['lost']}")
    if args.stalls:
        print(f"SIGSTOP past the lease x {args.stalls}: 'running' events from the stalled "
              f"owner after the new owner's pause: {stale} over "
              f"{args.stalls * args.sessions} sessions")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=20, help="kill -9 rounds (default 20)")
    ap.add_argument("--stalls", type=int, default=3, help="SIGSTOP rounds (default 3)")
    ap.add_argument("--sessions", type=int, default=6, help="sessions per round (default 6)")
    ap.add_argument("--lease-ms", type=int, default=Settings.lease_ms,
                    help=f"LIMBER_LEASE_MS (default: the app's, {Settings.lease_ms})")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    began = time.monotonic()
    takeovers, duplicates, stale, taken_early, commands = [], 0, 0, 0, Counter()
    with tempfile.TemporaryDirectory() as tmp:
        pair = Pair(Path(tmp), time_scale=10, lease_ms=args.lease_ms, proxy_hops=1)
        with pair as (a, b):
            client = redis.Redis.from_url(pair.redis_url)
            for round_no in range(args.kills):
                times, dupes, early, outcomes = kill_round(pair, client, args, rng, round_no)
                takeovers += times
                duplicates += dupes
                taken_early += early
                commands += outcomes
                print(f"kill {round_no + 1}/{args.kills}: takeover ms {sorted(times)}, "
                      f"duplicates {dupes}, commands {dict(outcomes)}"
                      + (f", {early} already on B" if early else ""), flush=True)
            for round_no in range(args.stalls):
                found = stall_round(a, b, args, 100 + round_no)
                stale += found
                print(f"stall {round_no + 1}/{args.stalls}: stale events {found}", flush=True)
    report(args, takeovers, duplicates, stale, taken_early, commands)
    print(f"({time.monotonic() - began:.0f} s)")


if __name__ == "__main__":
    main()
