"""`flask voice build` and the background build (Google stubbed)."""

import threading
import time

import pytest

from sessions.config import ConfigError, Settings
from sessions.voice.engines import GTTSEngine

from tests.support.gtts_stub import body_for


@pytest.fixture(autouse=True)
def no_politeness_spacing(monkeypatch):
    # Politeness spacing is for Google, not for a stub: without it these tests wait ~8 s each.
    monkeypatch.setattr(GTTSEngine, "min_interval", 0.0)


def test_cli_builds_with_a_summary_then_a_warm_run_makes_no_request(app, google):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["voice", "build", "lower-back-hip", "--pace", "gentle"])
    assert result.exit_code == 0, result.output
    assert "0 already cached, 0 failed" in result.output and "generated" in result.output
    assert "lower-back-hip-gentle.json" in result.output
    sent = len(google.texts)
    result = runner.invoke(args=["voice", "build", "lower-back-hip", "--pace", "gentle"])
    assert result.exit_code == 0 and " 0 generated" in result.output
    assert len(google.texts) == sent


def test_cli_exits_1_when_a_cue_failed(app, google, mp3s):
    google.handler = lambda text: (403, "no") if text == "Halfway." else \
        (200, body_for(mp3s[0.5]))
    result = app.test_cli_runner().invoke(args=["voice", "build", "--pace", "extended"])
    assert result.exit_code == 1
    assert "FAIL 'Halfway.'" in result.output and "1 failed" in result.output


def test_cli_refuses_an_unknown_routine(app):
    result = app.test_cli_runner().invoke(args=["voice", "build", "nope"])
    assert result.exit_code == 2 and "nope" in result.output


@pytest.fixture
def gate(google, mp3s):
    """Google answers nothing until the gate opens (set before the app starts building)."""
    gate = threading.Event()

    def stuck_until_the_gate_opens(text):
        gate.wait(30)
        return 200, body_for(mp3s[0.5])
    google.handler = stuck_until_the_gate_opens
    yield gate
    gate.set()


@pytest.mark.settings(voice_autobuild=True)
def test_autobuild_runs_in_the_background_and_never_blocks_a_page(gate, app):
    client = app.test_client()
    # The build is stuck on its first request, and the page is served all the same.
    body = client.get("/api/routines/lower-back-hip/timeline").get_json()
    assert body["steps"] and not any(s["audio"] for s in body["steps"])
    gate.set()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        body = client.get("/api/routines/lower-back-hip/timeline").get_json()
        if all(s["audio"] for s in body["steps"]):
            break
        time.sleep(0.1)
    assert all(s["audio"] for s in body["steps"])


def test_autobuild_is_off_by_default():
    assert Settings().voice_autobuild is False
    assert Settings.from_env({}).voice_autobuild is False


def test_voice_settings_from_the_environment(tmp_path):
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"x")
    s = Settings.from_env({"LIMBER_VOICE_TLD": "co.uk", "LIMBER_VOICE_SLOW": "1",
                           "LIMBER_PIPER_MODEL": str(model)})
    assert (s.voice_engine, s.voice_tld, s.voice_slow, s.piper_model) == \
        ("gtts", "co.uk", True, str(model))
    with pytest.raises(ConfigError, match="LIMBER_VOICE_ENGINE"):
        Settings.from_env({"LIMBER_VOICE_ENGINE": "espeak"})
    with pytest.raises(ConfigError, match="LIMBER_PIPER_MODEL"):
        Settings.from_env({"LIMBER_VOICE_ENGINE": "piper"})
    with pytest.raises(ConfigError, match="LIMBER_PIPER_MODEL"):
        Settings.from_env({"LIMBER_PIPER_MODEL": str(tmp_path / "missing.onnx")})
