"""The client processes of the load benches (bench/scale.py, bench/soak.py): each runs the
same script with `--client` for a share of the sessions, writes what it measured to a JSON
file, and the orchestrator adds the shares up."""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def add_load_options(ap: argparse.ArgumentParser, devices: int, sessions: int,
                     seconds: float, seconds_help: str) -> None:
    """The options both benches take: the load, the routine, the servers' settings."""
    ap.add_argument("--devices", type=int, default=devices)
    ap.add_argument("--sessions", type=int, default=sessions)
    ap.add_argument("--scale", type=float, default=10.0, help="LIMBER_TIME_SCALE")
    ap.add_argument("--seconds", type=float, default=seconds, help=seconds_help)
    ap.add_argument("--routine", default="lower-back-hip")
    ap.add_argument("--pace", default="gentle")
    ap.add_argument("--client-procs", type=int, default=1)
    ap.add_argument("--lease-ms", type=int, default=5000)
    ap.add_argument("--async-mode", choices=("threading", "gevent"), default="threading",
                    help="the servers' async mode (Limber: LIMBER_ASYNC_MODE)")


def parse_or_serve_as_client(ap: argparse.ArgumentParser, client_main) -> argparse.Namespace:
    """The options; started as a client process (`--client`), run `client_main(args)` and
    exit instead."""
    ap.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--ports", help=argparse.SUPPRESS)
    ap.add_argument("--range", help=argparse.SUPPRESS)
    ap.add_argument("--per-session", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.client:
        asyncio.run(client_main(args))
        sys.exit(0)
    return args


def start_clients(script: str, ports: list[int], args, workdir: Path, tag: str,
                  extra: list[str], **popen) -> list[tuple[subprocess.Popen, Path]]:
    """`args.client_procs` processes of `script`, the sessions split evenly between them;
    `extra` are the script's own options. Returns (process, its output file) pairs."""
    procs = []
    bounds = [round(i * args.sessions / args.client_procs) for i in range(args.client_procs + 1)]
    for i in range(args.client_procs):
        out = workdir / f"{tag}-client{i}.json"
        cmd = [sys.executable, script, "--client", "--ports", ",".join(map(str, ports)),
               "--range", f"{bounds[i]}:{bounds[i + 1]}",
               "--per-session", str(args.devices // args.sessions), "--routine", args.routine,
               "--pace", args.pace, "--out", str(out), *extra]
        procs.append((subprocess.Popen(cmd, cwd=ROOT, **popen), out))
    return procs


def collect(clients: list[tuple[subprocess.Popen, Path]], timeout: float) -> dict:
    """Wait for every client process; their results added up (numbers summed, lists joined)."""
    for proc, _ in clients:
        proc.wait(timeout=timeout)
    merged: dict = {}
    for proc, out in clients:
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"a client process failed (exit {proc.returncode})")
        for key, value in json.loads(out.read_text()).items():
            merged[key] = merged.get(key, [] if isinstance(value, list) else 0) + value
    return merged


def kill_clients(clients: list[tuple[subprocess.Popen, Path]]) -> None:
    for proc, _ in clients:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
