"""Who may drive a session, and how many sessions one address may hold."""

import pytest

from sessions.core.access import (SessionError, authorise, check_owner_limit, hash_secret,
                                  matches, require_controller, role_for)
from sessions.core.roster import Roster

TOKEN = "the-control-token"
HASH = hash_secret(TOKEN)


def test_only_the_secret_itself_matches_its_hash():
    assert matches(TOKEN, HASH)
    assert not matches("guess", HASH)
    assert not matches(None, HASH) and not matches("", HASH)
    assert not matches(TOKEN, "")  # a device stored without a key matches nothing


COMMANDS = ("start", "pause", "resume", "next", "previous", "restart", "jump")


def test_the_control_token_drives_the_session_from_any_socket():
    for command in COMMANDS:
        authorise(HASH, TOKEN, shared_control=False, device=None, command=command)
    with pytest.raises(SessionError, match="only the controller can do that"):
        authorise(HASH, None, shared_control=False, device=None, command="next")
    with pytest.raises(SessionError, match="only the controller can do that"):
        authorise(HASH, "wrong", shared_control=True, device=None, command="next")


def test_shared_control_lets_connected_devices_of_the_session_drive_it():
    roster = Roster()
    tablet = roster.join("sid", "follower", "", None, ("t", "k"), 8)
    with pytest.raises(SessionError):
        authorise(HASH, None, shared_control=False, device=tablet, command="next")
    for command in COMMANDS:
        authorise(HASH, None, shared_control=True, device=tablet, command=command)
    roster.leave("sid", 1)
    with pytest.raises(SessionError):
        authorise(HASH, None, shared_control=True, device=tablet, command="next")


def test_any_connected_device_may_pause_and_only_pause_without_shared_control():
    roster = Roster()
    tablet = roster.join("sid", "follower", "Tablet", None, ("t", "k"), 8)
    authorise(HASH, None, shared_control=False, device=tablet, command="pause")
    for command in (c for c in COMMANDS if c != "pause"):
        with pytest.raises(SessionError, match="only the controller can do that"):
            authorise(HASH, None, shared_control=False, device=tablet, command=command)
    # Only a device of the session, and only while it is connected.
    with pytest.raises(SessionError):
        authorise(HASH, None, shared_control=False, device=None, command="pause")
    roster.leave("sid", 1)
    with pytest.raises(SessionError):
        authorise(HASH, None, shared_control=False, device=tablet, command="pause")


def test_a_joining_device_is_the_controller_only_with_the_right_token():
    assert role_for(HASH, TOKEN) == "controller"
    assert role_for(HASH, None) == "follower"
    with pytest.raises(SessionError, match="control token is not valid"):
        role_for(HASH, "a guess")  # never quietly a follower: the page must know


def test_controller_only_actions_name_what_was_refused():
    require_controller(HASH, TOKEN, "end the session")
    with pytest.raises(SessionError, match="^only the controller can end the session$"):
        require_controller(HASH, "x", "end the session")


def test_one_address_holds_at_most_the_limit_and_the_refusal_gives_the_way_out():
    owners = ["203.0.113.7"] * 4 + ["198.51.100.1"] * 9
    check_owner_limit("203.0.113.7", owners, 5, 30 * 60_000)
    with pytest.raises(SessionError) as refused:
        check_owner_limit("203.0.113.7", owners + ["203.0.113.7"], 5, 30 * 60_000)
    assert str(refused.value) == (
        "this network address already has 5 live sessions; end one you no longer need "
        "(its control token ends it, from any page) or wait: a session with no device "
        "connected ends by itself after 30 minutes")
    check_owner_limit("", [""] * 50, 5, 60_000)  # no address known: nothing to count
