"""Real-browser fixtures: the Limber server in a subprocess, Debian's Chromium via Playwright.

Never `playwright install`: these machines have no internet; Chromium comes from Debian.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
]
TIME_SCALE = 60
CLINIC = {"name": "Massage Rx", "phone": "+1 555 0100", "booking_url": "https://example.org/book"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not answer on port {port} within {timeout} s")


@pytest.fixture(scope="session")
def clinic() -> dict:
    """The clinic details the server is started with (the end screen's call to action)."""
    return dict(CLINIC)


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory):
    """Cue clips for the seed routine at every pace, built offline (gTTS stubbed)."""
    from tests.support.voice_clips import build_stub_clips
    path = tmp_path_factory.mktemp("limber-audio") / "audio"
    build_stub_clips(path, clinic_name=CLINIC["name"], clinic_phone=CLINIC["phone"],
                     clinic_booking_url=CLINIC["booking_url"])
    return path


@pytest.fixture(scope="session")
def server(tmp_path_factory, audio_dir):
    """Base URL of a Limber server running `python app.py` at a high time scale, with the
    seed routine's cue clips built (so every step and mark has an audio URL)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found")
    port = _free_port()
    data_dir = tmp_path_factory.mktemp("limber-data")
    log_path = data_dir / "server.log"
    env = {
        **os.environ,
        "LIMBER_PORT": str(port),
        "LIMBER_HOST": "127.0.0.1",
        "LIMBER_TIME_SCALE": str(TIME_SCALE),
        "LIMBER_DATA_DIR": str(data_dir),
        "LIMBER_CLINIC_NAME": CLINIC["name"],
        "LIMBER_CLINIC_PHONE": CLINIC["phone"],
        "LIMBER_CLINIC_BOOKING_URL": CLINIC["booking_url"],
        "PYTHONUNBUFFERED": "1",
    }
    env["LIMBER_AUDIO_DIR"] = str(audio_dir)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for_port(port, proc)
            yield f"http://127.0.0.1:{port}"
        except RuntimeError as err:
            raise RuntimeError(f"{err}\n{log_path.read_text(errors='replace')}") from None
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def phone(browser):
    """A fresh page in a 360x640 touch phone viewport; browser console errors are collected."""
    context = browser.new_context(viewport={"width": 360, "height": 640},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.console_errors = []
    # Failed requests are recorded with their address (the console message has none).
    page.on("console", lambda m: m.type == "error" and not m.text.startswith(
        "Failed to load resource") and page.console_errors.append(m.text))
    page.on("response", lambda r: r.status >= 400 and page.console_errors.append(
        f"{r.status} {r.url}"))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    try:
        yield page
    finally:
        context.close()
