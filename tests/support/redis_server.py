"""A private redis-server on a free loopback port, for cluster tests and benches."""

from __future__ import annotations

import shutil
import subprocess
import tempfile

from .server import free_port, wait_for_port


class RedisServer:
    """`with RedisServer() as url:` runs one until the block ends; nothing is saved."""

    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self._dir: tempfile.TemporaryDirectory | None = None

    def start(self) -> str:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed: .ci/run installs the Debian package"
        port = free_port()
        self._dir = tempfile.TemporaryDirectory(prefix="limber-redis-")
        self.proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no",
                                      "--dir", self._dir.name], stdout=subprocess.DEVNULL)
        wait_for_port(port, self.proc)
        return f"redis://127.0.0.1:{port}/0"

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        if self._dir is not None:
            self._dir.cleanup()

    def __enter__(self) -> str:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
