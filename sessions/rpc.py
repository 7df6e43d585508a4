"""Calls between server processes over Redis: a call is published on the callee's channel
and answered on a list named for the call, which the caller waits on. A call sent again
keeps its id, so whichever copy is answered first answers it.

Only transport lives here; what may be called, and how, is the caller's and the callee's
business (sessions.cluster).
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import redis

from .core.access import SessionError
from .core.timeline import Timeline

REPLY_TTL_S = 30  # a reply nobody waits for any more (the caller gave up) goes away


class Moved(Exception):
    """The process asked does not run the session (any more), is gone, or did not answer
    in time: route the call again (with its id: the session's owner applies it once)."""


def _encode(value):
    if isinstance(value, Timeline):
        return {"__timeline__": value.to_dict()}
    return value


def decode(value):
    """An argument as it was before the call crossed over."""
    if isinstance(value, dict) and "__timeline__" in value:
        return Timeline.from_dict(value["__timeline__"])
    return value


class Calls:
    def __init__(self, client: redis.Redis, process_id: str, prefix: str = "limber"):
        self.client = client
        self.process_id = process_id
        self.prefix = prefix
        self.pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="limber-rpc")

    def channel(self, process_id: str) -> str:
        return f"{self.prefix}:rpc:{process_id}"

    def call(self, process_id: str, call_id: str, method: str, args: tuple, kwargs: dict,
             wait_s: float):
        """Run `method` in process `process_id` and return its result; raises Moved (also
        when no answer came within `wait_s`), or the SessionError it raised there."""
        body = json.dumps({"id": call_id, "method": method,
                           "args": [_encode(a) for a in args], "kwargs": kwargs})
        if not self.client.publish(self.channel(process_id), body):
            raise Moved()  # nobody listens there: that process died, its lease will lapse
        # a timeout of 0 would wait for ever; Redis counts it in milliseconds
        answer = self.client.blpop([f"{self.prefix}:reply:{call_id}"],
                                   timeout=max(0.01, wait_s))
        if answer is None:
            raise Moved()  # busy, stopped or dead: where the session runs is asked again
        reply = json.loads(answer[1])
        if reply.get("moved"):
            raise Moved()
        if "error" in reply:
            raise SessionError(reply["error"], reply["code"])
        return reply["result"]

    def serve(self, answer: Callable[[dict], dict], stopped: Callable[[], bool],
              ready: Callable[[], None]) -> None:
        """Answer calls to this process until `stopped()`: each call dict goes to
        `answer`, on a pool thread, and what it returns is sent back as the reply."""
        pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(self.channel(self.process_id))
        ready()
        while not stopped():
            message = pubsub.get_message(timeout=0.5)
            if message:
                self.pool.submit(self._reply, answer, json.loads(message["data"]))
        pubsub.close()
        self.pool.shutdown(wait=True)

    def _reply(self, answer: Callable[[dict], dict], call: dict) -> None:
        key = f"{self.prefix}:reply:{call['id']}"
        pipe = self.client.pipeline()
        pipe.rpush(key, json.dumps(answer(call)))
        pipe.expire(key, REPLY_TTL_S)
        pipe.execute()
