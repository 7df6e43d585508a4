"""The roster with a fake clock: join, re-join as the same device, leave, drop, report."""

import pytest

from sessions.core.access import SessionError
from sessions.core.roster import Roster

T0 = 5_000
GRACE = 60_000


def join(roster, client, key=None, role="follower", fresh=None, max_followers=2, name=""):
    fresh = fresh or (f"id-{client}", f"key-{client}")
    return roster.join(client, role, name, key, fresh, max_followers)


def test_a_new_device_gets_the_fresh_id_and_key_and_the_session_is_attended():
    roster = Roster(unattended_since=T0)
    device = join(roster, "sid-1", name="Tablet" + "x" * 50)
    assert (device.id, device.key_hash, device.client, device.role) == \
        ("id-sid-1", "key-sid-1", "sid-1", "follower")
    assert device.connected and device.name == ("Tablet" + "x" * 50)[:40]
    assert roster.unattended_since is None


def test_a_device_presenting_its_key_comes_back_as_itself_on_a_new_socket():
    roster = Roster()
    first = join(roster, "sid-1", name="Tablet")
    assert roster.leave("sid-1", T0)
    again = join(roster, "sid-2", key="key-sid-1", fresh=("other", "other-key"))
    assert again is first and list(roster.devices) == ["id-sid-1"]
    assert (again.client, again.connected, again.name, again.key_hash) == \
        ("sid-2", True, "Tablet", "key-sid-1")
    assert not roster.leave("sid-1", T0 + 1)  # the old socket's late goodbye: nothing
    assert again.connected and roster.unattended_since is None


def test_the_same_socket_joining_again_is_the_same_device_and_gets_a_new_key():
    roster = Roster()
    first = join(roster, "sid-1")
    again = join(roster, "sid-1", fresh=("unused", "new-key"))
    assert again is first and first.key_hash == "new-key" and len(roster.devices) == 1


def test_an_unknown_key_is_a_new_device():
    roster = Roster()
    join(roster, "sid-1")
    other = join(roster, "sid-2", key="nobody's key")
    assert other.id == "id-sid-2" and other.key_hash == "key-sid-2"


def test_a_controller_coming_back_without_its_token_is_a_follower():
    roster = Roster()
    console = join(roster, "sid-1", role="controller")
    roster.leave("sid-1", T0)
    assert join(roster, "sid-2", key="key-sid-1").role == "follower"
    assert console.role == "follower"


def test_followers_are_limited_to_the_connected_ones_and_a_returning_one_counts_again():
    roster = Roster()
    join(roster, "a")
    join(roster, "b")
    join(roster, "console", role="controller")  # controllers are not counted
    with pytest.raises(SessionError, match="already has 2 followers"):
        join(roster, "c")
    join(roster, "a")  # already here: joining again takes no second place
    roster.leave("a", T0)
    join(roster, "c")  # a's place
    with pytest.raises(SessionError, match="already has 2 followers"):
        join(roster, "a-again", key="key-a")  # a is back, but its place is taken
    assert roster.connected_followers() == 2


def test_the_last_device_leaving_makes_the_session_unattended_from_then():
    roster = Roster()
    join(roster, "a")
    join(roster, "b")
    roster.leave("a", T0)
    assert roster.unattended_since is None
    roster.leave("b", T0 + 7)
    assert roster.unattended_since == T0 + 7
    assert not roster.leave("b", T0 + 9) and roster.unattended_since == T0 + 7
    assert not roster.leave("never-here", T0 + 9)


def test_devices_gone_for_the_grace_period_are_dropped_and_the_next_drop_is_known():
    roster = Roster()
    join(roster, "stays", role="controller")
    for i in range(3):
        join(roster, f"p{i}")
        roster.leave(f"p{i}", T0 + i * 1000)
    assert roster.next_drop(GRACE) == T0 + GRACE
    assert roster.prune(T0 + GRACE - 1, GRACE) == []
    assert [d.id for d in roster.prune(T0 + GRACE, GRACE)] == ["id-p0"]
    assert roster.next_drop(GRACE) == T0 + 1000 + GRACE
    assert [d.id for d in roster.prune(T0 + 10 * GRACE, GRACE)] == ["id-p1", "id-p2"]
    assert roster.next_drop(GRACE) is None and list(roster.devices) == ["id-stays"]


def test_forty_join_and_leave_cycles_leave_one_device_listed():
    """Issue 15 item 12, as the roster sees it."""
    roster = Roster()
    join(roster, "console", role="controller")
    for i in range(40):
        join(roster, f"p{i}", max_followers=8)
        roster.leave(f"p{i}", T0 + i)
    roster.prune(T0 + 39 + GRACE, GRACE)
    assert [d["id"] for d in roster.public()] == ["id-console"]


def test_reports_change_only_the_reporting_device_and_only_what_a_device_may_report():
    roster = Roster()
    join(roster, "a")
    join(roster, "b")
    roster.report("a", {"audio_unlocked": True, "offset_ms": -3.5, "rtt_ms": 9.0})
    a, b = roster.public()
    assert (a["audio_unlocked"], a["offset_ms"], a["rtt_ms"]) == (True, -3.5, 9.0)
    assert (b["audio_unlocked"], b["offset_ms"]) == (False, None)
    with pytest.raises(SessionError, match="join the session first"):
        roster.report("stranger", {"muted": True})
    with pytest.raises(SessionError, match="cannot report 'role'"):
        roster.report("a", {"role": "controller"})
    assert roster.by_client("a").role == "follower"


def test_what_others_see_holds_no_socket_id_and_no_key():
    roster = Roster()
    join(roster, "sid-secret", fresh=("public-id", "hash-secret"))
    [shown] = roster.public()
    assert shown == {"id": "public-id", "role": "follower", "name": "", "connected": True,
                     "audio_unlocked": False, "muted": False, "offset_ms": None,
                     "rtt_ms": None}


def test_the_heartbeat_goes_to_the_connected_devices_that_asked_and_stays_private():
    roster = Roster()
    roster.join("simple", "follower", "", None, ("id-s", "key-s"), 4, heartbeat=True)
    join(roster, "page")
    assert roster.heartbeat_clients() == ["simple"]
    assert all("heartbeat" not in d for d in roster.public())
    roster.leave("simple", T0)
    assert roster.heartbeat_clients() == []
