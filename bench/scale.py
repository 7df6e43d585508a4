"""Many devices in many sessions: Limber's figures next to a bare python-socketio broadcast.

N simulated devices (python-socketio AsyncClients, websocket transport, in one or more
client processes) in S sessions: per session one controller (create, start) and followers
(join by code); in half of the sessions the first follower, holding the control token,
pauses and resumes once (in `two` it is on the other process: the command is forwarded
through Redis to the session's process; the bare server cannot forward, so there the
controller sends them). The seed routine plays at a
high time scale for a fixed measured window, after a warm-up. Every client records, for
each `state` event with reason "step", its receive time minus the step's scheduled start
(`step_started_at`; same machine, same clock): the delivery latency. The controller also
records `server_now - step_started_at`: how late the server made the transition.

The same clients, schedule and fan-out then run against bench/bare_server.py (python-socketio
only: a timer thread that emits to rooms), so Limber's overhead is a ratio of p99s.

Server CPU per delivered event: the server processes' CPU time (user + system) in the
measured window divided by the events the devices received in it, for Limber and for the
bare server in the same run, and their ratio (the machine may be shared and noisy: compare
ratios within one run, not figures across runs). Devices ask for the 1 Hz `timer` only with
--heartbeat (the bare server then sends it too); with --deflate they offer WebSocket
compression, as browsers do (the bare server accepts it, as python-socketio does as shipped;
Limber declines it). --async-mode gevent runs both servers with gevent.

Configurations: `one` (one `python app.py`, SQLite) and `two` (two processes sharing a
private redis-server on a free loopback port; each session's devices alternate between the
two ports, as a sticky load balancer would spread them; the bare server gets the same two
processes over socketio.RedisManager).

Memory per live session: the servers' RSS after every session is created and joined,
minus RSS before the first client, divided by S (it includes each device's connection:
threads, buffers). With --tracemalloc, another run of each server under bench/traced_server.py
also gives the Python heap allocated per session (traced bytes kept after a full garbage
collection, baseline before the first client, measured 3 s after the last session started).

Every session comes from its own loopback address (127.1.x.y), as phones would: the server
limits creates and joins per address.

    python bench/scale.py                          # 1000 devices, 250 sessions, both configs
    python bench/scale.py --configs one --runs 3 --tracemalloc
    python bench/scale.py --configs one --devices 400 --sessions 100 --deflate --heartbeat
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from clients import (ROOT, add_load_options, collect, kill_clients,
                     parse_or_serve_as_client, start_clients)
from figures import percentile  # bench/, beside this script

sys.path.insert(0, str(ROOT))

from tests.support.redis_server import RedisServer  # noqa: E402
from tests.support.server import free_port, wait_for_port  # noqa: E402


def address(session: int) -> str:
    return f"127.1.{session // 250}.{session % 250 + 1}"


# -- the load generator (one client process) -------------------------------------------

async def client_main(args) -> None:
    import aiohttp
    import socketio

    ports = [int(p) for p in args.ports.split(",")]
    first, last = (int(x) for x in args.range.split(":"))
    per = args.per_session
    results = {"delivery": [], "lateness": [], "events": 0, "commands": [], "lag": [],
               "errors": []}
    window = [float("inf"), float("-inf")]  # epoch ms, set on GO
    devices = []  # (sio, http)
    sessions = []  # (controller sio, session_id, token)
    relays = {}  # session_id -> its first follower, which sends the pause and resume
    gate = asyncio.Semaphore(args.connect_concurrency)
    extra = {"heartbeat": True} if args.heartbeat else {}  # ask for the 1 Hz timer
    ws_options = {"compress": 15} if args.deflate else {}  # offer permessage-deflate

    def device(controller: bool, http) -> socketio.AsyncClient:
        sio = socketio.AsyncClient(reconnection=False, http_session=http,
                                   websocket_extra_options=ws_options)

        def on_state(data):
            now = time.time_ns() / 1e6
            if not window[0] <= now <= window[1]:
                return
            results["events"] += 1
            if data.get("reason") == "step":
                results["delivery"].append(now - data["step_started_at"])
                if controller:
                    results["lateness"].append(data["server_now"] - data["step_started_at"])

        def on_other(data=None):
            now = time.time_ns() / 1e6
            if window[0] <= now <= window[1]:
                results["events"] += 1

        sio.on("state", on_state)
        for name in ("timer", "devices", "session", "ended", "refused"):
            sio.on(name, on_other)
        return sio

    async def open_session(s: int) -> None:
        async with gate:
            http_for = []
            for _ in range(per):
                conn = aiohttp.TCPConnector(local_addr=(address(s), 0), limit=0)
                http_for.append(aiohttp.ClientSession(connector=conn))
            url = lambda j: f"http://127.0.0.1:{ports[(s + j) % len(ports)]}"  # noqa: E731
            ctl = device(True, http_for[0])
            devices.append((ctl, http_for[0]))
            await ctl.connect(url(0), transports=["websocket"], wait_timeout=30)
            ack = await ctl.call("create", {"routine_id": args.routine, "pace": args.pace,
                                            **extra}, timeout=60)
            if not ack.get("ok"):
                raise RuntimeError(f"create refused: {ack}")
            sessions.append((ctl, ack["session_id"], ack["control_token"]))
            for j in range(1, per):
                sio = device(False, http_for[j])
                devices.append((sio, http_for[j]))
                await sio.connect(url(j), transports=["websocket"], wait_timeout=30)
                joined = await sio.call("join", {"code": ack["code"], **extra}, timeout=60)
                if not joined.get("ok"):
                    raise RuntimeError(f"join refused: {joined}")
                if j == 1:
                    relays[ack["session_id"]] = sio

    async def command(sio, session_id, token, name) -> None:
        sent = time.perf_counter()
        try:
            ack = await sio.call("command", {"session_id": session_id, "token": token,
                                             "command": name}, timeout=30)
            results["commands"].append((time.perf_counter() - sent) * 1000)
            if not ack.get("ok"):
                results["errors"].append(f"{name}: {ack.get('error')}")
        except Exception as err:  # noqa: BLE001 - recorded, reported by the orchestrator
            results["errors"].append(f"{name}: {err!r}")

    async def drive(sio, session_id, token, t0: float) -> None:
        rng = random.Random(session_id)
        await asyncio.sleep(max(0.0, t0 + rng.uniform(0, 2) - time.time()))
        await command(sio, session_id, token, "start")
        if rng.random() < 0.5:  # half of the controllers pause once, for a second
            at = t0 + args.warmup + rng.uniform(0.1, 0.8) * args.seconds
            await asyncio.sleep(max(0.0, at - time.time()))
            by = relays.get(session_id, sio) if args.relay else sio  # `two`: forwarded
            await command(by, session_id, token, "pause")
            await asyncio.sleep(1.0)
            await command(by, session_id, token, "resume")

    async def lag_monitor(end: float) -> None:
        while time.time() < end:
            before = time.perf_counter()
            await asyncio.sleep(0.02)
            late = (time.perf_counter() - before - 0.02) * 1000
            if window[0] <= time.time_ns() / 1e6 <= window[1]:
                results["lag"].append(late)

    started = time.monotonic()
    await asyncio.gather(*(open_session(s) for s in range(first, last)))
    print(f"READY {time.monotonic() - started:.1f}", flush=True)
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    t0 = float(line.split()[1])
    window[0] = (t0 + args.warmup) * 1000
    window[1] = (t0 + args.warmup + args.seconds) * 1000
    end = t0 + args.warmup + args.seconds + 0.3
    await asyncio.gather(lag_monitor(end),
                         *(drive(sio, sid, tok, t0) for sio, sid, tok in sessions))
    await asyncio.sleep(max(0.0, end - time.time()))
    for sio, sid, tok in sessions:
        try:
            await sio.call("end", {"session_id": sid, "token": tok}, timeout=10)
        except Exception:  # noqa: BLE001 - ending is tidying up, not measured
            pass
    await asyncio.gather(*(sio.disconnect() for sio, _ in devices), return_exceptions=True)
    await asyncio.gather(*(http.close() for _, http in devices), return_exceptions=True)
    Path(args.out).write_text(json.dumps(results))


# -- the orchestrator --------------------------------------------------------------------

class Sampler(threading.Thread):
    """Peak RSS of the server processes, sampled every 100 ms."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        import psutil
        self.procs = [psutil.Process(pid) for pid in pids]
        self.peak = 0
        self.stopped = threading.Event()

    def rss(self) -> int:
        return sum(p.memory_info().rss for p in self.procs)

    def cpu(self) -> float:
        return sum(p.cpu_times().user + p.cpu_times().system for p in self.procs)

    def run(self) -> None:
        while not self.stopped.wait(0.1):
            try:
                self.peak = max(self.peak, self.rss())
            except Exception:  # noqa: BLE001 - a server that exited ends the sampling
                return


def start_servers(kind: str, nprocs: int, args, workdir: Path, redis_url: str,
                  traced: str = "") -> tuple[list, list[int], list[int]]:
    """Start the servers; returns (handles, ports, pids)."""
    handles, ports = [], []
    for i in range(nprocs):
        port = free_port()
        log = open(workdir / f"{kind}-{port}.log", "ab")
        if kind == "limber":
            env = {**os.environ, "PYTHONUNBUFFERED": "1", "LIMBER_HOST": "127.0.0.1",
                   "LIMBER_ASYNC_MODE": args.async_mode,
                   "LIMBER_PORT": str(port), "LIMBER_DATA_DIR": str(workdir / "data"),
                   "LIMBER_TIME_SCALE": str(args.scale), "LIMBER_LEASE_MS": str(args.lease_ms),
                   "LIMBER_REDIS_URL": redis_url}
            cmd = ["app.py"]
        else:
            env = {**os.environ, "PYTHONUNBUFFERED": "1"}
            cmd = ["bench/bare_server.py", "--port", str(port), "--scale", str(args.scale),
                   "--routine", args.routine, "--pace", args.pace, "--redis", redis_url,
                   "--async-mode", args.async_mode] + (["--heartbeat"] if args.heartbeat else [])
        if traced:
            cmd = ["bench/traced_server.py", f"{traced}.{i}", *cmd]
        proc = subprocess.Popen([sys.executable, *cmd], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
        log.close()
        wait_for_port(port, proc, timeout=30)
        handles.append(proc)
        ports.append(port)
    return handles, ports, [h.pid for h in handles]


def stop_servers(handles) -> None:
    for proc in handles:
        proc.terminate()
    for proc in handles:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_ready(clients, timeout: float = 300) -> float:
    setup = 0.0
    for proc, _ in clients:
        line = proc.stdout.readline()
        if not line.startswith("READY"):
            proc.kill()
            raise RuntimeError(f"client process failed during setup (got {line!r})")
        setup = max(setup, float(line.split()[1]))
    return setup


def run_one(kind: str, nprocs: int, args, workdir: Path, redis_url: str) -> dict:
    import psutil

    handles, ports, pids = start_servers(kind, nprocs, args, workdir, redis_url)
    clients = []
    try:
        time.sleep(1.0)
        sampler = Sampler(pids)
        rss_base = sampler.rss()
        sampler.start()
        extra = ["--seconds", str(args.seconds), "--warmup", str(args.warmup)]
        extra += ["--heartbeat"] if args.heartbeat else []
        extra += ["--deflate"] if args.deflate else []
        extra += ["--relay"] if kind == "limber" else []  # bare servers do not forward
        clients = start_clients(str(Path(__file__).resolve()), ports, args, workdir,
                                f"{kind}{nprocs}", extra, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
        setup_s = wait_ready(clients)
        time.sleep(0.5)
        rss_loaded = sampler.rss()
        client_ps = [psutil.Process(p.pid) for p, _ in clients]
        redis_ps = [psutil.Process(int(args.redis_pid))] if redis_url else []

        def cpu(ps):
            return sum(p.cpu_times().user + p.cpu_times().system for p in ps)

        t0 = time.time() + 0.5
        for proc, _ in clients:
            proc.stdin.write(f"GO {t0}\n")
            proc.stdin.flush()
        time.sleep(max(0.0, t0 + args.warmup - time.time()))
        cpu0 = (sampler.cpu(), cpu(client_ps), cpu(redis_ps))
        time.sleep(max(0.0, t0 + args.warmup + args.seconds - time.time()))
        cpu1 = (sampler.cpu(), cpu(client_ps), cpu(redis_ps))
        merged = collect(clients, timeout=120)
        sampler.stopped.set()
        return {**merged, "setup_s": setup_s, "rss_base": rss_base, "rss_loaded": rss_loaded,
                "rss_peak": max(sampler.peak, rss_loaded),
                "server_cpu": cpu1[0] - cpu0[0], "client_cpu": cpu1[1] - cpu0[1],
                "redis_cpu": cpu1[2] - cpu0[2]}
    finally:
        kill_clients(clients)
        stop_servers(handles)


def traced_per_session(kind: str, args, workdir: Path) -> tuple[float, str]:
    """Python heap allocated per running session (tracemalloc), one process."""
    out = workdir / f"traced-{kind}"
    handles, ports, pids = start_servers(kind, 1, args, workdir, "", traced=str(out))
    clients = []
    try:
        time.sleep(1.0)
        os.kill(pids[0], signal.SIGUSR1)
        deadline = time.monotonic() + 30
        while not Path(f"{out}.0").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        clients = start_clients(ports, args, workdir, f"traced-{kind}")
        wait_ready(clients)
        t0 = time.time() + 0.5
        for proc, _ in clients:
            proc.stdin.write(f"GO {t0}\n")
            proc.stdin.flush()
        time.sleep(max(0.0, t0 + 5 - time.time()))  # every session started, running
        Path(f"{out}.0").unlink()
        os.kill(pids[0], signal.SIGUSR1)
        deadline = time.monotonic() + 60
        while not Path(f"{out}.0").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        report = Path(f"{out}.0").read_text()
        return int(report.splitlines()[0]) / args.sessions, report
    finally:
        for proc, _ in clients:
            proc.kill()
            proc.wait()
        stop_servers(handles)


def cpu_per_event(r: dict) -> float:
    """Server CPU microseconds per event a device received, in the measured window."""
    return 1e6 * r["server_cpu"] / max(1, r["events"])


def report(kind: str, r: dict, args) -> None:
    d, lat, cmd, lag = r["delivery"], r["lateness"], r["commands"], r["lag"]
    print(f"  {kind:6} delivery ms p50 {percentile(d, 50):6.2f}  p99 {percentile(d, 99):7.2f}"
          f"  max {max(d, default=float('nan')):7.1f}   (n={len(d)})")
    print(f"         server lateness ms p50 {percentile(lat, 50):5.2f}  "
          f"p99 {percentile(lat, 99):6.2f}  max {max(lat, default=float('nan')):6.1f}"
          f"   (n={len(lat)} step transitions)")
    print(f"         server CPU per delivered event {cpu_per_event(r):6.1f} us   per step "
          f"announcement delivered {1e6 * r['server_cpu'] / max(1, len(d)):6.1f} us")
    print(f"         events delivered/s {r['events'] / args.seconds:7.0f}   command ack ms "
          f"p50 {percentile(cmd, 50):.1f} p99 {percentile(cmd, 99):.1f} (n={len(cmd)}), "
          f"lost or refused {len(r['errors'])}")
    print(f"         server CPU {r['server_cpu']:.1f} s in {args.seconds:.0f} s "
          f"({100 * r['server_cpu'] / args.seconds:.0f}% of one core)"
          + (f"; redis-server {r['redis_cpu']:.1f} s" if r["redis_cpu"] else "")
          + f"   peak RSS {r['rss_peak'] / 2**20:.0f} MiB")
    print(f"         RSS per live session (incl. its {args.devices // args.sessions} "
          f"connections) {(r['rss_loaded'] - r['rss_base']) / args.sessions / 1024:.0f} KiB"
          f"   setup {r['setup_s']:.0f} s")
    print(f"         load generator: CPU {r['client_cpu']:.1f} s "
          f"({100 * r['client_cpu'] / args.seconds:.0f}% of one core), event-loop lag ms "
          f"p50 {percentile(lag, 50):.1f} p99 {percentile(lag, 99):.1f}"
          + (f"   ERRORS {len(r['errors'])}: {r['errors'][:3]}" if r["errors"] else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    add_load_options(ap, devices=1000, sessions=250, seconds=30.0,
                     seconds_help="measured window")
    ap.add_argument("--warmup", type=float, default=5.0, help="seconds after the starts")
    ap.add_argument("--configs", default="one,two", help="one, two or both")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--no-bare", action="store_true")
    ap.add_argument("--tracemalloc", action="store_true")
    ap.add_argument("--heartbeat", action="store_true",
                    help="every device asks for the 1 Hz timer (simple clients do)")
    ap.add_argument("--deflate", action="store_true",
                    help="devices offer WebSocket compression, as every browser does")
    # client-process mode (internal)
    ap.add_argument("--relay", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--connect-concurrency", type=int, default=16, help=argparse.SUPPRESS)
    args = parse_or_serve_as_client(ap, client_main)

    per = args.devices // args.sessions
    print(f"scale bench: {args.sessions * per} devices in {args.sessions} sessions "
          f"(1 controller + {per - 1} followers), {args.routine}/{args.pace} at time scale "
          f"{args.scale:g}, {args.seconds:g} s measured after {args.warmup:g} s warm-up, "
          f"{args.client_procs} client process(es), {os.cpu_count()} CPUs, "
          f"{args.async_mode}, {'with' if args.heartbeat else 'no'} 1 Hz timer, "
          f"compression {'offered' if args.deflate else 'not offered'}")
    workdir = Path(tempfile.mkdtemp(prefix="limber-scale-"))
    redis_server = RedisServer()
    try:
        for config in args.configs.split(","):
            nprocs = {"one": 1, "two": 2}[config]
            redis_url = redis_server.start() if nprocs > 1 else ""
            args.redis_pid = redis_server.proc.pid if redis_url else None
            for run in range(args.runs):
                print(f"\n[{config}: {nprocs} process(es){' over Redis' if nprocs > 1 else ''}"
                      f", run {run + 1}/{args.runs}]")
                if redis_url:
                    import redis
                    redis.Redis.from_url(redis_url).flushdb()
                limber = run_one("limber", nprocs, args, workdir, redis_url)
                report("limber", limber, args)
                if args.no_bare:
                    continue
                if redis_url:
                    redis.Redis.from_url(redis_url).flushdb()
                bare = run_one("bare", nprocs, args, workdir, redis_url)
                report("bare", bare, args)
                ratio = percentile(limber["delivery"], 99) / percentile(bare["delivery"], 99)
                print(f"  ratio  Limber / bare: delivery p99 {ratio:.2f}, server CPU per "
                      f"delivered event {cpu_per_event(limber) / cpu_per_event(bare):.2f}")
            if redis_url:
                redis_server.stop()
        if args.tracemalloc:
            print("\n[memory: tracemalloc, one process, every session joined and running 3 s]")
            limber_b, limber_r = traced_per_session("limber", args, workdir)
            bare_b, _ = traced_per_session("bare", args, workdir)
            print(f"  Python heap per live session: Limber {limber_b / 1024:.1f} KiB, "
                  f"bare {bare_b / 1024:.1f} KiB, Limber's own {(limber_b - bare_b) / 1024:.1f}"
                  f" KiB\n  largest allocations (Limber, whole run):")
            for line in limber_r.splitlines()[1:7]:
                print("   ", line)
    finally:
        redis_server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
