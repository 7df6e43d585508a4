"""Scale-out: several server processes share sessions through Redis.

Each session is run by exactly one process, the holder of its lease. A request that
arrives at another process (the device's socket may be on any of them) is forwarded to the
holder over Redis (publish a call, wait for the reply on a list) and answered from there.
Events reach every device through Flask-SocketIO's Redis message queue, whoever emits them.
When the holder dies its lease expires, and another process adopts the session from the
state the holder last stored, so it runs on by its schedule.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import redis

from .core import joincode
from .core.timeline import Timeline
from .core.access import SessionError
from .lease import Leases
from .live import Live
from .livesession import LiveSession
from .redis_store import LeaseLost, RedisStore

ROUTED = ("add_device", "remove_device", "report", "command", "configure", "share_control",
          "end", "options")


class Moved(Exception):
    """The process asked no longer runs the session (or is gone): route again."""


def _encode(value):
    if isinstance(value, Timeline):
        return {"__timeline__": value.to_dict()}
    return value


def _decode(value):
    if isinstance(value, dict) and "__timeline__" in value:
        return Timeline.from_dict(value["__timeline__"])
    return value


class ClusterLive(Live):
    def __init__(self, emit, client: redis.Redis, store: RedisStore, lease_ms: int = 5000,
                 rpc_timeout_s: float = 3.0, prefix: str = "limber", **kwargs):
        super().__init__(emit, store=store, **kwargs)
        self.redis = client
        self.prefix = prefix
        self.process_id = secrets.token_hex(8)
        self.leases = Leases(client, self.process_id, lease_ms, prefix)
        store.fence(self.leases)
        self.rpc_timeout_s = rpc_timeout_s
        self.pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="limber-rpc")
        self._ready = threading.Event()
        self._quit = threading.Event()  # wakes the lease keeper at once on stop()

    # -- background work -----------------------------------------------------------

    def start(self, spawn: Callable) -> None:
        """Serve calls from other processes, keep leases, and run the scheduler; `spawn`
        starts a task and returns it (stop() waits for them all)."""
        for work in (self._serve_calls, self._keep_leases):
            self._tasks.append(spawn(work))
        self._ready.wait(5)
        super().start(spawn)

    def _serve_calls(self) -> None:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(f"{self.prefix}:rpc:{self.process_id}")
        self._ready.set()
        while not self.scheduler.stopped:
            message = pubsub.get_message(timeout=0.5)
            if message:
                self.pool.submit(self._answer, json.loads(message["data"]))
        pubsub.close()

    def _answer(self, call: dict) -> None:
        session_id = call["args"][0]
        if call["method"] not in ROUTED:  # only what _route sends; nothing else is callable
            reply = {"error": f"not a routed call: {call['method']!r}", "code": "internal_error"}
        elif session_id not in self.sessions:
            reply = {"moved": True}
        else:
            try:
                args = [_decode(a) for a in call["args"]]
                kwargs = call["kwargs"]
                if "now" in kwargs:  # the owner's clock times its sessions, never a caller's
                    kwargs["now"] = self.clock()
                reply = {"result": getattr(Live, call["method"])(self, *args, **kwargs)}
            except SessionError as err:
                reply = {"error": str(err), "code": err.code}
            except Exception:  # logged by the caller's side as a failed call
                reply = {"error": "internal error on the session's server",
                         "code": "internal_error"}
        key = f"{self.prefix}:reply:{call['id']}"
        pipe = self.redis.pipeline()
        pipe.rpush(key, json.dumps(reply))
        pipe.expire(key, 30)
        pipe.execute()

    def _keep_leases(self) -> None:
        interval = self.leases.ttl_ms / 3000
        while not self.scheduler.stopped:
            self.redis.set(f"{self.prefix}:alive:{self.process_id}", 1,
                           px=self.leases.ttl_ms)
            for session_id in list(self.sessions):
                if not self.leases.renew(session_id):
                    self._forget(session_id)  # another process runs it now
            for session_id in self.store.session_ids():
                if session_id not in self.sessions and self.leases.holder_of(session_id) is None:
                    self._take(session_id)
            self._quit.wait(interval)

    def stop(self) -> None:
        self._quit.set()
        super().stop()
        for session_id in list(self.sessions):
            self.leases.release(session_id)

    def process_alive(self, process: str) -> bool:
        return bool(process) and bool(self.redis.exists(f"{self.prefix}:alive:{process}"))

    # -- ownership -------------------------------------------------------------------

    def _take(self, session_id: str) -> bool:
        if not self.leases.acquire(session_id):
            return False
        row = self.store.load_session(session_id)
        if row is None:
            self.leases.release(session_id)
            return False
        self.adopt(row, self.clock())
        return True

    def _forget(self, session_id: str) -> None:
        self.registry.drop(session_id)
        self.scheduler.set(session_id, None)

    def _save_many(self, sessions: list[LiveSession], now: int) -> None:
        try:
            super()._save_many(sessions, now)
        except LeaseLost as lost:
            for session_id in lost.session_ids:
                self._forget(session_id)  # this process stalled and another took over

    def restore(self, now: int) -> int:
        return 0  # sessions are adopted by lease, in _keep_leases

    def create(self, timeline: Timeline, options: dict | None = None, owner: str = "", *,
               now: int) -> tuple[LiveSession, str]:
        session, token = super().create(timeline, options, owner, now=now)
        if not self.leases.acquire(session.id):
            self._forget(session.id)  # adopted elsewhere in the instant before; it routes
        return session, token

    def _remove(self, session: LiveSession, reason: str, now: int,
                outcome: str = "ended") -> None:
        super()._remove(session, reason, now, outcome)
        self.leases.release(session.id)

    # -- routing ---------------------------------------------------------------------

    def _resolve(self, code_or_id: str) -> str:
        code = joincode.normalize(code_or_id)
        session_id = self.store.find_code(code) if code else code_or_id
        if not session_id or not self.redis.sismember(f"{self.prefix}:sessions", session_id):
            raise SessionError("no session with that code; check it, or it may have ended",
                               "no_such_session")
        return session_id

    def _route(self, method: str, session_id: str, *args, **kwargs):
        for _ in range(20):
            if session_id in self.sessions:
                return getattr(Live, method)(self, session_id, *args, **kwargs)
            holder = self.leases.holder_of(session_id)
            try:
                if holder == self.process_id:
                    row = self.store.load_session(session_id)
                    if row is None:
                        raise SessionError("no such session; it may have ended",
                                           "no_such_session")
                    self.adopt(row, self.clock())
                elif holder is None:
                    if not self._take(session_id):
                        self._resolve(session_id)  # raises if the session has ended
                else:
                    return self._call(holder, method, session_id, *args, **kwargs)
            except Moved:
                time.sleep(0.05)
        raise SessionError("the session's server is changing; try again in a moment",
                           "try_again")

    def _call(self, holder: str, method: str, *args, **kwargs):
        call_id = secrets.token_hex(8)
        body = json.dumps({"id": call_id, "method": method,
                           "args": [_encode(a) for a in args], "kwargs": kwargs})
        if not self.redis.publish(f"{self.prefix}:rpc:{holder}", body):
            raise Moved()  # nobody listens there: that process died, its lease will lapse
        answer = self.redis.blpop([f"{self.prefix}:reply:{call_id}"], timeout=self.rpc_timeout_s)
        if answer is None:
            raise SessionError("the session's server did not answer in time; try again",
                               "try_again")
        reply = json.loads(answer[1])
        if reply.get("moved"):
            raise Moved()
        if "error" in reply:
            raise SessionError(reply["error"], reply["code"])
        return reply["result"]

    def join(self, code_or_id: str, client: str, token: str | None = None, name: str = "",
             device_key: str | None = None, *, now: int) -> dict:
        session_id = self._resolve(code_or_id)
        info = self._route("add_device", session_id, client, token, name, device_key,
                           self.process_id, now=now)
        self.client_sessions.setdefault(client, set()).add(session_id)
        return info


def _routed(method: str):
    def call(self, session_id, *args, **kwargs):
        return self._route(method, session_id, *args, **kwargs)
    call.__name__ = method
    call.__doc__ = f"Live.{method}, run by the session's owning process."
    return call


for _method in ROUTED:
    setattr(ClusterLive, _method, _routed(_method))
