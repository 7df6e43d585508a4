"""The patient's side of a programme, through its link key only: the programme to play,
records (idempotent, in order, gaps wait, bad ones refused), the .ics, and wrong or
revoked keys that show nothing and are rate-limited."""

import pytest

from sessions.core.days import day_number
from sessions.services import Limber
from tests.support.programmes import DAY, FIRST, SEED_ID, create, record, run, send


@pytest.fixture
def programme(clinic_client):
    return create(clinic_client)


def overview(clinic, programme):
    return clinic.get(f"/api/programmes/{programme['id']}").get_json()


def test_the_programme_as_the_device_plays_it(app, clinic_client):
    made = create(clinic_client, options={"pace": "gentle"}, check="end", pain_threshold=6)
    patient = app.test_client()
    got = patient.get(f"/api/p/{made['key']}").get_json()
    assert {k: got[k] for k in ("label", "routine_id", "version", "routine_version", "check",
                                "pain_threshold", "pain_rise", "change_note", "end_date",
                                "frequency")} == {
        "label": "Knee A", "routine_id": SEED_ID, "version": 1, "routine_version": 1,
        "check": "end", "pain_threshold": 6, "pain_rise": 2, "change_note": None,
        "end_date": None, "frequency": {"times": 1, "per": "day"}}
    same = patient.get(f"/api/routines/{SEED_ID}/timeline?pace=gentle").get_json()
    assert got["timeline"] == same
    assert got["routine_title"] == "Lower back & hip pain"


def test_a_change_reaches_the_device_with_a_note(app, clinic_client, programme):
    clinic_client.put(f"/api/programmes/{programme['id']}",
                      json={"base_version": 1, "options": {"exercises": [FIRST]}})
    got = app.test_client().get(f"/api/p/{programme['key']}").get_json()
    assert got["version"] == 2 and [e["id"] for e in got["timeline"]["exercises"]] == [FIRST]
    assert got["change_note"].startswith("Your clinician changed your programme on 20")


def test_a_run_is_recorded_and_shown_to_the_clinician(app, clinic_client, programme):
    answer = send(app.test_client(), programme["key"],
                  run(1, "r1", start_pain=1, pains=(2,)))
    assert answer.status_code == 200 and answer.get_json() == {"acked_through": 3}
    seen = overview(clinic_client, programme)
    assert seen["runs"] == [{"device_id": "phone-1", "run_id": "r1", "day": DAY, "version": 1,
                             "start_pain": 1, "ended": True, "completed": True,
                             "exercises_done": 8, "exercises_skipped": 1,
                             "duration_ms": 600_000, "stopped": []}]
    first = next(e for e in seen["exercises"] if e["exercise_id"] == FIRST)
    assert first["series"] == [{"day": DAY, "pain": 2, "effort": "about_right"}]
    assert seen["flags"] == []


def test_the_same_batch_twice_stores_it_once(app, clinic_client, programme):
    batch = run(1, "r1") + run(4, "r2")
    patient = app.test_client()
    assert send(patient, programme["key"], batch).get_json() == {"acked_through": 6}
    assert send(patient, programme["key"], batch).get_json() == {"acked_through": 6}
    changed = [dict(r, pain=9) if r["kind"] == "check" else r for r in batch]
    assert send(patient, programme["key"], changed).get_json() == {"acked_through": 6}
    export = clinic_client.get(f"/api/programmes/{programme['id']}/export.json").get_json()
    assert [r["seq"] for r in export["records"]] == [1, 2, 3, 4, 5, 6]
    assert export["flags"] == []  # the resent pain 9 changed nothing
    assert sum(d["done"] for d in overview(clinic_client, programme)["calendar"]) == 2


def test_each_device_has_its_own_numbers(app, clinic_client, programme):
    patient = app.test_client()
    assert send(patient, programme["key"], run(1, "a"), "phone").get_json()["acked_through"] == 3
    assert send(patient, programme["key"], run(1, "b"), "tablet").get_json()["acked_through"] == 3
    assert len(overview(clinic_client, programme)["runs"]) == 2


def test_a_gap_is_refused_until_it_is_filled(app, clinic_client, programme):
    patient, records = app.test_client(), run(1, "r1", pains=(1, 2, 3))  # seq 1..5
    assert send(patient, programme["key"], [records[0], records[3], records[4]]).get_json() == {
        "acked_through": 1}
    assert overview(clinic_client, programme)["runs"][0]["ended"] is False
    assert send(patient, programme["key"], records[1:3]).get_json() == {"acked_through": 3}
    assert send(patient, programme["key"], records[3:]).get_json() == {"acked_through": 5}
    export = clinic_client.get(f"/api/programmes/{programme['id']}/export.json").get_json()
    assert [r["seq"] for r in export["records"]] == [1, 2, 3, 4, 5]


def test_a_bad_record_is_refused_and_nothing_after_it_is_stored(app, clinic_client, programme):
    records = run(1, "r1")
    records[1]["pain"] = "seven"
    answer = send(app.test_client(), programme["key"], records)
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["code"] == "bad_record" and body["index"] == 1 and body["acked_through"] == 1
    assert "'pain'" in body["error"]
    export = clinic_client.get(f"/api/programmes/{programme['id']}/export.json").get_json()
    assert [r["seq"] for r in export["records"]] == [1]


@pytest.mark.parametrize("body, words", [
    ({"records": []}, "device_id"), ({"device_id": "a b", "records": []}, "device_id"),
    ({"device_id": "d"}, "records"), ([], "records"),
    ({"device_id": "d", "records": [record(1)] * 501}, "at most 500")])
def test_bad_requests(app, programme, body, words):
    answer = app.test_client().post(f"/api/p/{programme['key']}/records", json=body)
    assert answer.status_code == 400 and answer.get_json()["code"] == "bad_request"
    assert words in answer.get_json()["error"]


def test_not_json_and_too_large(app, programme):
    patient = app.test_client()
    answer = patient.post(f"/api/p/{programme['key']}/records", data=b"{nope",
                          content_type="application/json")
    assert answer.status_code == 400
    huge = {"device_id": "d", "records": [record(i, note="x" * 600) for i in range(1, 500)]}
    answer = patient.post(f"/api/p/{programme['key']}/records", json=huge)
    assert answer.status_code == 413 and answer.get_json()["code"] == "too_large"


def test_500_records_in_one_request_fit(app, clinic_client, programme):
    records = []
    for n in range(100):
        records += run(len(records) + 1, f"r{n}", pains=(1, 2, 3))
    answer = send(app.test_client(), programme["key"], records)
    assert answer.status_code == 200 and answer.get_json() == {"acked_through": 500}


def test_a_device_with_a_wrong_clock_records_its_own_days(app, clinic_client):
    """The server's clock says 01:00 UTC on the 29th; the patient's evening of the 28th (their
    local day) on a device whose clock says 2001: the run counts on the 28th."""
    Limber.of(app).clock = lambda: day_number("2026-11-27") * 86_400_000  # made on the 27th
    made = create(clinic_client, label="Knee B")
    Limber.of(app).clock = lambda: day_number("2026-11-29") * 86_400_000 + 3_600_000
    records = [dict(r, at=978_307_200_000 + r["seq"]) for r in run(1, "r1", day="2026-11-28")]
    send(app.test_client(), made["key"], records)
    assert overview(clinic_client, made)["calendar"] == [
        {"day": "2026-11-27", "planned": 1, "done": 0},
        {"day": "2026-11-28", "planned": 1, "done": 1},
        {"day": "2026-11-29", "planned": 1, "done": 0}]
    listing = clinic_client.get("/api/programmes").get_json()["programmes"]
    b = next(p for p in listing if p["label"] == "Knee B")
    assert (b["last_activity_day"], b["done_7d"], b["planned_7d"]) == ("2026-11-28", 1, 3)


def test_the_calendar_reminder(app, clinic_client):
    made = create(clinic_client, frequency={"times": 3, "per": "week"}, end_date="2099-01-31")
    answer = app.test_client().get(f"/p/{made['key']}/calendar.ics")
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    text = answer.get_data(as_text=True).replace("\r\n ", "")
    assert "RRULE:FREQ=WEEKLY;BYDAY=" in text and ";UNTIL=20990131" in text
    assert f"URL:{made['link']}\r\n" in text and made["link"] in text.split("DESCRIPTION:")[1]


def test_the_page_opens_only_with_the_key(app, programme):
    patient = app.test_client()
    assert patient.get(f"/p/{programme['key']}").status_code == 200
    wrong = patient.get("/p/not-a-key-at-all")
    assert wrong.status_code == 404 and b"Knee A" not in wrong.data


def test_wrong_and_revoked_keys_are_answered_alike(app, clinic_client, programme):
    patient = app.test_client()
    clinic_client.post(f"/api/programmes/{programme['id']}/revoke")
    for key in (programme["key"], "x" * 22):
        for method, url in (("GET", f"/api/p/{key}"), ("POST", f"/api/p/{key}/records"),
                            ("GET", f"/p/{key}/calendar.ics"), ("GET", f"/p/{key}")):
            answer = patient.open(url, method=method, json={"device_id": "d", "records": []})
            assert answer.status_code == 404, url
            assert b"Knee A" not in answer.data
            if url.startswith("/api/"):
                assert answer.get_json()["code"] == "no_such_programme"
    revoked = patient.get(f"/api/p/{programme['key']}").get_json()
    assert revoked == patient.get("/api/p/" + "y" * 22).get_json()
    # the data stays for the clinician until the programme is deleted
    assert overview(clinic_client, programme)["programme"]["revoked"] is True


def test_wrong_keys_are_rate_limited_even_for_a_right_key_after(app, programme):
    patient = app.test_client()
    for n in range(20):
        assert patient.get(f"/api/p/wrong{n}").status_code == 404
    assert patient.get("/api/p/wrong-again").status_code == 429
    answer = patient.get(f"/api/p/{programme['key']}")
    assert answer.status_code == 429 and answer.get_json()["code"] == "rate_limited"
