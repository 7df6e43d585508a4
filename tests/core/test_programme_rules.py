"""The programme's pure rules with fixed days: fields, the stop rule and its flags,
adherence, attention, progression and the calendar reminder."""

import pytest

from sessions.core import adherence, attention, progression
from sessions.core.days import day_number, day_text, weekday
from sessions.core.ics import calendar_text, rrule, stamp_text, week_days
from sessions.core.programme import ProgrammeError, change_note, changed, new_programme
from sessions.core.stop_rule import flags_for, stop_reason

MON = day_number("2026-11-23")  # a Monday
DAILY = {"times": 2, "per": "day"}
WEEKLY = {"times": 3, "per": "week"}


def test_days_round_trip_and_weekdays():
    assert day_number("1970-01-01") == 0
    assert day_text(day_number("2024-02-29")) == "2024-02-29"
    assert day_number("2026-03-01") - day_number("2026-02-28") == 1
    assert weekday(MON) == 0 and weekday(MON + 6) == 6
    for bad in ("2026-02-29", "2026-13-01", "26-01-01", "2026-1-01", None, "2026-04-31"):
        with pytest.raises(ValueError):
            day_number(bad)


def test_a_new_programme_gets_its_defaults_and_a_bad_field_is_named():
    fields = new_programme({"routine_id": "r", "label": " Knee A ", "frequency": DAILY}, MON)
    assert fields == {"routine_id": "r", "routine_version": None, "label": "Knee A",
                      "options": {}, "frequency": DAILY, "end_date": None, "check": "each",
                      "pain_threshold": 7}
    good = {"routine_id": "r", "label": "A", "frequency": DAILY}
    for change, field in [({"label": ""}, "label"), ({"frequency": {"times": 7, "per": "day"}},
                                                      "frequency"),
                          ({"frequency": {"times": 1, "per": "month"}}, "frequency"),
                          ({"end_date": "2026-11-22"}, "end_date"),
                          ({"end_date": "tomorrow"}, "end_date"), ({"check": "never"}, "check"),
                          ({"pain_threshold": 0}, "pain_threshold"),
                          ({"pain_threshold": True}, "pain_threshold"),
                          ({"routine_version": 0}, "routine_version"),
                          ({"options": []}, "options"), ({"name": "Ann"}, "name"),
                          ({"frequency": None}, "frequency")]:
        with pytest.raises(ProgrammeError) as err:
            new_programme({**good, **change}, MON)
        assert err.value.field == field


def test_a_change_keeps_what_it_does_not_send_and_says_what_changed():
    old = new_programme({"routine_id": "r", "label": "A", "frequency": DAILY,
                         "end_date": "2026-12-31"}, MON)
    new = changed(old, {"pain_threshold": 5}, MON + 60)  # the old end date is past: kept
    assert new["end_date"] == "2026-12-31" and new["pain_threshold"] == 5
    assert change_note(old, {**old, **new}) == "changed pain threshold"
    assert change_note(old, old) == "saved again, nothing changed"
    with pytest.raises(ProgrammeError):
        changed(old, {"label": "B"}, MON)


def test_the_stop_rule():
    assert stop_reason(7, None, 7) == "pain_threshold"
    assert stop_reason(6, None, 7) is None
    assert stop_reason(4, 2, 7) == "pain_rise"
    assert stop_reason(3, 2, 7) is None
    assert stop_reason(None, 2, 7) is None
    assert stop_reason(9, 8, 10) is None and stop_reason(10, 8, 10) == "pain_threshold"


def test_flags_use_the_threshold_of_the_runs_version_not_the_devices_word():
    checks = [{"seq": 2, "local_day": "2026-11-23", "run_id": "a", "exercise_id": "x",
               "pain": 6, "skipped": False},
              {"seq": 3, "local_day": "2026-11-23", "run_id": "b", "exercise_id": "x",
               "pain": 6, "skipped": False},
              {"seq": 4, "local_day": "2026-11-24", "run_id": "c", "exercise_id": "y",
               "pain": 5, "skipped": False}]
    runs = {"a": {"version": 1, "start_pain": None}, "b": {"version": 2, "start_pain": None},
            "c": {"version": 2, "start_pain": 3}}
    assert flags_for(checks, runs, {1: 7, 2: 6}, 6) == [
        {"seq": 3, "day": "2026-11-23", "exercise_id": "x", "pain": 6,
         "reason": "pain_threshold"},
        {"seq": 4, "day": "2026-11-24", "exercise_id": "y", "pain": 5, "reason": "pain_rise"}]


def test_adherence_daily_and_weekly():
    done = {MON: 2, MON + 1: 1, MON + 9: 1}
    cal = adherence.calendar(DAILY, MON, None, MON + 2, done)
    assert cal == [{"day": "2026-11-23", "planned": 2, "done": 2},
                   {"day": "2026-11-24", "planned": 2, "done": 1},
                   {"day": "2026-11-25", "planned": 2, "done": 0}]
    assert adherence.calendar(WEEKLY, MON, MON + 1, MON + 5, done)[-1] == {
        "day": "2026-11-24", "planned": None, "done": 1}
    assert adherence.weeks(WEEKLY, MON, None, MON + 9, done) == [
        {"start": "2026-11-23", "planned": 3, "done": 3},
        {"start": "2026-11-30", "planned": 3, "done": 1}]
    assert adherence.weeks(DAILY, MON, MON + 2, MON + 9, done) == [
        {"start": "2026-11-23", "planned": 6, "done": 3}]
    assert adherence.recent(DAILY, MON, None, MON + 9, done) == (1, 14)
    assert adherence.recent(WEEKLY, MON, None, MON + 1, done) == (3, 1)  # 3 x 2 / 7 = 0.86
    assert adherence.recent(DAILY, MON, MON + 1, MON + 9, done) == (0, 0)
    long = adherence.calendar(DAILY, MON - 1000, None, MON, {})
    assert len(long) == adherence.MAX_CALENDAR and long[-1]["day"] == "2026-11-23"


def test_attention_flags_then_missed_then_oldest_activity():
    def p(label, flags=0, done=0, planned=0, last=None):
        return {"label": label, "open_flags": flags, "done_7d": done, "planned_7d": planned,
                "last_activity_day": last}
    items = [p("fine", last="2026-11-23"), p("missed", 0, 1, 7, "2026-11-23"),
             p("flagged", 1, 7, 7, "2026-11-23"), p("idle", last="2026-11-01"), p("never")]
    assert [x["label"] for x in attention.order(items)] == ["flagged", "missed", "never",
                                                            "idle", "fine"]
    assert attention.reason(1, 0, 7) == "open_flags"
    assert attention.reason(0, 2, 7) == "missed_sessions"
    assert attention.reason(0, 7, 7) == "none"


def _checks(*answers):
    return [{"key": f"d:{i}", "pain": pain, "effort": effort}
            for i, (pain, effort) in enumerate(answers)]


def test_progression_after_three_easy_painless_sessions_in_a_row():
    easy, hard = (1, "too_easy"), (1, "about_right")
    doses = {"hold": (8, 10, 9), "reps": (3, 3, 3)}
    assert progression.step_up(_checks(easy, easy), doses) is None
    assert progression.step_up(_checks(easy, easy, hard), doses) is None
    assert progression.step_up(_checks(easy, (3, "too_easy"), easy, easy), doses) is None
    found = progression.step_up(_checks(hard, easy, easy, easy), doses)
    # reps is at its maximum: the hold goes up, one step, within the range
    assert {k: found[k] for k in ("field", "from", "to", "evidence")} == {
        "field": "hold", "from": 9, "to": 10, "evidence": "d:1"}
    # a longer streak keeps its evidence (not suggested again once decided)
    assert progression.step_up(_checks(hard, easy, easy, easy, easy), doses)["evidence"] == "d:1"
    assert progression.step_up(_checks(easy, easy, easy), {"hold": (8, 10, 10)}) is None


def test_the_calendar_reminder():
    assert week_days(3, MON) == ["MO", "WE", "FR"]
    assert week_days(1, MON + 3) == ["TH"]
    assert rrule(DAILY, MON, None) == "FREQ=DAILY"
    assert rrule(WEEKLY, MON + 5, "2027-01-31") == "FREQ=WEEKLY;BYDAY=MO,WE,SA;UNTIL=20270131"
    assert stamp_text(day_number("2026-11-23") * 86_400_000 + 3_723_000) == "20261123T010203Z"
    link = "https://clinic.example/p/" + "k" * 60
    text = calendar_text("programme-1@limber", "Your exercises", link, WEEKLY, MON,
                         "2027-01-31", "20261123T010203Z")
    lines = text.split("\r\n")
    assert "DTSTART;VALUE=DATE:20261123" in lines
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270131" in lines
    assert f"URL:{link}"[:75] in lines and all(len(x.encode()) <= 75 for x in lines)
    unfolded = text.replace("\r\n ", "")
    assert f"DESCRIPTION:Your exercises\\, 3 times a week. Open: {link}" in unfolded
    assert text.endswith("END:VCALENDAR\r\n")
