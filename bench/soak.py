"""Soak: many devices follow live sessions for minutes; is every step announced, in order?

N devices (python-socketio AsyncClients) in M sessions (one controller and followers
each), the seed routine at a high time scale, for a bounded time. Controllers start at
once and followers join while their session runs (the race a late joiner meets); now and
then a controller pauses for a second and resumes, restarts its session when it finishes,
and one follower per session drops its connection and joins again on a new one. At the
end each controller pauses once more: that last event must reach every connected device.

For each connection, in arrival order, from the state in its join (or create) answer on:
- missed: step announcements that never came (a `step` event whose index skips ahead, a
  `pause`/`resume`/`finished` event at an index whose step was never announced, or the
  final pause never arriving);
- out of order: an event older (`server_now`) than one received before it;
- lateness: receive time minus the step's scheduled start (`step_started_at`; same machine,
  same clock), for every step announcement, p50/p99/max; and the server's part of it, the
  event's `server_now` minus `step_started_at` (how late the server produced it).
The server's RSS and CPU are printed every --report-every seconds. Only 127.0.0.1 and its
loopback aliases are used (each session has its own address, as phones would); every loop
is bounded by --seconds, and the script stops its servers and clients itself.

    python bench/soak.py                         # 300 devices, 75 sessions, 5 minutes
    python bench/soak.py --seconds 60 --devices 80 --sessions 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from clients import (ROOT, add_load_options, collect, kill_clients,
                     parse_or_serve_as_client, start_clients)
from figures import percentile  # bench/, beside this script
from scale import address, start_servers, stop_servers, Sampler

sys.path.insert(0, str(ROOT))

from tests.support.redis_server import RedisServer  # noqa: E402

TRANSPORTS = {"websocket": ["websocket"], "polling": ["polling"], "upgrade": None}


def now_ms() -> float:
    return time.time_ns() / 1e6


# -- what one connection received ---------------------------------------------------------

def analyse(log: list[list], final_at: int | None) -> dict:
    """Missed announcements and out-of-order events on one connection.

    `log` holds [kind, received_ms, reason, status, index, server_now, step_started_at] in
    arrival order; kind is "ack" (the join or create answer: the baseline) or "event".
    `final_at` is the server_now of the session's final pause, or None when this connection
    was closed before it (a churned follower).
    """
    out_of_order = duplicates = 0
    gaps: list[list] = []  # [after index, before index, server_now, still missing]
    baseline = next((r for r in log if r[0] == "ack"), None)
    if baseline is None:
        return {"missed": 0, "out_of_order": 0, "duplicates": 0, "final_lost": 0}
    prev, newest, got_final = baseline, float("-inf"), False
    for kind, _, reason, _, index, server_now, _ in log:
        if kind == "ack":
            continue
        if server_now < newest:
            out_of_order += 1
            for gap in gaps:  # a late arrival fills the gap it left
                if reason == "step" and gap[0] < index < gap[1] and server_now < gap[2] \
                        and gap[3]:
                    gap[3] -= 1
                    break
            continue
        newest = server_now
        if server_now < baseline[5] or (server_now == baseline[5] and index <= baseline[4]
                                        and reason == "step"):
            continue  # produced before the snapshot in the answer: already known
        got_final |= server_now == final_at and reason == "pause"
        if reason == "step" and index <= prev[4]:
            duplicates += 1
            continue
        if reason in ("step", "finished", "pause", "resume"):
            upto = index if reason == "step" else index + 1
            if upto - prev[4] > 1:
                gaps.append([prev[4], upto, server_now, upto - prev[4] - 1])
        prev = [kind, 0, reason, None, index, server_now, None]
    final_lost = int(final_at is not None and not got_final)
    return {"missed": sum(g[3] for g in gaps) + final_lost, "out_of_order": out_of_order,
            "duplicates": duplicates, "final_lost": final_lost}


# -- the load generator (one client process) -----------------------------------------------

async def client_main(args) -> None:
    import aiohttp
    import socketio

    port = [int(p) for p in args.ports.split(",")]
    first, last = (int(x) for x in args.range.split(":"))
    transports = TRANSPORTS[args.transports]
    end = float(args.end)
    conns: list[dict] = []  # every connection made: its log and whether it was churned
    errors: list[str] = []
    disconnects = [0]
    gate = asyncio.Semaphore(16)

    async def connect(s: int, j: int) -> dict:
        http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(
            local_addr=(address(s), 0), limit=0))
        sio = socketio.AsyncClient(reconnection=False, http_session=http)
        conn = {"sio": sio, "http": http, "log": [], "session": s, "churned": False,
                "closing": False}

        def on_state(data):
            conn["log"].append(["event", now_ms(), data["reason"], data["status"],
                                data["index"], data["server_now"], data["step_started_at"]])
            if data["reason"] == "finished" and conn.get("on_finished"):
                conn["on_finished"]()

        def on_disconnect(*_):
            if not conn["closing"]:
                disconnects[0] += 1
                conn["dropped"] = True  # not connected to the end: no final marker due

        sio.on("state", on_state)
        sio.on("disconnect", on_disconnect)
        url = f"http://127.0.0.1:{port[(s + j) % len(port)]}"
        async with gate:
            await sio.connect(url, transports=transports, wait_timeout=60)
        conns.append(conn)
        return conn

    def baseline(conn: dict, answer: dict) -> None:
        st = answer["state"]
        conn["log"].append(["ack", now_ms(), st["reason"], st["status"], st["index"],
                            st["server_now"], st["step_started_at"]])

    async def call(conn: dict, event: str, payload: dict) -> dict:
        try:
            answer = await conn["sio"].call(event, payload, timeout=30)
        except Exception as err:  # noqa: BLE001 - counted and reported
            errors.append(f"{event}: {err!r}")
            return {"ok": False}
        if not answer.get("ok"):
            errors.append(f"{event}: {answer.get('error')}")
        return answer

    async def follower(s: int, j: int, code: str) -> dict:
        conn = await connect(s, j)
        answer = await call(conn, "join", {"code": code})
        if answer.get("ok"):
            baseline(conn, answer)
        return conn

    async def close(conn: dict) -> None:
        conn["closing"] = True
        await conn["sio"].disconnect()
        await conn["http"].close()

    async def session(s: int) -> dict:
        rng = random.Random(s)
        ctl = await connect(s, 0)
        answer = await call(ctl, "create", {"routine_id": args.routine, "pace": args.pace})
        if not answer.get("ok"):
            return {}
        baseline(ctl, answer)
        sid, token, code = answer["session_id"], answer["control_token"], answer["code"]
        command = lambda name: call(ctl, "command", {  # noqa: E731
            "session_id": sid, "token": token, "command": name})
        restarts = asyncio.Queue()
        ctl["on_finished"] = lambda: restarts.put_nowait(1)
        await command("start")
        followers = []
        for j in range(1, args.per_session):  # join while it runs
            await asyncio.sleep(rng.uniform(0, 1.5))
            followers.append(await follower(s, j, code))

        async def restarter():
            while True:
                await restarts.get()
                await command("restart")

        async def churn():
            while time.time() + args.churn_s + 5 < end and followers:
                await asyncio.sleep(args.churn_s * rng.uniform(0.5, 1.5))
                old = followers.pop(0)
                old["churned"] = True
                await close(old)
                followers.append(await follower(s, 1, code))

        async def pauses():
            while True:
                await asyncio.sleep(rng.uniform(5, 25))
                if time.time() + 5 > end:
                    return
                await command("pause")
                await asyncio.sleep(1)
                await command("resume")

        tasks = [asyncio.create_task(t()) for t in (restarter, pauses)]
        if args.churn_s:
            tasks.append(asyncio.create_task(churn()))
        await asyncio.sleep(max(0.0, end - time.time()))
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        # the final marker: one more pause, which every connected device must receive
        ctl["on_finished"] = None
        final = await command("pause")
        if not final.get("ok"):  # finished, or paused just now: start it again, then pause
            errors.pop()
            await command("restart")
            final = await command("pause")
        await asyncio.sleep(3)
        for f in followers:
            f["final_at"] = final.get("state", {}).get("server_now")
        ctl["final_at"] = final.get("state", {}).get("server_now")
        await call(ctl, "end", {"session_id": sid, "token": token})
        for conn in [ctl, *followers]:
            await close(conn)
        return ctl

    await asyncio.gather(*(session(s) for s in range(first, last)))
    totals = {"missed": 0, "out_of_order": 0, "duplicates": 0, "final_lost": 0}
    lateness, produced, announcements = [], [], 0
    for conn in conns:
        expected = not (conn["churned"] or conn.get("dropped"))
        result = analyse(conn["log"], conn.get("final_at") if expected else None)
        for key in totals:
            totals[key] += result[key]
        for kind, received, reason, _, _, server_now, started in conn["log"]:
            if kind == "event" and reason == "step":
                announcements += 1
                lateness.append(received - started)
                produced.append(server_now - started)
    Path(args.out).write_text(json.dumps({
        **totals, "announcements": announcements, "lateness": lateness, "produced": produced,
        "connections": len(conns), "disconnects": disconnects[0], "errors": errors}))


# -- the orchestrator ------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    add_load_options(ap, devices=300, sessions=75, seconds=300.0,
                     seconds_help="how long it runs")
    ap.add_argument("--procs", type=int, default=1, choices=(1, 2),
                    help="server processes (2: over a private redis-server)")
    ap.add_argument("--transports", choices=sorted(TRANSPORTS), default="websocket",
                    help="websocket only, long-polling only, or polling then upgrade")
    ap.add_argument("--churn-s", type=float, default=30.0,
                    help="one follower per session reconnects about this often (0: never)")
    ap.add_argument("--report-every", type=float, default=30.0)
    ap.add_argument("--end", help=argparse.SUPPRESS)
    args = parse_or_serve_as_client(ap, client_main)

    per = args.devices // args.sessions
    print(f"soak: {args.sessions * per} devices in {args.sessions} sessions, "
          f"{args.routine}/{args.pace} at time scale {args.scale:g}, {args.seconds:g} s, "
          f"{args.procs} server process(es) ({args.async_mode}), transport "
          f"{args.transports}, churn every "
          f"~{args.churn_s:g} s, {args.client_procs} client process(es), "
          f"{os.cpu_count()} CPUs", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="limber-soak-"))
    redis, handles, clients = RedisServer(), [], []
    try:
        redis_url = redis.start() if args.procs > 1 else ""
        handles, ports, pids = start_servers("limber", args.procs, args, workdir, redis_url)
        sampler = Sampler(pids)
        start = time.time()
        end = start + args.seconds
        clients = start_clients(str(Path(__file__).resolve()), ports, args, workdir, "soak",
                                ["--transports", args.transports, "--churn-s",
                                 str(args.churn_s), "--end", str(end)])
        print(f"  {'t (s)':>6} {'server RSS MiB':>15} {'server CPU %':>13}")
        last_t, last_cpu = time.time(), sampler.cpu()
        print(f"  {0:6.0f} {sampler.rss() / 2**20:15.1f} {'':>13}", flush=True)
        while time.time() < end:
            time.sleep(max(0.0, min(args.report_every, end - time.time())))
            t, cpu = time.time(), sampler.cpu()
            print(f"  {t - start:6.0f} {sampler.rss() / 2**20:15.1f} "
                  f"{100 * (cpu - last_cpu) / (t - last_t):13.0f}", flush=True)
            last_t, last_cpu = t, cpu
        merged = collect(clients, timeout=120 + args.seconds / 10)
        lat = merged["lateness"]
        print(f"  step announcements received {merged['announcements']}, on "
              f"{merged['connections']} connections ({merged['disconnects']} dropped by "
              f"the server)")
        print(f"  missed {merged['missed']} (of which final pause never arrived: "
              f"{merged['final_lost']}), out of order {merged['out_of_order']}, "
              f"duplicates {merged['duplicates']}")
        print(f"  step lateness ms p50 {percentile(lat, 50):.1f}  p99 {percentile(lat, 99):.1f}"
              f"  max {max(lat, default=float('nan')):.1f}   (received - step_started_at)")
        late = merged["produced"]
        print(f"    of which the server's, ms p50 {percentile(late, 50):.1f}  p99 "
              f"{percentile(late, 99):.1f}  max {max(late, default=float('nan')):.1f}   "
              f"(server_now - step_started_at: the step was sent this late)")
        if merged["errors"]:
            print(f"  ERRORS {len(merged['errors'])}: {merged['errors'][:5]}")
    finally:
        kill_clients(clients)
        stop_servers(handles)
        redis.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
