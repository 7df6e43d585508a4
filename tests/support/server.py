"""Run `python app.py` in a subprocess for real-network and browser tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen | None = None,
                  timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing answered on port {port} within {timeout} s")


class LimberServer:
    """The app as a user runs it; `kill()` is kill -9, `start()` brings it back."""

    def __init__(self, data_dir: Path, port: int | None = None, **settings: str):
        self.port = port or free_port()
        self.data_dir = Path(data_dir)
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", "LIMBER_HOST": "127.0.0.1",
                    "LIMBER_PORT": str(self.port), "LIMBER_DATA_DIR": str(self.data_dir),
                    **{f"LIMBER_{k.upper()}": str(v) for k, v in settings.items()}}
        self.proc: subprocess.Popen | None = None
        self.log_path = self.data_dir / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "LimberServer":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=self.env,
                                     stdout=log, stderr=subprocess.STDOUT)
        log.close()
        try:
            wait_for_port(self.port, self.proc)
        except RuntimeError as err:
            raise RuntimeError(f"{err}\n{self.log()}") from None
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> "LimberServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
