"""The patient can always stop: any joined device may pause, whatever the shared-control
setting, and every paused snapshot says who paused (Socket.IO test clients)."""

from tests.support.socket_calls import command, create, wait_for


def follower_command(client, ack, name):
    return client.emit("command", {"session_id": ack["session_id"], "command": name},
                       callback=True)


def paused_state(client):
    msg, _ = wait_for(client, lambda m: m["name"] == "state"
                      and m["args"][0]["status"] == "paused")
    return msg["args"][0]


def test_a_follower_without_shared_control_pauses_and_everyone_is_told_who(socket_client):
    controller, tablet = socket_client(), socket_client()
    ack = create(controller, name="Laptop")
    joined = tablet.emit("join", {"code": ack["code"], "name": "Tablet"}, callback=True)
    assert joined["role"] == "follower" and joined["shared_control"] is False
    command(controller, ack, "start")
    controller.get_received()
    tablet.get_received()

    answer = follower_command(tablet, ack, "pause")
    assert answer["ok"], answer
    by = {"device_id": joined["device_id"], "name": "Tablet", "role": "follower"}
    assert answer["state"]["status"] == "paused" and answer["state"]["by"] == by
    assert paused_state(controller)["by"] == by
    assert paused_state(tablet) == answer["state"], "the ack and the room's copy are equal"

    # Pause only: the follower cannot resume, skip or restart without shared control.
    for name in ("resume", "next", "previous", "restart"):
        refused = follower_command(tablet, ack, name)
        assert refused["code"] == "not_controller", (name, refused)
    # A device joining now sees who paused.
    late = socket_client()
    assert late.emit("join", {"code": ack["code"]}, callback=True)["state"]["by"] == by


def test_the_controllers_pause_names_the_controller_and_running_states_name_no_one(
        socket_client):
    controller, tablet = socket_client(), socket_client()
    ack = create(controller)
    tablet.emit("join", {"code": ack["code"]}, callback=True)
    command(controller, ack, "start")
    follower_command(tablet, ack, "pause")
    resumed = command(controller, ack, "resume")["state"]
    assert resumed["status"] == "running" and "by" not in resumed
    paused = command(controller, ack, "pause")["state"]
    assert paused["by"] == {"device_id": ack["device_id"], "name": "Controller",
                            "role": "controller"}
    # Skipping while paused stays paused, and says who paused it still.
    assert command(controller, ack, "next")["state"]["by"]["role"] == "controller"


def test_pausing_what_is_not_running_is_refused_by_the_runner_not_by_access(socket_client):
    controller, tablet = socket_client(), socket_client()
    ack = create(controller)
    tablet.emit("join", {"code": ack["code"]}, callback=True)
    refused = follower_command(tablet, ack, "pause")
    assert refused["ok"] is False and refused["code"] == "not_running"
    stranger = socket_client()  # never joined: not a device of the session
    refused = follower_command(stranger, ack, "pause")
    assert refused["code"] == "not_controller"
