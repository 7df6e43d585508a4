"""A device that comes back is the same device; one that is gone for good leaves the list."""

from tests.support.socket_calls import create, wait_for


def followers(roster: dict) -> list[dict]:
    return [d for d in roster["devices"] if d["role"] == "follower"]


def test_a_follower_that_rejoins_with_its_device_key_is_the_same_device(socket_client):
    controller = socket_client()
    ack = create(controller)
    tablet = socket_client()
    first = tablet.emit("join", {"code": ack["code"], "name": "Tablet"}, callback=True)
    assert first["ok"] and first["device_key"] and first["device_key"] != first["device_id"]
    assert first["device_key"] not in str(first["devices"])  # the key is never shown
    rejoin = {"code": ack["code"], "device_key": first["device_key"]}
    # a dropped connection: the device is back on a new socket before the server has
    # noticed the old one is gone; the old socket's late goodbye must not count
    again = socket_client()
    second = again.emit("join", rejoin, callback=True)
    assert (second["device_id"], second["device_key"]) == (first["device_id"],
                                                           first["device_key"])
    [row] = followers(second)
    assert row == {**row, "id": first["device_id"], "name": "Tablet", "connected": True}
    tablet.disconnect()
    assert again.emit("device", {"session_id": ack["session_id"], "muted": True},
                      callback=True) == {"ok": True}
    msg, _ = wait_for(controller, lambda m: m["name"] == "devices"
                      and any(d["muted"] for d in m["args"][0]["devices"]))
    assert [(d["id"], d["connected"]) for d in followers(msg["args"][0])] == [
        (first["device_id"], True)]
    # gone, then back: still one device, itself
    again.disconnect()
    wait_for(controller, lambda m: m["name"] == "devices"
             and not any(d["connected"] for d in followers(m["args"][0])))
    third = socket_client().emit("join", rejoin, callback=True)
    assert [(d["id"], d["connected"], d["muted"]) for d in followers(third)] == [
        (first["device_id"], True, True)]


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
    assert bad == {"ok": False, "error": "'device_key' must be text of 1 to 64 characters",
                   "code": "bad_request"}
