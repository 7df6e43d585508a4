"""A clinician's device controls; patient devices follow (Socket.IO test clients)."""

from tests.support.schedule import origin
from tests.support.socket_calls import command, create, join, wait_for


def test_create_gives_code_link_qr_and_token(socket_client):
    ack = create(socket_client())
    code = ack["code"]
    assert len(code) == 7 and code[3] == "-"
    assert ack["join_url"].endswith(f"/j/{code.replace('-', '')}")
    assert ack["control_token"] not in ack["join_url"]
    assert ack["role"] == "controller"
    assert [d["role"] for d in ack["devices"]] == ["controller"]


def test_controller_commands_reach_followers(socket_client):
    controller, tablet, tv = socket_client(), socket_client(), socket_client()
    ack = create(controller)
    for follower in (tablet, tv):
        joined = join(follower, ack["code"].lower())  # case and dash do not matter
        assert joined["ok"] and joined["role"] == "follower"
        assert "control_token" not in joined
        follower.get_received()
    command(controller, ack, "start")
    for follower in (tablet, tv):
        msg, _ = wait_for(follower, lambda m: m["name"] == "state"
                          and m["args"][0]["reason"] == "start")
        assert msg["args"][0]["status"] == "running"


def test_follower_commands_are_refused_and_change_nothing(socket_client):
    controller, tablet = socket_client(), socket_client()
    ack = create(controller)
    join(tablet, ack)
    tablet.get_received()
    # (pause is any device's right: tests/web/test_pause_rule.py)
    for name in ("start", "resume", "next", "previous", "restart", "jump"):
        reply = tablet.emit("command", {"session_id": ack["session_id"], "command": name,
                                        "exercise_id": "bridge"}, callback=True)
        assert reply == {"ok": False, "error": "only the controller can do that",
                         "code": "not_controller"}
    assert tablet.get_received() == [], "each refusal is answered by its ack alone"
    assert join(tablet, ack)["state"]["status"] == "ready"
    for event, extra in (("configure", {"pace": "extended"}), ("share_control",
                                                                {"enabled": True}),
                         ("end", {})):
        reply = tablet.emit(event, {"session_id": ack["session_id"], "token": "x" * 22,
                                    **extra}, callback=True)
        assert reply["ok"] is False and reply["code"] == "not_controller"


def test_a_late_joiner_lands_on_the_controllers_step_and_countdown(socket_client):
    controller, late, later = socket_client(), socket_client(), socket_client()
    ack = create(controller)
    command(controller, ack, "start")
    command(controller, ack, "next")
    paused = command(controller, ack, "pause")["state"]
    joined = join(late, ack)
    assert joined["ok"] and joined["role"] == "follower"
    assert joined["timeline"]["hash"] == ack["timeline"]["hash"]
    # Paused: the same step and the same time left in it, to the millisecond.
    fields = ("status", "index", "elapsed_ms", "remaining_ms", "position_ms", "deadline")
    assert {k: joined["state"][k] for k in fields} == {k: paused[k] for k in fields}
    assert paused["index"] >= 1 and paused["remaining_ms"] > 0
    # Running: the one snapshot gives the controller's schedule (the step's clock started
    # where the controller's did, however many steps have passed since) and its deadline.
    resumed = command(controller, ack, "resume")["state"]
    state = join(later, ack)["state"]
    assert state["status"] == "running" and state["index"] >= resumed["index"]
    assert origin(state, ack["timeline"]) == origin(resumed, ack["timeline"])
    step = ack["timeline"]["steps"][state["index"]]
    assert state["deadline"] == state["step_started_at"] + step["duration_ms"]


def test_controller_coming_back_with_its_token_has_control(socket_client):
    controller = socket_client()
    ack = create(controller)
    command(controller, ack, "start")
    controller.disconnect()
    again = socket_client()
    joined = join(again, ack, token=ack["control_token"])
    assert joined["role"] == "controller" and joined["state"]["status"] == "running"
    assert command(again, ack, "pause")["ok"]


def test_wrong_token_on_join_is_refused(socket_client):
    ack = create(socket_client())
    reply = join(socket_client(), ack, token="not-the-token")
    assert reply["ok"] is False and reply["code"] == "bad_token"


def test_unknown_and_ended_codes_are_explained(socket_client):
    controller, tablet = socket_client(), socket_client()
    assert "no session with that code" in join(tablet, "ACD-EFH")["error"]
    assert "no session with that code" in join(tablet, "!!")["error"]
    ack = create(controller)
    join(tablet, ack)
    tablet.get_received()
    ended = controller.emit("end", {"session_id": ack["session_id"],
                                    "token": ack["control_token"]}, callback=True)
    assert ended == {"ok": True}
    msg, _ = wait_for(tablet, lambda m: m["name"] == "ended")
    assert "controller" in msg["args"][0]["reason"]
    assert "no session with that code" in join(tablet, ack)["error"]


def test_shared_control_can_be_given_and_taken_back(socket_client):
    controller, tablet = socket_client(), socket_client()
    ack = create(controller)
    join(tablet, ack)
    share = {"session_id": ack["session_id"], "token": ack["control_token"]}
    assert controller.emit("share_control", {**share, "enabled": True}, callback=True)["ok"]
    reply = tablet.emit("command", {"session_id": ack["session_id"], "command": "start"},
                        callback=True)
    assert reply["ok"] and reply["state"]["status"] == "running"
    controller.emit("share_control", {**share, "enabled": False}, callback=True)
    reply = tablet.emit("command", {"session_id": ack["session_id"], "command": "next"},
                        callback=True)
    assert reply["ok"] is False and reply["code"] == "not_controller"


def test_configure_before_start_changes_the_timeline_for_everyone(socket_client):
    controller, tablet = socket_client(), socket_client()
    ack = create(controller)
    join(tablet, ack)
    tablet.get_received()
    base = {"session_id": ack["session_id"], "token": ack["control_token"]}
    reply = controller.emit("configure", {**base, "pace": "gentle",
                                          "exercises": ["bridge", "pelvic-tilts"],
                                          "overrides": {"pelvic-tilts": {"reps": 2}}},
                            callback=True)
    assert reply["ok"] and reply["timeline"]["total_ms"] < ack["timeline"]["total_ms"]
    assert [e["id"] for e in reply["timeline"]["exercises"]] == ["bridge", "pelvic-tilts"]
    assert reply["options"] == {"routine_id": "lower-back-hip", "pace": "gentle",
                                "exercises": ["bridge", "pelvic-tilts"],
                                "overrides": {"pelvic-tilts": {"reps": 2}}}
    msg, _ = wait_for(tablet, lambda m: m["name"] == "session")
    assert msg["args"][0]["timeline"]["hash"] == reply["timeline"]["hash"]
    bad = controller.emit("configure", {**base, "overrides": {"pelvic-tilts": {"reps": 99}}},
                          callback=True)
    assert bad["ok"] is False and "reps" in bad["error"]
    command(controller, ack, "start")
    late = controller.emit("configure", {**base, "pace": "extended"}, callback=True)
    assert late == {"ok": False, "error": "the dose can only be changed before starting",
                    "code": "not_ready"}


def test_device_panel_shows_roles_connection_and_audio(socket_client):
    controller, tablet = socket_client(), socket_client()
    ack = create(controller)
    joined = join(tablet, ack, name="Patient tablet")
    controller.get_received()
    tablet.emit("device", {"session_id": ack["session_id"], "audio_unlocked": True,
                           "offset_ms": -12.5, "rtt_ms": 8}, callback=True)
    msg, _ = wait_for(controller, lambda m: m["name"] == "devices" and any(
        d["audio_unlocked"] for d in m["args"][0]["devices"]))
    patient = next(d for d in msg["args"][0]["devices"] if d["role"] == "follower")
    assert patient["name"] == "Patient tablet" and patient["id"] == joined["device_id"]
    assert (patient["offset_ms"], patient["rtt_ms"], patient["connected"]) == (-12.5, 8, True)
    assert patient["muted"] is False
    tablet.emit("device", {"session_id": ack["session_id"], "muted": True}, callback=True)
    msg, _ = wait_for(controller, lambda m: m["name"] == "devices" and any(
        d["muted"] for d in m["args"][0]["devices"]))
    tablet.disconnect()
    msg, _ = wait_for(controller, lambda m: m["name"] == "devices" and not any(
        d["connected"] for d in m["args"][0]["devices"] if d["role"] == "follower"))
    bad = controller.emit("device", {"session_id": ack["session_id"], "rtt_ms": "fast"},
                          callback=True)
    assert bad["ok"] is False


def test_join_attempts_are_rate_limited(socket_client):
    guesser = socket_client()
    replies = [join(guesser, "ACD-EFH") for _ in range(25)]
    assert any("too many join attempts" in r["error"] for r in replies)


def test_qr_code_and_join_link(app, socket_client):
    ack = create(socket_client())
    client = app.test_client()
    code = ack["code"].replace("-", "")
    svg = client.get(f"/api/join/{code}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert b'<svg xmlns="http://www.w3.org/2000/svg"' in svg.data  # standalone: <img> shows it
    assert client.get("/api/join/zz/qr.svg").status_code == 404
    assert client.get(f"/j/{code}").status_code == 200
