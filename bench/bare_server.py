"""The baseline for bench/scale.py: a bare python-socketio server that only broadcasts.

Same stack as `python app.py` (python-socketio in threading mode, simple-websocket,
werkzeug's threaded server) and the same schedule (the seed routine's step durations at
the same time scale), but nothing else: no runner, no persistence, no roster, no schema
checks. One scheduler thread sleeps until the earliest deadline of all rooms and emits a
`state` event shaped like Limber's snapshot to the room; with --heartbeat also 1 Hz `timer`
events while running (as Limber sends to devices that ask for them). With --redis, rooms
are shared between processes through socketio.RedisManager, as Limber does with
LIMBER_REDIS_URL; --async-mode gevent serves with gevent, as LIMBER_ASYNC_MODE=gevent does.

    python bench/bare_server.py --port 5100 --scale 20 [--redis redis://127.0.0.1:6379/0]
"""

from __future__ import annotations

import sys

if "gevent" in sys.argv:  # patch the standard library before anything imports it
    from gevent import monkey

    monkey.patch_all()

import argparse  # noqa: E402
import heapq  # noqa: E402
import itertools  # noqa: E402
import secrets  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import socketio  # noqa: E402
from werkzeug.serving import run_simple  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def durations(routine: str, pace: str, scale: float) -> tuple[list[int], str]:
    """The step durations Limber would play (same compiler, same clips, same scale)."""
    from sessions.catalog import Catalog
    from sessions.config import Settings
    from sessions.voice import Voice

    settings = Settings.from_env()
    catalog = Catalog(settings, voice=Voice.from_settings(settings))
    timeline = catalog.compile(routine, catalog.options(pace)).scaled(scale)
    return [s.duration_ms for s in timeline.steps], timeline.hash


class Room:
    def __init__(self, room_id: str, steps: list[int], timeline_hash: str):
        self.id, self.steps, self.hash = room_id, steps, timeline_hash
        self.total = sum(steps)
        self.index, self.status = 0, "ready"
        self.started_at: int | None = None  # when the current step's clock started
        self.used = 0  # ms of the current step already played before a pause
        self.gen = 0  # bumps on every command; stale heap entries are skipped
        self.next_heartbeat: int | None = None

    def deadline(self) -> int | None:
        if self.status != "running":
            return None
        return self.started_at + self.steps[self.index] - self.used

    def snapshot(self, now: int, reason: str) -> dict:
        running = self.status == "running"
        elapsed = self.used + (now - self.started_at if running else 0)
        return {"type": "state", "session_id": self.id, "reason": reason,
                "status": self.status, "index": self.index, "timeline_hash": self.hash,
                "step_started_at": self.started_at if running else None,
                "deadline": self.deadline(), "elapsed_ms": elapsed,
                "remaining_ms": self.steps[self.index] - elapsed,
                "position_ms": sum(self.steps[:self.index]) + elapsed,
                "total_ms": self.total, "server_now": now}


class Bare:
    def __init__(self, sio: socketio.Server, steps: list[int], timeline_hash: str,
                 heartbeat: bool):
        self.sio, self.steps, self.hash = sio, steps, timeline_hash
        self.heartbeat = heartbeat
        self.rooms: dict[str, Room] = {}
        self.heap: list[tuple[int, int, str, int]] = []
        self.seq = itertools.count()
        self.cond = threading.Condition()

    def schedule(self, room: Room) -> None:  # with self.cond held
        room.gen += 1
        due = room.deadline()
        if due is not None:
            heapq.heappush(self.heap, (due, next(self.seq), room.id, room.gen))
        if room.next_heartbeat is not None:
            heapq.heappush(self.heap, (room.next_heartbeat, next(self.seq), room.id, -1))
        self.cond.notify()

    def command(self, room_id: str, command: str) -> dict:
        with self.cond:
            room = self.rooms[room_id]
            now = now_ms()
            if command in ("start", "resume") and room.status in ("ready", "paused"):
                room.status, room.started_at = "running", now
                if room.next_heartbeat is None and self.heartbeat:
                    room.next_heartbeat = now + 1000
            elif command == "pause" and room.status == "running":
                room.used += now - room.started_at
                room.status, room.next_heartbeat = "paused", None
            snap = room.snapshot(now, command)
            self.schedule(room)
        self.sio.emit("state", snap, to=room_id)
        return snap

    def run(self) -> None:
        while True:
            out = []
            with self.cond:
                while not self.heap or self.heap[0][0] > now_ms():
                    wait = None if not self.heap else (self.heap[0][0] - now_ms()) / 1000
                    self.cond.wait(timeout=wait)
                now = now_ms()
                while self.heap and self.heap[0][0] <= now:
                    due, _, room_id, gen = heapq.heappop(self.heap)
                    room = self.rooms.get(room_id)
                    if room is None or room.status != "running":
                        continue
                    if gen == -1:  # heartbeat
                        if room.next_heartbeat != due:
                            continue
                        snap = room.snapshot(now, "sync")
                        out.append(("timer", {"session_id": room.id, "status": snap["status"],
                                              "index": snap["index"],
                                              "remaining_ms": snap["remaining_ms"],
                                              "server_now": now}, room.id))
                        room.next_heartbeat = now + 1000
                        heapq.heappush(self.heap, (room.next_heartbeat, next(self.seq),
                                                   room.id, -1))
                        continue
                    if gen != room.gen:
                        continue
                    # the step ended on time: the next one starts at the scheduled instant
                    room.started_at, room.used = due, 0
                    room.index += 1
                    if room.index >= len(room.steps):
                        room.index, room.status = len(room.steps) - 1, "finished"
                        room.next_heartbeat = None
                        out.append(("state", room.snapshot(now, "finished"), room.id))
                        continue
                    out.append(("state", room.snapshot(now, "step"), room.id))
                    room.gen += 1
                    heapq.heappush(self.heap, (room.deadline(), next(self.seq), room.id,
                                               room.gen))
            for event, data, room_id in out:
                self.sio.emit(event, data, to=room_id)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=5100)
    ap.add_argument("--scale", type=float, default=20.0)
    ap.add_argument("--routine", default="lower-back-hip")
    ap.add_argument("--pace", default="gentle")
    ap.add_argument("--redis", default="")
    ap.add_argument("--heartbeat", action="store_true", help="1 Hz timer events")
    ap.add_argument("--async-mode", choices=("threading", "gevent"), default="threading")
    args = ap.parse_args()

    manager = socketio.RedisManager(args.redis) if args.redis else None
    sio = socketio.Server(async_mode=args.async_mode, client_manager=manager)
    steps, timeline_hash = durations(args.routine, args.pace, args.scale)
    bare = Bare(sio, steps, timeline_hash, args.heartbeat)

    @sio.on("create")
    def create(sid, payload):
        room = Room(secrets.token_urlsafe(12), steps, timeline_hash)
        with bare.cond:
            bare.rooms[room.id] = room
        sio.enter_room(sid, room.id)
        return {"ok": True, "session_id": room.id, "code": room.id, "control_token": "-"}

    @sio.on("join")
    def join(sid, payload):
        room_id = payload.get("code") or payload.get("session_id")
        sio.enter_room(sid, room_id)
        return {"ok": True, "session_id": room_id}

    @sio.on("command")
    def command(sid, payload):
        if payload["session_id"] not in bare.rooms:  # created on the other process
            return {"ok": False, "error": "not here"}
        return {"ok": True, "state": bare.command(payload["session_id"], payload["command"])}

    @sio.on("end")
    def end(sid, payload):
        with bare.cond:
            bare.rooms.pop(payload["session_id"], None)
        return {"ok": True}

    sio.start_background_task(bare.run)
    print(f"bare: serving on http://127.0.0.1:{args.port}/", flush=True)
    if args.async_mode == "gevent":
        from gevent import pywsgi
        server = pywsgi.WSGIServer(("127.0.0.1", args.port), socketio.WSGIApp(sio), log=None)
        server.serve_forever()
    else:
        run_simple("127.0.0.1", args.port, socketio.WSGIApp(sio), threaded=True)


if __name__ == "__main__":
    main()
