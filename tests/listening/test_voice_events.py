"""Voice control over Socket.IO (Flask-SocketIO's test client): a device streams speech in
40 ms chunks and its session obeys, with the rights its buttons have."""

import pytest

from sessions.services import Limber
from tests.listening.speech import chunks
from tests.support.socket_calls import command, create, join, wait_for


def listening(app):
    return Limber.of(app).listening


def start_voice(client, ack, **extra):
    return client.emit("voice_start", {"session_id": ack["session_id"], **extra},
                       callback=True)


def stream(client, pcm):
    for chunk in chunks(pcm):
        client.emit("voice_audio", chunk)


def answers(client, count=1):
    """Every message until `count` voice_heard answers came (decoding is on other threads)."""
    seen = []
    while len([m for m in seen if m["name"] == "voice_heard"]) < count:
        _, more = wait_for(client, lambda m: m["name"] == "voice_heard")
        seen += more
    return seen


def heard_in(received):
    return [m["args"][0] for m in received if m["name"] == "voice_heard"]


def heard(client, count=1):
    return heard_in(answers(client, count))


def running_session(socket_client):
    controller = socket_client()
    ack = create(controller)
    assert command(controller, ack, "start")["ok"]
    controller.get_received()
    return controller, ack


def test_saying_pause_pauses_the_session(app, socket_client, said):
    controller, ack = running_session(socket_client)
    started = start_voice(controller, ack, token=ack["control_token"])
    assert started == {"ok": True, "sample_rate": 16000, "chunk_ms": 100, "tail_ms": 300}
    stream(controller, said("Pause."))
    received = answers(controller)
    assert heard_in(received) == [{"command": "pause", "ok": True}]
    states = [m["args"][0] for m in received if m["name"] == "state"]
    assert [s["status"] for s in states if s["reason"] == "pause"] == ["paused"]
    assert states[-1]["status"] == "paused", "and it stays paused"

    stream(controller, said("Continue!"))
    assert heard(controller) == [{"command": "resume", "ok": True}]


def test_a_followers_pause_works_and_its_next_is_refused_without_shared_control(
        app, socket_client, said):
    controller, ack = running_session(socket_client)
    tablet = socket_client()
    assert join(tablet, ack)["ok"]
    assert start_voice(tablet, ack)["ok"]
    stream(tablet, said("Next."))
    assert heard(tablet) == [{"command": "next", "ok": False, "code": "not_controller",
                              "error": "only the controller can do that"}]
    stream(tablet, said("Pause."))
    assert heard(tablet) == [{"command": "pause", "ok": True}]
    assert command(controller, ack, "resume")["ok"], "the follower's pause took effect"


def test_stop_asks_and_yes_ends_with_the_controllers_rights(app, socket_client, said):
    controller, ack = running_session(socket_client)
    tablet = socket_client()
    join(tablet, ack)
    start_voice(tablet, ack)
    stream(tablet, said("Yes."))
    assert heard(tablet)[0]["code"] == "nothing_to_confirm"
    stream(tablet, said("Stop!"))
    assert heard(tablet) == [{"command": "stop", "ok": True, "confirm": "stop",
                              "confirm_ms": 10_000}]
    stream(tablet, said("Yes."))
    assert heard(tablet)[0]["code"] == "not_controller", "the End button's rights"

    start_voice(controller, ack, token=ack["control_token"])
    stream(controller, said("Stop!"))
    stream(controller, said("Yes."))
    assert [h["command"] for h in heard(controller, 2)] == ["stop", "yes"]
    assert Limber.of(app).live.sessions == {}
    assert listening(app).count == 0, "the session's end released both devices' decoders"


def test_voice_stop_and_disconnect_release_the_decoder(app, socket_client):
    controller, ack = running_session(socket_client)
    assert start_voice(controller, ack)["ok"]
    assert listening(app).count == 1
    assert controller.emit("voice_stop", {}, callback=True) == {"ok": True}
    assert listening(app).count == 0
    start_voice(controller, ack)
    controller.disconnect()
    assert listening(app).count == 0


@pytest.mark.settings(voice_max_listeners=1)
def test_the_cap_answers_voice_busy_and_a_released_slot_is_reusable(app, socket_client):
    controller, ack = running_session(socket_client)
    tablet = socket_client()
    join(tablet, ack)
    assert start_voice(controller, ack)["ok"]
    busy = start_voice(tablet, ack)
    assert busy["ok"] is False and busy["code"] == "voice_busy"
    assert "buttons" in busy["error"]
    controller.emit("voice_stop", {}, callback=True)
    assert start_voice(tablet, ack)["ok"]


def test_listening_needs_the_session_joined_on_this_connection(app, socket_client):
    _, ack = running_session(socket_client)
    stranger = socket_client()
    refused = start_voice(stranger, ack)
    assert refused["ok"] is False and refused["code"] == "not_joined"
    assert stranger.emit("voice_start", {}, callback=True)["code"] == "bad_request"
    assert listening(app).count == 0


def test_bad_chunks_are_warned_about_once_and_lose_nothing(app, socket_client, said):
    controller, ack = running_session(socket_client)
    start_voice(controller, ack, token=ack["control_token"])
    pcm = said("Pause.")
    half = len(pcm) // 2 // 1280 * 1280
    stream(controller, pcm[:half])
    for bad in (b"\x00" * 1281, b"\x00" * 12_800, "text", b"\x00" * 1281):
        controller.emit("voice_audio", bad)
    stream(controller, pcm[half:])
    got = answers(controller)
    warnings = [m["args"][0] for m in got if m["name"] == "voice_state"]
    assert [w["listening"] for w in warnings] == [True, True, True], "each problem once"
    assert "even number of bytes" in warnings[0]["warning"]
    assert "10 to 200 ms" in warnings[1]["warning"]
    assert "binary" in warnings[2]["warning"]
    assert [m["args"][0]["command"] for m in got if m["name"] == "voice_heard"] == ["pause"]
