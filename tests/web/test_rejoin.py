"""A device that comes back is the same device; one that is gone for good leaves the list."""

from tests.web.conftest import wait_for
from tests.web.test_socket_flow import create


def followers(roster: dict) -> list[dict]:
    return [d for d in roster["devices"] if d["role"] == "follower"]


def test_a_follower_that_rejoins_with_its_device_key_is_the_same_device(socket_client):
    controller = socket_client()
    ack = create(controller)
    tablet = socket_client()
    first = tablet.emit("join", {"code": ack["code"], "name": "Tablet"}, callback=True)
    assert first["ok"] and first["device_key"] and first["device_key"] != first["device_id"]
    assert first["device_key"] not in str(first["devices"])  # the key is never shown
    tablet.disconnect()
    again = socket_client()  # a new socket, as after a dropped connection
    second = again.emit("join", {"code": ack["code"], "device_key": first["device_key"]},
                        callback=True)
    assert second["ok"], second
    assert (second["device_id"], second["device_key"]) == (first["device_id"],
                                                           first["device_key"])
    [tablet_row] = followers(second)
    assert tablet_row == {**tablet_row, "id": first["device_id"], "name": "Tablet",
                          "connected": True}
    msg, _ = wait_for(controller, lambda m: m["name"] == "devices"
                      and followers(m["args"][0]) and followers(m["args"][0])[0]["connected"]
                      and len(m["args"][0]["devices"]) == 2)
    # the old socket's late disconnect must not mark the device gone again
    again.disconnect()
    third = socket_client().emit("join", {"code": ack["code"],
                                          "device_key": first["device_key"]}, callback=True)
    assert [d["id"] for d in followers(third)] == [first["device_id"]]


def test_the_controller_gets_a_device_key_too_and_comes_back_as_itself(socket_client):
    controller = socket_client()
    ack = create(controller)
    assert ack["device_key"] and ack["device_id"]
    controller.disconnect()
    back = socket_client().emit("join", {"session_id": ack["session_id"],
                                         "token": ack["control_token"],
                                         "device_key": ack["device_key"]}, callback=True)
    assert back["role"] == "controller" and back["device_id"] == ack["device_id"]
    assert [d["id"] for d in back["devices"]] == [ack["device_id"]]


def test_an_unknown_device_key_gets_a_new_device_and_a_new_key(socket_client):
    ack = create(socket_client())
    joined = socket_client().emit("join", {"code": ack["code"], "device_key": "k" * 22},
                                  callback=True)
    assert joined["ok"] and joined["device_key"] != "k" * 22
    bad = socket_client().emit("join", {"code": ack["code"], "device_key": "x" * 65},
                               callback=True)
    assert bad == {"ok": False, "error": "'device_key' must be text of 1 to 64 characters"}
