"""A device's records: each field checked, and which are stored: in seq order, each once,
none past a gap or past the first bad record."""

import pytest

from sessions.core.records import RecordError, accept, check_device_id, check_record


def rec(seq, kind="check", **fields):
    base = {"seq": seq, "kind": kind, "local_day": "2026-11-28", "at": 1000 + seq}
    defaults = {"run_started": {"run_id": "r", "version": 1},
                "check": {"run_id": "r", "exercise_id": "x", "pain": 2, "effort": "too_easy",
                          "skipped": False},
                "exercise_stopped": {"run_id": "r", "exercise_id": "x",
                                     "reason": "pain_threshold"},
                "run_ended": {"run_id": "r", "completed": True, "exercises_done": 3,
                              "exercises_skipped": 0, "duration_ms": 60_000}}[kind]
    return {**base, **defaults, **fields}


def test_every_kind_is_accepted_as_documented():
    for kind in ("run_started", "check", "exercise_stopped", "run_ended"):
        assert check_record(rec(1, kind), "d") == rec(1, kind)
    assert check_record(rec(1, "run_started", start_pain=None, device_id="d"), "d") == rec(
        1, "run_started", start_pain=None)
    assert check_record(rec(1, pain=None, effort=None, skipped=True), "d")["pain"] is None


@pytest.mark.parametrize("change, words", [
    ({"seq": 0}, "'seq'"), ({"seq": "1"}, "'seq'"), ({"seq": True}, "'seq'"),
    ({"kind": "party"}, "'kind'"), ({"local_day": "2026-02-30"}, "'local_day'"),
    ({"at": -1}, "'at'"), ({"pain": 11}, "'pain'"), ({"effort": "fine"}, "'effort'"),
    ({"skipped": "no"}, "'skipped'"), ({"exercise_id": ""}, "'exercise_id'"),
    ({"run_id": "r" * 65}, "'run_id'"), ({"device_id": "other"}, "'device_id'"),
    ({"note": "hi"}, "unexpected field 'note'")])
def test_a_bad_field_is_named(change, words):
    with pytest.raises(RecordError) as err:
        check_record({**rec(1), **change}, "d")
    assert words in str(err.value)


def test_missing_fields_and_bad_device_ids():
    record = rec(1, "run_ended")
    del record["duration_ms"]
    with pytest.raises(RecordError, match="'duration_ms' is missing"):
        check_record(record, "d")
    with pytest.raises(RecordError, match="'version'"):
        check_record(rec(1, "run_started", version=0), "d")
    with pytest.raises(RecordError, match="'reason'"):
        check_record(rec(1, "exercise_stopped", reason="bored"), "d")
    assert check_device_id("d-7f_A") == "d-7f_A"
    for bad in ("", "a b", "x" * 65, None, 5):
        with pytest.raises(RecordError):
            check_device_id(bad)


def test_in_order_each_once():
    first = accept([rec(2), rec(1), rec(3)], "d", 0)
    assert [r["seq"] for r in first.stored] == [1, 2, 3] and first.acked_through == 3
    again = accept([rec(1), rec(2), rec(3), rec(4)], "d", 3)
    assert [r["seq"] for r in again.stored] == [4] and again.acked_through == 4
    same = accept([rec(3), rec(3)], "d", 3)
    assert same.stored == [] and same.acked_through == 3 and same.error is None


def test_a_gap_holds_back_what_follows_until_it_is_filled():
    gap = accept([rec(1), rec(2), rec(5), rec(6)], "d", 0)
    assert [r["seq"] for r in gap.stored] == [1, 2] and gap.acked_through == 2
    filled = accept([rec(3), rec(4), rec(5), rec(6)], "d", 2)
    assert filled.acked_through == 6


def test_nothing_past_the_first_bad_record():
    result = accept([rec(1), rec(2), rec(3, pain=12), rec(4)], "d", 0)
    assert result.acked_through == 2 and [r["seq"] for r in result.stored] == [1, 2]
    assert result.error[0] == 2 and "'pain'" in result.error[1]
    assert accept(["nonsense"], "d", 0).error == (0, "a record must be a JSON object")
