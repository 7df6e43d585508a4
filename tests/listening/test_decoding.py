"""Decoders in their own process (sessions/listening/decoding.py): the same commands heard
as in the server's process, a process that dies says so and is replaced, and the server
stopping ends it."""

import pytest

from sessions.listening import Decoders, Listener, Unavailable
from sessions.services import Limber
from tests.listening.test_recogniser import hear
from tests.support.socket_calls import wait_for
from tests.listening.test_voice_events import answers, running_session, start_voice, stream


@pytest.fixture
def decoders():
    made = Decoders()
    yield made
    made.stop()


def only_process(decoders):
    process, = decoders._processes
    return process


def test_commands_are_heard_through_the_decoding_process(decoders, said):
    listener = Listener("device", "session", None, decoders.recogniser(["Next up: Bridge."]))
    assert hear(listener, said("Pause.")) == ["pause"]
    assert hear(listener, said("Next up: Bridge.")) == [], "a cue is still garbage"
    assert only_process(decoders).decoders == 1
    listener.close()
    assert only_process(decoders).decoders == 0


def test_a_process_that_died_says_so_and_the_next_decoder_gets_a_new_one(decoders, said):
    listener = Listener("device", "session", None, decoders.recogniser([]))
    only_process(decoders)._child.kill()
    only_process(decoders)._child.wait()
    with pytest.raises(Unavailable, match="the recogniser's process stopped"):
        hear(listener, said("Pause."))
    again = Listener("device", "session", None, decoders.recogniser([]))
    assert hear(again, said("Pause.")) == ["pause"]


def test_a_device_is_told_when_its_recogniser_stopped(app, socket_client, said):
    controller, ack = running_session(socket_client)
    assert start_voice(controller, ack, token=ack["control_token"])["ok"]
    listening = Limber.of(app).listening
    process = only_process(listening._make.__self__)
    process._child.kill()
    process._child.wait()
    stream(controller, said("Pause."))
    told, _ = wait_for(controller, lambda m: m["name"] == "voice_state"
                       and m["args"][0]["listening"] is False)
    assert told["args"][0] == {"listening": False, "reason": "unavailable"}
    assert listening.count == 0
    assert start_voice(controller, ack, token=ack["control_token"])["ok"], "and again"
    stream(controller, said("Pause."))
    assert [m["args"][0] for m in answers(controller) if m["name"] == "voice_heard"] == [
        {"command": "pause", "ok": True}]


def test_stopping_the_server_ends_the_decoding_process(app, socket_client):
    controller, ack = running_session(socket_client)
    assert start_voice(controller, ack, token=ack["control_token"])["ok"]
    child = only_process(Limber.of(app).listening._make.__self__)._child
    Limber.of(app).stop()
    assert child.wait() == 0, "it ended when its pipe closed"
