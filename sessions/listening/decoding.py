"""Decoders in their own process, so that decoding never holds up the server.

pocketsphinx holds Python's global lock while it decodes (and for the 0.1 s or more it
takes to make a decoder): in the server's process, 50 listening devices made step
transitions seconds late (bench/scale.py --listeners 50). Here the decoders live in a
child process (`main`, started by `Decoders`), and the server
only passes audio to it over a pipe; the GIL is free while it waits for an answer.

The pipe carries length-prefixed pickles, in order, each with a request number (0: no
answer wanted): (n, "make", id, cue_texts) -> (n, None or why it is unavailable);
(0, "begin"|"more", id, audio); (0, "drop"|"close", id); (n, "end", id) -> (n, hypothesis
or None). Audio goes only through the pipe, into memory, as it does in-process.
"""

from __future__ import annotations

import itertools
import os
import pickle
import struct
import subprocess
import sys
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import BinaryIO

from .recogniser import Recogniser, Unavailable

_HEADER = struct.Struct("<I")
_CHILD = "from sessions.listening.decoding import main; main()"
ANSWER_S = 30.0  # a child that answers nothing for this long is stuck: it is stopped


def send(out: BinaryIO, message: tuple) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(data)) + data)
    out.flush()


def receive(source: BinaryIO) -> tuple:
    """The next message; EOFError when the other end has gone."""
    header = source.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("the pipe closed")
    size, = _HEADER.unpack(header)
    data = source.read(size)
    if len(data) < size:
        raise EOFError("the pipe closed")
    return pickle.loads(data)


def serve(source: BinaryIO, out: BinaryIO) -> None:
    """The child's loop: one Recogniser per id, until the server closes the pipe. A
    message with a request number (not 0) is answered with (number, answer)."""
    recognisers: dict[int, Recogniser] = {}
    while True:
        try:
            request, kind, rid, *rest = receive(source)
        except EOFError:
            return
        answer = None
        if kind == "make":
            try:
                recognisers[rid] = Recogniser(rest[0])
            except Unavailable as err:
                answer = str(err)
        elif kind == "end":
            recogniser = recognisers.get(rid)
            answer = recogniser.end() if recogniser else None
        elif kind == "close":
            recognisers.pop(rid, None)
        elif rid in recognisers:
            recogniser = recognisers[rid]
            if kind == "begin":
                recogniser.begin(rest[0])
            elif kind == "more":
                recogniser.more(rest[0])
            elif kind == "drop":
                recogniser.drop()
        if request:
            send(out, (request, answer))


class DecodingProcess:
    """One child process of decoders, started on first use and again if it died (its
    decoders die with it: each knows the `generation` it was made in). Messages are sent
    one at a time; answers are read by a thread of their own, so a device waiting for its
    answer (behind another's decoder being made) holds up no one else's audio."""

    def __init__(self):
        self._lock = threading.Lock()
        self._child: subprocess.Popen | None = None
        self._waiting: dict[int, Future] = {}  # request number -> its answer to come
        self._requests = itertools.count(1)
        self.generation = 0
        self.decoders = 0

    def call(self, message: tuple, generation: int, answered: bool = False):
        """Send `message` for a decoder made in `generation`; with `answered`, wait for
        and return its answer. Raises Unavailable if that process has gone."""
        with self._lock:
            child = self._child
            if generation != self.generation or child is None or child.poll() is not None:
                raise Unavailable("the recogniser's process stopped")
            request = next(self._requests) if answered else 0
            if answered:
                answer = self._waiting[request] = Future()
            try:
                send(child.stdin, (request, *message))
            except OSError as err:
                child.kill()
                raise Unavailable(f"the recogniser's process stopped ({err})") from None
        if not answered:
            return None
        try:
            return answer.result(timeout=ANSWER_S)
        except FutureTimeout:
            child.kill()
            raise Unavailable(f"the recogniser's process gave no answer in {ANSWER_S} s; "
                              f"it was stopped") from None

    def _answers(self, child: subprocess.Popen) -> None:
        """(Its own thread, one per child.) Hand each answer to whoever waits for it; when
        the child has gone, everyone still waiting is told."""
        try:
            while True:
                request, answer = receive(child.stdout)
                with self._lock:
                    waiting = self._waiting.pop(request, None)
                if waiting is not None:
                    waiting.set_result(answer)
        except EOFError:  # it ended (its pipe closed, or it died)
            pass
        except (OSError, pickle.UnpicklingError, ValueError):  # it cannot be understood
            child.kill()
        finally:
            with self._lock:
                if self._child is child:
                    left, self._waiting = self._waiting, {}
                else:
                    left = {}
            for waiting in left.values():
                waiting.set_exception(Unavailable("the recogniser's process stopped"))

    def running(self) -> int:
        """The generation of the running child, started now if there is none."""
        with self._lock:
            if self._child is None or self._child.poll() is not None:
                try:
                    child = subprocess.Popen([sys.executable, "-c", _CHILD],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                except OSError as err:
                    raise Unavailable(f"the recogniser's process did not start ({err})") from None
                for waiting in self._waiting.values():
                    waiting.set_exception(Unavailable("the recogniser's process stopped"))
                self._child, self._waiting = child, {}
                threading.Thread(target=self._answers, args=(child,), daemon=True,
                                 name="listening-answers").start()
                self.generation += 1
                self.decoders = 0
            return self.generation

    def stop(self) -> None:
        with self._lock:
            child = self._child
            if child is not None and child.poll() is None:
                child.stdin.close()
        if child is not None:
            child.wait()


class RemoteRecogniser:
    """A Recogniser in a DecodingProcess: the same methods, over the pipe."""

    _ids = itertools.count(1)

    def __init__(self, process: DecodingProcess, cue_texts: list[str]):
        self._process = process
        self._id = next(self._ids)
        self._generation = process.running()
        problem = self._call("make", cue_texts, answered=True)
        if problem:
            raise Unavailable(problem)
        process.decoders += 1

    def _call(self, kind: str, *args, answered: bool = False):
        return self._process.call((kind, self._id, *args), self._generation, answered)

    def begin(self, audio: bytes) -> None:
        self._call("begin", audio)

    def more(self, audio: bytes) -> None:
        if audio:
            self._call("more", audio)

    def end(self) -> str | None:
        return self._call("end", answered=True)

    def drop(self) -> None:
        self._call("drop")

    def close(self) -> None:
        try:
            self._call("close")
            self._process.decoders -= 1
        except Unavailable:  # gone with its process already
            pass


class Decoders:
    """`processes` decoding processes; each new recogniser goes to the least busy."""

    def __init__(self, processes: int = 1):
        self._processes = [DecodingProcess() for _ in range(max(1, processes))]

    def recogniser(self, cue_texts: list[str]) -> RemoteRecogniser:
        return RemoteRecogniser(min(self._processes, key=lambda p: p.decoders), cue_texts)

    def stop(self) -> None:
        for process in self._processes:
            process.stop()


def main() -> None:
    """The child: the pipe is the real stdout; anything a library prints goes to stderr."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    serve(sys.stdin.buffer, answers)
