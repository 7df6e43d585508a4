"""A forwarded command is applied once and answered, whatever happens to its first answer:
lost, late, or lost with the process that applied it; a join sent twice gives one key.
ClusterLive instances over one Redis stand for server processes; the owner's replies are
intercepted to lose or delay them."""

import threading

import pytest

from sessions.clock import now_ms
from sessions.core.access import SessionError
from tests.support.live import spawn, timeline


def lapse(redis_client, session_id: str) -> None:
    """The lease runs out in Redis, as when its holder is dead."""
    redis_client.delete(f"limber:lease:{session_id}")
    redis_client.zadd("limber:lease-expiries", {session_id: 0})


def intercept(live, reply):
    """`reply(work_out, send)` stands for the owner's way of answering each call it gets:
    `work_out()` runs the call there and returns its answer, `send(answer)` sends it back.
    Returns the answers worked out, in order."""
    real, answers = live.calls._reply, []

    def replying(answer, call):
        def work_out():
            answers.append(answer(call))
            return answers[-1]
        reply(work_out, lambda worked: real(lambda _: worked, call))
    live.calls._reply = replying
    return answers


def losing_the_first_answer(owner) -> list[dict]:
    """The owner works out every call it gets, but the first answer never leaves it."""
    def lose_the_first(work_out, send):
        worked = work_out()
        if len(answers) > 1:
            send(worked)
    answers = intercept(owner, lose_the_first)
    return answers


def serving_only(make_live):
    """A process that answers calls but keeps no lease alive nor takes lapsed ones: what it
    holds stays its own until a test lets a lease lapse."""
    live = make_live(started=False)
    live._tasks.append(spawn(live._serve))
    assert live._ready.wait(5)
    return live


def started(owner, ticks: int = 3):
    now = now_ms()
    session, token = owner.create(timeline(*[60_000] * ticks), now=now)
    owner.command(session.id, "console", token, "start", now=now)
    return session, token


def test_a_forwarded_command_whose_answer_is_lost_is_applied_once_and_answered(make_live):
    owner, other = make_live(), make_live()
    session, token = started(owner)
    answers = losing_the_first_answer(owner)
    answer = other.command(session.id, "tablet", token, "next", now=now_ms())
    assert answer["index"] == 1 and answer == answers[0]["result"], "the first answer"
    assert owner.local.get(session.id).runner.state.index == 1, "applied once"
    assert [d["reason"] for d in owner.send.named("state")] == ["start", "next"]


class FirstCopyLate:
    """An owner's way of answering in which the first copy of a call is held until the
    sender has sent it again: the second copy is worked out, and answered, first."""

    def __init__(self):
        self.arrived = 0
        self.sent_again, self.first_done = threading.Event(), threading.Event()

    def __call__(self, work_out, send):
        self.arrived += 1  # a second copy is sent only after the first has waited a while
        if self.arrived == 1:
            self.sent_again.wait(10)
            send(work_out())
            self.first_done.set()
        else:
            self.sent_again.set()
            send(work_out())

    def both_worked_out(self) -> bool:
        return self.sent_again.is_set() and self.first_done.wait(10)


def test_a_forwarded_command_whose_answer_is_late_is_applied_once(make_live):
    owner, other = make_live(), make_live()
    session, token = started(owner)
    late = FirstCopyLate()
    answers = intercept(owner, late)
    answer = other.command(session.id, "tablet", token, "next", now=now_ms())
    assert answer["index"] == 1
    assert late.both_worked_out(), "the first copy was worked out too, late"
    assert owner.local.get(session.id).runner.state.index == 1, "applied once"
    assert len(answers) >= 2 and all(a["result"] == answer for a in answers), \
        "every copy, one answer"
    assert [d["reason"] for d in owner.send.named("state")] == ["start", "next"]


def test_a_command_sent_again_after_a_takeover_is_applied_once(make_live, redis_client):
    dying = serving_only(make_live)
    session, token = started(dying)

    def applied_then_died(work_out, send):  # stored and told, never answered
        work_out()
        dying._forget(session.id)
        lapse(redis_client, session.id)
    answers = intercept(dying, applied_then_died)
    adopter = make_live()
    answer = adopter.command(session.id, "tablet", token, "next", now=now_ms())
    assert answer == answers[0]["result"], "the first answer, from the stored session"
    assert adopter.local.get(session.id).runner.state.index == 1, "applied once"
    assert [d["reason"] for d in dying.send.named("state")] == ["start", "next"]
    assert [(d["reason"], d["index"]) for d in adopter.send.named("state")] == \
        [("takeover", 1)], "the adopter said where it is, and applied nothing"


def test_a_forwarded_join_answered_late_gives_the_key_the_device_comes_back_with(make_live):
    owner, other = make_live(), make_live()
    session, _ = started(owner)
    late = FirstCopyLate()
    intercept(owner, late)
    joined = other.join(session.code, "tablet", None, "Tablet", now=now_ms())
    assert late.both_worked_out()
    other.leave("tablet", now=now_ms())
    back = other.join(session.code, "tablet-2", None, "", joined["device_key"], now=now_ms())
    assert back["device_id"] == joined["device_id"], "the same device, by the key it was given"
    assert len(owner.local.get(session.id).roster.devices) == 1


def test_a_forwarded_end_whose_answer_is_lost_is_answered(make_live):
    owner, other = make_live(), make_live()
    session, token = started(owner)
    answers = losing_the_first_answer(owner)
    assert other.end(session.id, token, now=now_ms()) is None, "ended, as asked"
    assert answers[0] == {"result": None}
    assert [d["reason"] for d in owner.send.named("ended")] == ["ended by the controller"]
    with pytest.raises(SessionError) as refused:
        other.end(session.id, "not its token", now=now_ms())
    assert refused.value.code == "no_such_session", "ended, but not by this one"
