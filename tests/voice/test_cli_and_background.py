"""`flask voice build` and the background build (Google stubbed)."""

import logging
import threading

import pytest

from app import create_app
from sessions.config import ConfigError, Settings
from sessions.voice import service
from sessions.voice.engines import GTTSEngine
from sessions.voice.service import Voice

from tests.support.gtts_stub import body_for


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    # Politeness spacing is for Google, not for a stub: without it these tests wait ~8 s each.
    monkeypatch.setattr(GTTSEngine, "min_interval", 0.0)
    apps = []

    def make(**settings):
        app = create_app(Settings(time_scale=50, data_dir=tmp_path / "data",
                                  audio_dir=tmp_path / "audio", **settings))
        apps.append(app)
        return app
    yield make
    for app in apps:
        app.extensions["limber.live"].stop()


def test_cli_builds_with_a_summary_then_a_warm_run_makes_no_request(make_app, google):
    runner = make_app().test_cli_runner()
    result = runner.invoke(args=["voice", "build", "lower-back-hip", "--pace", "gentle"])
    assert result.exit_code == 0, result.output
    assert "0 already cached, 0 failed" in result.output and "generated" in result.output
    assert "lower-back-hip-gentle.json" in result.output
    sent = len(google.texts)
    result = runner.invoke(args=["voice", "build", "lower-back-hip", "--pace", "gentle"])
    assert result.exit_code == 0 and " 0 generated" in result.output
    assert len(google.texts) == sent


def test_cli_exits_1_when_a_cue_failed(make_app, google, mp3s):
    google.handler = lambda text: (403, "no") if text == "Halfway." else \
        (200, body_for(mp3s[0.5]))
    result = make_app().test_cli_runner().invoke(args=["voice", "build", "--pace", "extended"])
    assert result.exit_code == 1
    assert "FAIL 'Halfway.'" in result.output and "1 failed" in result.output


def test_cli_refuses_an_unknown_routine(make_app):
    result = make_app().test_cli_runner().invoke(args=["voice", "build", "nope"])
    assert result.exit_code == 2 and "nope" in result.output


class BuildReported(logging.Handler):
    """Set when the background build logs how it went: its last act, after every file."""

    def __init__(self):
        super().__init__()
        self.done = threading.Event()

    def emit(self, record):
        if record.getMessage().startswith("voice build"):
            self.done.set()


def test_autobuild_runs_in_the_background_and_never_blocks_a_page(make_app, google, mp3s,
                                                                   caplog):
    gate = threading.Event()

    def stuck_until_the_gate_opens(text):
        gate.wait(30)
        return 200, body_for(mp3s[0.5])
    google.handler = stuck_until_the_gate_opens
    caplog.set_level(logging.INFO, logger=service.__name__)
    reported = BuildReported()
    service.log.addHandler(reported)
    try:
        app = make_app(voice_autobuild=True)
        client = app.test_client()
        # The build is stuck on its first request, and the page is served all the same.
        body = client.get("/api/routines/lower-back-hip/timeline").get_json()
        assert body["steps"] and not any(s["audio"] for s in body["steps"])
        gate.set()
        assert reported.done.wait(60), "the background build never finished"
    finally:
        service.log.removeHandler(reported)
    body = client.get("/api/routines/lower-back-hip/timeline").get_json()
    assert all(s["audio"] for s in body["steps"])
    assert "0 failed" in caplog.text


def test_only_the_autobuild_setting_starts_a_build(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(Voice, "start_background_build",
                        lambda self, routines, options, spawn=None: started.append(routines))
    dirs = {"LIMBER_DATA_DIR": str(tmp_path / "data"), "LIMBER_AUDIO_DIR": str(tmp_path / "a")}
    for env, routines in (({}, []), ({"LIMBER_VOICE_AUTOBUILD": "0"}, []),
                          ({"LIMBER_VOICE_AUTOBUILD": "1"}, [["lower-back-hip"]])):
        app = create_app(Settings.from_env({**dirs, **env}))
        app.extensions["limber.live"].stop()
        assert [[r.id for r in build] for build in started] == routines, env
        started.clear()


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
