"""Scale-out: several server processes share sessions through Redis.

Each session runs in exactly one process, the holder of its lease, inside that process's
own `Live`. `ClusterLive` wraps that local `Live` and offers the handlers the same calls: a
call for a session this process runs goes to the local `Live`; any other is forwarded over
Redis to the holder (sessions.rpc) and answered from there. Events reach every device
through Flask-SocketIO's Redis message queue, whoever emits them.

A process says nothing about a session unless it is sure it still holds the lease (see
sessions.lease), and writes nothing unless Redis agrees (sessions.redis_store); a refused
write drops the session here. When a holder dies its lease lapses, and another process
takes the session over from its stored state: it runs on by its schedule and says once
where it is (sessions.adoption).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from typing import Callable

import redis

from . import adoption
from .core import access, joincode
from .core.access import SessionError
from .core.timeline import Timeline
from .fenced_store import FencedStore, answering
from .lease import Leases
from .live import Live, new_session_id
from .livesession import LiveSession
from .publisher import Emit
from .redis_limits import SessionQuota
from .redis_store import LeaseLost, RedisStore
from .rpc import Calls, Moved, decode
from .store import Store

log = logging.getLogger(__name__)
# Only these Live methods may be called from another process; nothing else is reachable.
ROUTED = ("add_device", "remove_device", "report", "command", "configure", "share_control",
          "end", "options")
# A forwarded call is sent again, with the same id, until it is answered: its owner may be
# busy (the first copy answered late), dead (the process that takes its session over answers),
# or the answer lost. Given up (`try_again`) within a client's wait for its ack (the page
# waits 5 s): time for a takeover after the owner died (the default lease, 2 s, and a little).
ANSWER_S = 2.8
ATTEMPT_S = 0.6  # one wait for an answer, before asking again who runs the session
RETRY_S = 0.05  # between routings while the session has no holder
SCAN_S = 0.25  # how often a process looks for lapsed leases: a takeover's delay past one


class ClusterLive:
    """The calls Socket.IO handlers make on `Live`, for sessions run by any process."""

    def __init__(self, emit: Emit, client: redis.Redis, history: Store, *, lease_ms: int,
                 quota: SessionQuota | None = None, answer_s: float = ANSWER_S,
                 prefix: str = "limber", **live_options):
        self.redis = client
        self.prefix = prefix
        self.process_id = secrets.token_hex(8)
        self.leases = Leases(client, self.process_id, lease_ms, prefix)
        self.store = RedisStore(client, history, self.leases, prefix)
        self.quota = quota  # live sessions per address, for the whole cluster
        self.calls = Calls(client, self.process_id, prefix)
        self.answer_s = answer_s
        self.send = emit
        self.local = Live(self._emit, store=FencedStore(self.store, self.leases, self._forget),
                          process_id=self.process_id, process_alive=self.process_alive,
                          **live_options)
        self.client_sessions: dict[str, set[str]] = {}  # socket id -> session ids
        self._stopped = threading.Event()
        self._ready = threading.Event()
        self._tasks: list = []

    # -- the handlers' calls ---------------------------------------------------------

    def create(self, timeline: Timeline, options: dict | None = None, owner: str = "", *,
               now: int) -> tuple[LiveSession, str]:
        """A session run here. Its id is leased, and counted against `owner`'s quota, before
        the session exists anywhere: no other process can take it while it is made."""
        session_id = new_session_id()
        if self.quota and owner and not self.quota.claim(owner, session_id, now):
            raise access.too_many_sessions(self.quota.most, self.local.idle_ms)
        try:
            if not self.leases.acquire(session_id):
                raise RuntimeError(f"the new session id {session_id} is leased already")
            with answering():
                return self.local.create(timeline, options, owner, now=now,
                                         session_id=session_id)
        except BaseException:
            self._forget(session_id)
            self.leases.retire(session_id)
            if self.quota and owner:
                self.quota.release(owner, session_id)
            raise

    def join(self, code_or_id: str, client: str, token: str | None = None, name: str = "",
             device_key: str | None = None, heartbeat: bool = False, *, now: int) -> dict:
        """Live.join, for a session any process runs (the device's socket is here). The
        device's new key is chosen here: a join sent again gives it the same one."""
        session_id = self.resolve(code_or_id)
        info = self._route("add_device", session_id, client, token, name, device_key,
                           self.process_id, heartbeat, now=now,
                           fresh_key=secrets.token_urlsafe(16))
        self.client_sessions.setdefault(client, set()).add(session_id)
        return info

    def leave(self, client: str, *, now: int) -> None:
        for session_id in self.client_sessions.pop(client, set()):
            try:
                self._route("remove_device", session_id, client, now=now)
            except SessionError:
                pass  # the session ended meanwhile

    def command(self, session_id: str, client: str, token: str | None, command: str,
                exercise_id: str | None = None, *, now: int) -> dict:
        return self._route("command", session_id, client, token, command, exercise_id,
                           now=now)

    def options(self, session_id: str) -> dict:
        return self._route("options", session_id)

    def configure(self, session_id: str, token: str | None, timeline: Timeline,
                  options: dict, *, now: int) -> dict:
        return self._route("configure", session_id, token, timeline, options, now=now)

    def share_control(self, session_id: str, token: str | None, enabled: bool, *,
                      now: int) -> dict:
        return self._route("share_control", session_id, token, enabled, now=now)

    def end(self, session_id: str, token: str | None, *, now: int) -> None:
        """Live.end; an `end` by the controller of a session ended moments ago (its first
        copy ended it, and the answer was lost) is answered as done."""
        try:
            return self._route("end", session_id, token, now=now)
        except SessionError as err:
            if err.code == "no_such_session" and access.matches(
                    token, self.store.ended_with(session_id) or ""):
                return None
            raise

    def report(self, session_id: str, client: str, *, now: int, **status) -> None:
        return self._route("report", session_id, client, now=now, **status)

    # -- routing ---------------------------------------------------------------------

    def resolve(self, code_or_id: str) -> str:
        """The id of a live session (run by any process), by its join code or its id."""
        code = joincode.normalize(code_or_id)
        session_id = self.store.find_code(code) if code else code_or_id
        if not session_id or not self.store.has_session(session_id):
            raise SessionError("no session with that code; check it, or it may have ended",
                               "no_such_session")
        return session_id

    def _runs(self, session_id: str) -> bool:
        return session_id in self.local.sessions and self.leases.confirm(session_id)

    def _route(self, method: str, session_id: str, *args, **kwargs):
        """Run a call where its session runs: here, or in its holder, found again and sent
        again until it answers. The call's id, chosen here, goes with every copy; the
        session remembers the commands it applied by it, so one is applied once."""
        call_id = secrets.token_hex(8)
        if method == "command":
            kwargs["command_id"] = call_id
        give_up = time.monotonic() + self.answer_s
        while (left := give_up - time.monotonic()) > 0:
            try:
                if self._runs(session_id):
                    return self._here(method, session_id, args, kwargs)
                holder = self.leases.holder_of(session_id)
                if holder is None:
                    if self._take(session_id, self.local.clock()):
                        continue
                    if not self.store.has_session(session_id):
                        raise SessionError("no such session; it may have ended",
                                           "no_such_session")
                elif holder != self.process_id:  # this one's: being created or taken now
                    return self.calls.call(holder, call_id, method, (session_id, *args),
                                           kwargs, min(left, ATTEMPT_S))
            except Moved:
                pass
            self._stopped.wait(RETRY_S)
        raise SessionError("the session's server did not answer in time; try again",
                           "try_again")

    def _here(self, method: str, session_id: str, args: tuple, kwargs: dict):
        with answering():
            try:
                return getattr(self.local, method)(session_id, *args, **kwargs)
            except LeaseLost:
                raise Moved() from None  # dropped here: another process runs it now
            except SessionError as err:
                if err.code == "no_such_session" and self.store.has_session(session_id):
                    raise Moved() from None  # dropped here meanwhile; it runs elsewhere
                raise

    def _answer(self, call: dict) -> dict:
        """A call from another process: run it here if this process runs its session."""
        try:
            method, kwargs = call["method"], call["kwargs"]
            session_id, *args = [decode(a) for a in call["args"]]
            if method not in ROUTED:
                return {"error": f"not a routed call: {method!r}", "code": "internal_error"}
            if not self._runs(session_id):
                return {"moved": True}
            if "now" in kwargs:  # the owner's clock times its sessions, never a caller's
                kwargs["now"] = self.local.clock()
            return {"result": self._here(method, session_id, tuple(args), kwargs)}
        except Moved:
            return {"moved": True}
        except SessionError as err:
            return {"error": str(err), "code": err.code}
        except Exception:  # the caller is told; the details are logged here
            log.exception("cluster: call %r failed", call.get("method"))
            return {"error": "internal error on the session's server",
                    "code": "internal_error"}

    # -- ownership -------------------------------------------------------------------

    def _take(self, session_id: str, now: int) -> bool:
        return adoption.take_over(self.local, self.leases, self.store, session_id, now)

    def _forget(self, session_id: str) -> None:
        """Stop running a session here: another process may be running it."""
        self.local.registry.drop(session_id)
        self.local.scheduler.set(session_id, None)
        self.leases.drop(session_id)

    def _emit(self, event: str, data: dict, to: str) -> None:
        """Every event of the local Live, to its session's room or to one device: sent only
        while the session's lease is surely ours (whether or not the session is still in
        the registry: a tick may hold one that was just dropped)."""
        session_id = data["session_id"]  # every event names its session
        if self.leases.confirm(session_id):
            self.send(event, data, to)
            if event == "ended":  # its last word (its row is gone): nobody need run it
                self.leases.retire(session_id)
        else:
            self._forget(session_id)

    def process_alive(self, process: str) -> bool:
        return bool(process) and bool(self.redis.exists(f"{self.prefix}:alive:{process}"))

    # -- background work -------------------------------------------------------------

    def restore(self, now: int) -> int:
        """Take over the sessions nobody runs (their processes stopped or died); the rest
        are taken as their leases lapse. Returns how many were taken."""
        return sum(self._take(session_id, now)
                   for session_id in self.leases.lapsed(limit=10_000)
                   if session_id not in self.local.sessions)

    def start(self, spawn: Callable) -> None:
        """Answer other processes' calls, keep this one's leases, take lapsed ones over,
        and run the local scheduler; `spawn` starts a task and returns it."""
        self._tasks += [spawn(self._serve), spawn(self._keep_leases),
                        spawn(self._take_lapsed)]
        self._ready.wait(5)
        self.local.start(spawn)

    def stop(self) -> None:
        """Stop, and let the sessions run here go to another process at once."""
        self._stopped.set()
        self.local.stop()
        for task in self._tasks:
            task.join(5)
        self._tasks.clear()
        for session_id in self.leases.held():
            self.leases.release(session_id)

    def _serve(self) -> None:
        self.calls.serve(self._answer, self._stopped.is_set, self._ready.set)

    def _keep_leases(self) -> None:
        """Renew every lease held here four times a lease; drop the sessions lost."""
        while not self._stopped.is_set():
            try:
                self.redis.set(f"{self.prefix}:alive:{self.process_id}", 1,
                               px=self.leases.ttl_ms)
                for session_id in self.leases.renew_all():
                    self._forget(session_id)
            except redis.RedisError:  # Redis away for a moment: the leases say what it costs
                log.exception("cluster: renewing leases failed")
            self._stopped.wait(self.leases.ttl_ms / 4000)

    def _take_lapsed(self) -> None:
        while not self._stopped.wait(SCAN_S):
            try:
                for session_id in self.leases.lapsed():
                    if session_id not in self.local.sessions and not self._stopped.is_set():
                        self._take(session_id, self.local.clock())
            except redis.RedisError:
                log.exception("cluster: taking lapsed sessions over failed")
