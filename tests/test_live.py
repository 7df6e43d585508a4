"""The live shell with a fake clock: idle expiry, devices, limits."""

import pytest

from sessions.core.timeline import Clinic, Step, Timeline
from sessions.live import Live, SessionError


class Clock:
    def __init__(self):
        self.now = 1_000_000

    def __call__(self):
        return self.now


def tiny_timeline():
    steps = (Step(0, "hold", 1000, True, "Hold."), Step(1, "done", 1000, False, "Done."))
    return Timeline("r", "R", "en", "standard", steps, (), Clinic())


@pytest.fixture
def live():
    clock = Clock()
    sent = []
    live = Live(lambda event, data, room: sent.append((event, data, room)), clock,
                idle_ms=60_000, max_followers=2)
    live.sent, live.fake_clock = sent, clock
    return live


def test_a_session_nobody_is_connected_to_ends_after_the_idle_time(live):
    session, token = live.create(tiny_timeline())
    live.join(session.id, "c1", token)
    live.leave("c1")
    assert live.due_at() == live.fake_clock.now + 60_000
    live.fake_clock.now += 59_999
    live.tick()
    assert session.id in live.sessions
    live.fake_clock.now += 1
    live.tick()
    assert session.id not in live.sessions
    assert ("ended", {"session_id": session.id,
                      "reason": "no device was connected for too long"}, session.id) in live.sent
    with pytest.raises(SessionError):
        live.find(session.code)


def test_a_connected_device_keeps_the_session(live):
    session, token = live.create(tiny_timeline())
    live.join(session.code, "c1")
    live.fake_clock.now += 10 * 60_000
    live.tick()
    assert session.id in live.sessions


def test_followers_are_limited(live):
    session, _ = live.create(tiny_timeline())
    live.join(session.code, "a")
    live.join(session.code, "b")
    with pytest.raises(SessionError, match="already has 2 followers"):
        live.join(session.code, "c")
    live.leave("a")
    live.join(session.code, "c")  # a place freed up


def test_codes_are_unique_and_unambiguous(live):
    codes = {live.create(tiny_timeline())[0].code for _ in range(300)}
    assert len(codes) == 300
    assert not set("".join(codes)) & set("01OILSZ2B8G6UV5")
