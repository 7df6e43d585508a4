"""Socket.IO commands given only part of what they could carry: they change only that, and
a command missing what it needs is refused with a sentence that says so."""


def created(client):
    ack = client.emit("create", {"routine_id": "lower-back-hip", "pace": "gentle",
                                 "exercises": ["bridge", "pelvic-tilts"]}, callback=True)
    assert ack["ok"], ack
    return ack, {"session_id": ack["session_id"], "token": ack["control_token"]}


def test_configure_with_only_overrides_keeps_pace_and_exercises(socket_client):
    controller = socket_client()
    ack, base = created(controller)
    reply = controller.emit("configure", {**base, "overrides": {"pelvic-tilts": {"reps": 2}}},
                            callback=True)
    assert reply["ok"], reply
    assert reply["options"] == {"routine_id": "lower-back-hip", "pace": "gentle",
                                "exercises": ["bridge", "pelvic-tilts"],
                                "overrides": {"pelvic-tilts": {"reps": 2}}}
    assert reply["timeline"]["pace"] == "gentle"
    assert [e["id"] for e in reply["timeline"]["exercises"]] == ["bridge", "pelvic-tilts"]
    tilts = [s for s in reply["timeline"]["steps"]
             if s["exercise_id"] == "pelvic-tilts" and s["kind"] == "hold"]
    assert len(tilts) == 2


def test_configure_with_only_a_pace_keeps_exercises_and_overrides(socket_client):
    controller = socket_client()
    ack, base = created(controller)
    controller.emit("configure", {**base, "overrides": {"bridge": {"sets": 2}}}, callback=True)
    reply = controller.emit("configure", {**base, "pace": "extended"}, callback=True)
    assert reply["ok"], reply
    assert reply["options"] == {"routine_id": "lower-back-hip", "pace": "extended",
                                "exercises": ["bridge", "pelvic-tilts"],
                                "overrides": {"bridge": {"sets": 2}}}
    # and what a device joining now sees is the same merged choice
    joined = socket_client().emit("join", {"code": ack["code"]}, callback=True)
    assert joined["options"] == reply["options"]
    assert joined["timeline"]["hash"] == reply["timeline"]["hash"]


def test_a_refused_configure_changes_nothing(socket_client):
    controller = socket_client()
    ack, base = created(controller)
    bad = controller.emit("configure", {**base, "exercises": ["no-such-thing"]}, callback=True)
    assert bad["ok"] is False and "no-such-thing" in bad["error"]
    joined = socket_client().emit("join", {"code": ack["code"]}, callback=True)
    assert joined["options"] == ack["options"]
    assert joined["timeline"]["hash"] == ack["timeline"]["hash"]


def test_jump_without_an_exercise_id_says_what_it_needs(socket_client):
    controller = socket_client()
    ack, base = created(controller)
    controller.emit("command", {**base, "command": "start"}, callback=True)
    reply = controller.emit("command", {**base, "command": "jump"}, callback=True)
    assert reply["ok"] is False
    assert reply["error"].startswith("jump needs an exercise_id")
    assert "None" not in reply["error"]


def test_a_refusal_echoes_only_a_glimpse_of_the_value(socket_client):
    controller = socket_client()
    ack, base = created(controller)
    long_id = "x" * 50_000
    for bad in ({"overrides": {long_id: 5}}, {"overrides": {long_id: {"reps": 2}}},
                {"exercises": [long_id[:100]] * 100}, {long_id: 1}):
        reply = controller.emit("configure", {**base, **bad}, callback=True)
        assert reply["ok"] is False and "xxx" in reply["error"]
        assert len(reply["error"]) < 200, (len(reply["error"]), reply["error"][:100])
