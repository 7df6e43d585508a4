"""Decoders in their own process, so that decoding never holds up the server.

pocketsphinx holds Python's global lock while it decodes (and for the 0.1 s or more it
takes to make a decoder): in the server's process, 50 listening devices made step
transitions seconds late (bench/scale.py --listeners 50). Here the decoders live in a
child process (`main`, started by `Decoders`), and the server
only passes audio to it over a pipe; the GIL is free while it waits for an answer.

The pipe carries length-prefixed pickles, in order: ("make", id, cue_texts) -> ("made",
None) or ("made", why it is unavailable); ("begin"|"more", id, audio); ("drop"|"close", id);
("end", id) -> ("heard", hypothesis or None). Only "make" and "end" are answered. Audio goes
only through the pipe, into memory, as it does in-process.
"""

from __future__ import annotations

import itertools
import os
import pickle
import struct
import subprocess
import sys
import threading
from typing import BinaryIO

from .recogniser import Recogniser, Unavailable

_HEADER = struct.Struct("<I")
_CHILD = "from sessions.listening.decoding import main; main()"


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
    """The child's loop: one Recogniser per id, until the server closes the pipe."""
    recognisers: dict[int, Recogniser] = {}
    while True:
        try:
            kind, rid, *rest = receive(source)
        except EOFError:
            return
        if kind == "make":
            try:
                recognisers[rid] = Recogniser(rest[0])
                send(out, ("made", None))
            except Unavailable as err:
                send(out, ("made", str(err)))
        elif kind == "end":
            recogniser = recognisers.get(rid)
            send(out, ("heard", recogniser.end() if recogniser else None))
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


class DecodingProcess:
    """One child process of decoders, started on first use and again if it died (its
    decoders die with it: each knows the `generation` it was made in)."""

    def __init__(self):
        self._lock = threading.Lock()  # one message (and its answer) at a time
        self._child: subprocess.Popen | None = None
        self.generation = 0
        self.decoders = 0

    def call(self, message: tuple, generation: int, answered: bool = False):
        """Send `message` for a decoder made in `generation`; with `answered`, wait for
        and return its answer. Raises Unavailable if that process has gone."""
        with self._lock:
            child = self._child
            if generation != self.generation or child is None or child.poll() is not None:
                raise Unavailable("the recogniser's process stopped")
            try:
                send(child.stdin, message)
                return receive(child.stdout)[1] if answered else None
            except (EOFError, OSError, pickle.UnpicklingError) as err:
                child.kill()
                raise Unavailable(f"the recogniser's process stopped ({err})") from None

    def running(self) -> int:
        """The generation of the running child, started now if there is none."""
        with self._lock:
            if self._child is None or self._child.poll() is not None:
                try:
                    self._child = subprocess.Popen([sys.executable, "-c", _CHILD],
                                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                except OSError as err:
                    raise Unavailable(f"the recogniser's process did not start ({err})") from None
                self.generation += 1
                self.decoders = 0
            return self.generation

    def stop(self) -> None:
        with self._lock:
            if self._child is not None and self._child.poll() is None:
                self._child.stdin.close()
                self._child.wait()


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
