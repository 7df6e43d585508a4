import time

import pytest

from tests.support.socket_calls import command, create, wait_for


def test_start_steps_pause_resume_finish(socket_client):
    c = socket_client()
    ack = create(c)
    assert ack["state"]["status"] == "ready"
    assert len(ack["control_token"]) >= 22  # 128 bits, base64url
    steps = ack["timeline"]["steps"]
    assert all("audio" in s and all("audio" in m for m in s["marks"]) for s in steps)
    assert command(c, ack, "start")["state"]["status"] == "running"
    # steps arrive in order from the scheduler
    msg, seen = wait_for(c, lambda m: m["name"] == "state" and m["args"][0]["index"] >= 3)
    indexes = [m["args"][0]["index"] for m in seen if m["name"] == "state"]
    assert indexes == sorted(indexes) and indexes[0] == 0
    paused = command(c, ack, "pause")["state"]
    assert paused["status"] == "paused" and paused["deadline"] is None
    resumed = command(c, ack, "resume")["state"]
    assert resumed["status"] == "running" and resumed["index"] == paused["index"]
    assert resumed["remaining_ms"] == paused["remaining_ms"]
    # jump near the end and let it finish
    command(c, ack, "jump", exercise_id="pelvic-tilts")
    msg, _ = wait_for(c, lambda m: m["name"] == "state"
                      and m["args"][0]["status"] == "finished", timeout=30)
    assert msg["args"][0]["index"] == len(steps) - 1


def test_timer_heartbeat_while_running(socket_client):
    c = socket_client()
    ack = create(c, heartbeat=True)
    command(c, ack, "start")
    msg, _ = wait_for(c, lambda m: m["name"] == "timer")
    beat = msg["args"][0]
    assert beat["session_id"] == ack["session_id"] and beat["status"] == "running"


def test_refused_command_is_told_once_by_its_ack_and_changes_nothing(socket_client):
    c = socket_client()
    ack = create(c)
    c.get_received()
    reply = command(c, ack, "pause")
    assert reply == {"ok": False, "error": "cannot pause: the session is ready",
                     "code": "not_running"}
    assert c.get_received() == [], "the ack is the only answer to a refused command"
    joined = c.emit("join", {"session_id": ack["session_id"]}, callback=True)
    assert joined["state"]["status"] == "ready"


def test_a_command_reaches_the_room_once(socket_client):
    controller, tablet = socket_client(), socket_client()
    ack = create(controller)
    assert tablet.emit("join", {"code": ack["code"]}, callback=True)["ok"]
    controller.get_received(), tablet.get_received()
    answer = command(controller, ack, "start")
    assert answer["ok"] and answer["state"]["reason"] == "start"
    for client in (controller, tablet):
        starts = [m for m in client.get_received()
                  if m["name"] == "state" and m["args"][0]["reason"] == "start"]
        assert len(starts) == 1


def test_wrong_token_is_refused(socket_client):
    c = socket_client()
    ack = create(c)
    reply = c.emit("command", {"session_id": ack["session_id"], "token": "guess",
                               "command": "start"}, callback=True)
    assert reply["ok"] is False and "controller" in reply["error"]


def test_bad_payloads_get_clear_errors(socket_client):
    c = socket_client()
    assert c.emit("create", "nonsense", callback=True)["error"] == "expected a JSON object"
    assert "pace" in c.emit("create", {"routine_id": "lower-back-hip", "pace": "x"},
                            callback=True)["error"]
    assert "no routine" in c.emit("create", {"routine_id": "nope"}, callback=True)["error"]
    assert "unknown exercise" in c.emit(
        "create", {"routine_id": "lower-back-hip", "exercises": ["zz"]}, callback=True)["error"]
    assert "whole numbers" in c.emit(
        "create", {"routine_id": "lower-back-hip", "overrides": {"bridge": {"reps": [1]}}},
        callback=True)["error"]
    assert "no session with that code" in c.emit("join", {"session_id": "zzz"},
                                                  callback=True)["error"]
    reply = c.emit("command", {"session_id": "zzz", "token": "t", "command": "dance"},
                   callback=True)
    assert reply["error"].startswith("'command' must be one of start, pause")
    assert "unexpected field 'colour'" in c.emit(
        "create", {"routine_id": "lower-back-hip", "colour": "red"}, callback=True)["error"]
    assert c.emit("teleport", {}, callback=True) == {
        "ok": False, "error": "unknown event 'teleport'", "code": "unknown_event"}
    assert "'session_id' is missing" in c.emit("end", {"token": "t"}, callback=True)["error"]


def test_every_refusal_carries_its_code(socket_client):
    c = socket_client()
    ack = create(c)
    cases = [
        ("create", "nonsense", "bad_request"),
        ("create", {"routine_id": "lower-back-hip", "pace": "x"}, "bad_request"),
        ("create", {"routine_id": "nope"}, "no_such_routine"),
        ("create", {"routine_id": "lower-back-hip", "exercises": ["zz"]}, "bad_options"),
        ("join", {"code": "ACD-EFH"}, "no_such_session"),
        ("join", {"session_id": ack["session_id"], "token": "not-it"}, "bad_token"),
        ("command", {"session_id": ack["session_id"], "command": "start"}, "not_controller"),
        ("command", {"session_id": ack["session_id"], "token": ack["control_token"],
                     "command": "jump", "exercise_id": "bridge"}, "not_playing"),
        ("teleport", {}, "unknown_event"),
    ]
    for event, payload, code in cases:
        reply = c.emit(event, payload, callback=True)
        assert reply["ok"] is False and reply["error"], (event, payload)
        assert reply["code"] == code, (event, payload, reply)
    other = socket_client()
    replies = [other.emit("join", {"code": "ACD-EFH"}, callback=True) for _ in range(25)]
    assert replies[-1]["code"] == "rate_limited"


def test_one_address_cannot_hold_too_many_sessions(socket_client):
    c = socket_client()
    replies = [c.emit("create", {"routine_id": "lower-back-hip"}, callback=True)
               for _ in range(6)]
    assert [r["ok"] for r in replies] == [True] * 5 + [False]
    assert "5 live sessions" in replies[-1]["error"]
    assert replies[-1]["code"] == "too_many_sessions"


def test_ping_answers_server_time(socket_client):
    client = socket_client()
    sent = time.time_ns() // 1_000_000
    reply = client.emit("ping", {}, callback=True)
    answered = -(-time.time_ns() // 1_000_000)
    # The server's clock is this machine's: it was read between sending and the answer.
    assert reply["ok"] and sent <= reply["server_now"] <= answered


@pytest.mark.settings(max_sessions_per_address=2)
def test_the_per_address_session_limit_is_a_setting(socket_client):
    c = socket_client()
    oks = [c.emit("create", {"routine_id": "lower-back-hip"}, callback=True)["ok"]
           for _ in range(3)]
    assert oks == [True, True, False]


def test_the_session_cap_names_what_it_counts_and_the_way_out(socket_client):
    c = socket_client()
    made = [c.emit("create", {"routine_id": "lower-back-hip"}, callback=True)
            for _ in range(5)]
    refused = c.emit("create", {"routine_id": "lower-back-hip"}, callback=True)
    assert refused["ok"] is False
    assert refused["error"].startswith("this network address already has 5 live sessions")
    assert "end" in refused["error"] and "control token" in refused["error"]
    # the way out: a page that kept its control tokens ends a stale session from any socket
    stale = made[0]
    other = socket_client()
    assert other.emit("end", {"session_id": stale["session_id"],
                              "token": stale["control_token"]}, callback=True) == {"ok": True}
    assert c.emit("create", {"routine_id": "lower-back-hip"}, callback=True)["ok"]
