"""A device that joins gets every event produced after the state in its join answer, and the
1 Hz `timer` only when it asks for it."""

from tests.support.socket_calls import command, create, wait_for


def test_a_change_made_while_a_device_joins_reaches_it(app, socket_client):
    live = app.extensions["limber"].live
    controller = socket_client()
    ack = create(controller)
    command(controller, ack, "start")
    original = live.join

    def join_then_change(*args, **kwargs):  # the change lands after the join's snapshot
        info = original(*args, **kwargs)
        live.command(ack["session_id"], "someone", ack["control_token"], "pause",
                     now=kwargs["now"] + 1)
        return info

    live.join = join_then_change
    follower = socket_client()
    joined = follower.emit("join", {"code": ack["code"]}, callback=True)
    assert joined["ok"] and joined["state"]["status"] == "running"
    msg, _ = wait_for(follower, lambda m: m["name"] == "state"
                      and m["args"][0]["reason"] == "pause")
    assert msg["args"][0]["server_now"] >= joined["state"]["server_now"]


def test_a_refused_join_leaves_the_device_out_of_the_room(socket_client):
    controller = socket_client()
    ack = create(controller)
    outsider = socket_client()
    refused = outsider.emit("join", {"session_id": ack["session_id"], "token": "wrong" * 5},
                            callback=True)
    assert refused["ok"] is False and refused["code"] == "bad_token"
    command(controller, ack, "start")
    wait_for(controller, lambda m: m["name"] == "state" and m["args"][0]["reason"] == "start")
    assert [m["name"] for m in outsider.get_received()] == []


def test_a_refused_second_join_keeps_a_device_in_its_room(socket_client):
    controller, tablet = socket_client(), socket_client()
    ack = create(controller)
    assert tablet.emit("join", {"code": ack["code"]}, callback=True)["ok"]
    refused = tablet.emit("join", {"code": ack["code"], "token": "wrong" * 5}, callback=True)
    assert refused["ok"] is False
    command(controller, ack, "start")
    wait_for(tablet, lambda m: m["name"] == "state" and m["args"][0]["reason"] == "start")


def test_the_timer_comes_only_to_a_device_that_asks_for_it(socket_client):
    controller = socket_client()
    ack = create(controller, heartbeat=True)
    follower = socket_client()
    assert follower.emit("join", {"code": ack["code"]}, callback=True)["ok"]
    command(controller, ack, "start")
    msg, _ = wait_for(controller, lambda m: m["name"] == "timer")
    assert msg["args"][0]["session_id"] == ack["session_id"]
    _, seen = wait_for(follower, lambda m: m["name"] == "state"
                       and m["args"][0]["reason"] == "start")
    # the follower's events up to a step after that beat hold no timer
    command(controller, ack, "next")
    _, later = wait_for(follower, lambda m: m["name"] == "state"
                        and m["args"][0]["reason"] == "next")
    assert "timer" not in [m["name"] for m in seen + later]


def test_heartbeat_must_be_true_or_false(socket_client):
    c = socket_client()
    ack = create(c)  # without it
    refused = c.emit("join", {"code": ack["code"], "heartbeat": "yes"}, callback=True)
    assert refused == {"ok": False, "error": "'heartbeat' must be true or false",
                       "code": "bad_request"}
