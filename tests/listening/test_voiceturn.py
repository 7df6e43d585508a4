"""Stop asks first: only "yes" within the window ends; anything else cancels (fake times)."""

from sessions.core.voiceturn import CONFIRM_MS, Turn, turn


def test_runner_commands_go_to_the_runner():
    for command in ("pause", "resume", "next", "previous"):
        assert turn(command, None, 1_000) == Turn("command", command)


def test_stop_asks_and_yes_within_the_window_ends():
    asked = turn("stop", None, 5_000)
    assert asked == Turn("answer", "stop", confirm="stop", asked_at=5_000)
    assert turn("yes", asked.asked_at, 5_000 + CONFIRM_MS) == Turn("end", "yes")


def test_a_yes_too_late_or_unasked_ends_nothing():
    assert turn("yes", 5_000, 5_001 + CONFIRM_MS) == Turn("unasked", "yes")
    assert turn("yes", None, 5_000) == Turn("unasked", "yes")


def test_no_or_any_other_command_cancels_a_waiting_stop():
    for command in ("no", "pause", "repeat"):
        assert turn(command, 5_000, 6_000).asked_at is None
    assert turn("no", 5_000, 6_000) == Turn("answer", "no")


def test_device_side_commands_are_answered_and_change_nothing_here():
    for command in ("repeat", "time_left", "whats_next"):
        assert turn(command, None, 0) == Turn("answer", command)
