"""The clinic's programme routes: create (any routine version), change (versions, stale),
flags and their "seen", suggestions accepted or ignored, the list by attention, export,
revoke and delete (all of it), and that none of it answers without the clinic key."""

import csv
import io

import pytest
import yaml

from tests.conftest import SEED_FILE
from tests.support.programmes import FIRST, SEED_ID, create, record, run, send

ROUTES = [("POST", "/api/programmes"), ("GET", "/api/programmes"),
          ("GET", "/api/programmes/x"), ("PUT", "/api/programmes/x"),
          ("POST", "/api/programmes/x/suggestions/1"), ("POST", "/api/programmes/x/flags/1/seen"),
          ("POST", "/api/programmes/x/revoke"), ("DELETE", "/api/programmes/x"),
          ("GET", "/api/programmes/x/export.json"), ("GET", "/api/programmes/x/export.csv"),
          ("GET", "/api/programmes/x/qr.svg")]
TABLES = ("programmes", "programme_versions", "programme_records", "programme_flags",
          "programme_suggestions")


@pytest.mark.parametrize("method, url", ROUTES)
def test_only_for_the_clinic(app, method, url):
    answer = app.test_client().open(url, method=method, json={})
    assert answer.status_code == 401 and answer.get_json()["code"] == "clinic_only"


def test_the_pages_are_the_clinics(app, clinic_client):
    made = create(clinic_client)
    assert app.test_client().get("/programmes").status_code == 302
    assert app.test_client().get(f"/programmes/{made['id']}").status_code == 302
    assert clinic_client.get("/programmes").status_code == 200
    assert clinic_client.get(f"/programmes/{made['id']}").status_code == 200
    assert clinic_client.get("/programmes/nope").status_code == 404


def test_create_answers_the_link_and_its_qr(clinic_client):
    made = create(clinic_client)
    assert made["version"] == 1 and len(made["key"]) == 22
    assert made["link"].endswith(f"/p/{made['key']}")
    qr = clinic_client.get(made["qr_url"])
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert create(clinic_client)["key"] != made["key"]


@pytest.mark.parametrize("change, status, code", [
    ({"label": ""}, 422, "bad_programme"), ({"frequency": {"times": 9, "per": "week"}}, 422,
                                            "bad_programme"),
    ({"name": "Jo Bloggs"}, 422, "bad_programme"), ({"check": "sometimes"}, 422, "bad_programme"),
    ({"end_date": "2000-01-01"}, 422, "bad_programme"),
    ({"options": {"exercises": ["no-such-exercise"]}}, 422, "bad_options"),
    ({"options": {"pace": "sprint"}}, 422, "bad_options"),
    ({"options": {"overrides": {FIRST: {"hold": 9999}}}}, 422, "bad_options"),
    ({"options": {"colour": "red"}}, 422, "bad_options"),
    ({"routine_id": "nope"}, 404, "no_such_routine"),
    ({"routine_version": 2}, 404, "no_such_routine")])
def test_a_bad_programme_is_refused_and_nothing_is_kept(clinic_client, change, status, code):
    body = {"routine_id": SEED_ID, "label": "A", "frequency": {"times": 1, "per": "day"},
            **change}
    answer = clinic_client.post("/api/programmes", json=body)
    assert answer.status_code == status and answer.get_json()["code"] == code
    assert clinic_client.get("/api/programmes").get_json() == {"programmes": []}


def test_not_json(clinic_client):
    assert clinic_client.post("/api/programmes", data="x").status_code == 415
    answer = clinic_client.post("/api/programmes", data="[1", content_type="application/json")
    assert answer.status_code == 400 and answer.get_json()["code"] == "bad_request"


def _clinic_routine(clinic_client) -> None:
    """'my-back' in the library: version 1 as the seed, version 2 with another title."""
    doc = yaml.safe_load(SEED_FILE.read_text())
    doc["id"] = "my-back"
    assert clinic_client.post("/api/library", json={"routine": doc}).status_code == 201
    doc["title"] = "My back, harder"
    answer = clinic_client.put("/api/library/my-back", json={"routine": doc, "base_version": 1})
    assert answer.get_json()["version"] == 2


def test_a_programme_keeps_the_routine_version_it_was_given(app, clinic_client):
    _clinic_routine(clinic_client)
    old = create(clinic_client, routine_id="my-back", routine_version=1)
    new = create(clinic_client, routine_id="my-back")
    patient = app.test_client()
    assert patient.get(f"/api/p/{old['key']}").get_json()["timeline"]["title"] != (
        "My back, harder")
    got = patient.get(f"/api/p/{new['key']}").get_json()
    assert (got["routine_version"], got["timeline"]["title"]) == (2, "My back, harder")


def test_a_change_is_a_new_version_and_a_stale_one_is_refused(app, clinic_client):
    made = create(clinic_client)
    url = f"/api/programmes/{made['id']}"
    answer = clinic_client.put(url, json={"base_version": 1, "pain_threshold": 5,
                                          "frequency": {"times": 2, "per": "week"}})
    assert answer.get_json() == {"id": made["id"], "version": 2}
    stale = clinic_client.put(url, json={"base_version": 1, "check": "end"})
    assert stale.status_code == 409 and stale.get_json()["version"] == 2
    assert stale.get_json()["code"] == "stale_version"
    assert stale.get_json()["error"].startswith("this programme has been saved since")
    assert clinic_client.put(url, json={"check": "end"}).status_code == 400
    bad = clinic_client.put(url, json={"base_version": 2, "label": "new"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "label"
    seen = clinic_client.get(url).get_json()["programme"]
    assert (seen["version"], seen["pain_threshold"], seen["check"]) == (2, 5, "each")
    assert [v["note"] for v in seen["versions"]] == [
        "created", "changed frequency, pain threshold"]
    assert clinic_client.put("/api/programmes/nope", json={"base_version": 1}).status_code == 404


def test_a_flag_from_the_checks_not_from_the_device_word(app, clinic_client):
    made = create(clinic_client)
    records = [record(1, "run_started", start_pain=None),
               record(2, "exercise_stopped"),  # the device's word alone: no flag
               record(3, pain=7, effort="too_hard"),
               record(4, exercise_id="bridge", pain=5, skipped=True),  # skipped: no flag
               record(5, "run_ended")]
    send(app.test_client(), made["key"], records)
    flags = clinic_client.get(f"/api/programmes/{made['id']}").get_json()["flags"]
    assert [(f["exercise_id"], f["pain"], f["reason"], f["seen"]) for f in flags] == [
        (FIRST, 7, "pain_threshold", False)]
    listing = clinic_client.get("/api/programmes").get_json()["programmes"]
    assert (listing[0]["open_flags"], listing[0]["attention"]) == (1, "open_flags")
    url = f"/api/programmes/{made['id']}/flags/{flags[0]['id']}/seen"
    assert clinic_client.post(url).get_json() == {}
    assert clinic_client.get(f"/api/programmes/{made['id']}").get_json()["flags"][0]["seen"]
    assert clinic_client.get("/api/programmes").get_json()["programmes"][0]["open_flags"] == 0
    assert clinic_client.post(f"/api/programmes/{made['id']}/flags/999/seen").status_code == 404


def test_a_rise_over_the_start_pain_flags_with_the_runs_threshold(app, clinic_client):
    made = create(clinic_client, pain_threshold=9)
    patient = app.test_client()
    send(patient, made["key"], run(1, "r1", start_pain=3, pains=(5,)))
    clinic_client.put(f"/api/programmes/{made['id']}", json={"base_version": 1,
                                                             "pain_threshold": 4})
    send(patient, made["key"], run(4, "r2", pains=(4,), version=2))
    flags = clinic_client.get(f"/api/programmes/{made['id']}").get_json()["flags"]
    assert sorted(f["reason"] for f in flags) == ["pain_rise", "pain_threshold"]


def _easy_runs(first_seq, n, version=1):
    out = []
    for i in range(n):
        out += run(first_seq + len(out), f"e{first_seq}-{i}", pains=(1,), effort="too_easy",
                   version=version)
    return out


def test_a_suggestion_accepted_becomes_a_new_version(app, clinic_client):
    made = create(clinic_client)  # standard pace: knee to chest holds 9 s of 8-10
    patient, url = app.test_client(), f"/api/programmes/{made['id']}"
    send(patient, made["key"], _easy_runs(1, 2))
    assert clinic_client.get(url).get_json()["suggestions"] == []
    send(patient, made["key"], _easy_runs(7, 1))
    [suggestion] = clinic_client.get(url).get_json()["suggestions"]
    assert {k: suggestion[k] for k in ("exercise_id", "field", "from", "to")} == {
        "exercise_id": FIRST, "field": "hold", "from": 9, "to": 10}
    answer = clinic_client.post(f"{url}/suggestions/{suggestion['id']}", json={"accept": True})
    assert answer.get_json() == {"version": 2}
    seen = clinic_client.get(url).get_json()
    assert seen["suggestions"] == []
    assert seen["programme"]["options"]["overrides"] == {FIRST: {"hold": 10}}
    timeline = patient.get(f"/api/p/{made['key']}").get_json()
    assert timeline["version"] == 2
    again = clinic_client.post(f"{url}/suggestions/{suggestion['id']}", json={"accept": True})
    assert again.status_code == 404 and again.get_json()["code"] == "no_such_suggestion"


def test_a_suggestion_ignored_is_not_made_again_for_the_same_streak(app, clinic_client):
    made = create(clinic_client)
    patient, url = app.test_client(), f"/api/programmes/{made['id']}"
    send(patient, made["key"], _easy_runs(1, 3))
    [suggestion] = clinic_client.get(url).get_json()["suggestions"]
    assert clinic_client.post(f"{url}/suggestions/{suggestion['id']}",
                              json={"accept": False}).get_json() == {}
    send(patient, made["key"], _easy_runs(10, 2))  # the same streak goes on
    assert clinic_client.get(url).get_json()["suggestions"] == []
    bad = clinic_client.post(f"{url}/suggestions/{suggestion['id']}", json={"accept": "yes"})
    assert bad.status_code == 400


def test_the_list_puts_who_needs_attention_first(app, clinic_client):
    quiet = create(clinic_client, label="quiet")
    flagged = create(clinic_client, label="flagged")
    weekly = create(clinic_client, label="weekly", frequency={"times": 1, "per": "week"})
    send(app.test_client(), flagged["key"], run(1, "r", pains=(8,)))
    send(app.test_client(), weekly["key"], run(1, "r"))
    send(app.test_client(), quiet["key"], run(1, "r"))
    listing = clinic_client.get("/api/programmes").get_json()["programmes"]
    assert [(p["label"], p["attention"]) for p in listing] == [
        ("flagged", "open_flags"), ("quiet", "none"), ("weekly", "none")]
    assert {k: listing[0][k] for k in ("routine_title", "version", "done_7d", "planned_7d")} == {
        "routine_title": "Lower back & hip pain", "version": 1, "done_7d": 1, "planned_7d": 1}


def test_export_json_and_csv(app, clinic_client):
    made = create(clinic_client)
    send(app.test_client(), made["key"], run(1, "r1", pains=(8,)))
    data = clinic_client.get(f"/api/programmes/{made['id']}/export.json")
    assert data.headers["Content-Disposition"].startswith("attachment")
    body = data.get_json()
    assert body["programme"]["id"] == made["id"] and len(body["records"]) == 3
    assert len(body["flags"]) == 1 and body["versions"][0]["fields"]["routine_id"] == SEED_ID
    rows = list(csv.DictReader(io.StringIO(
        clinic_client.get(f"/api/programmes/{made['id']}/export.csv").get_data(as_text=True))))
    assert [(r["seq"], r["kind"], r["pain"]) for r in rows] == [
        ("1", "run_started", ""), ("2", "check", "8"), ("3", "run_ended", "")]


def test_delete_removes_everything(app, clinic_client):
    keep, gone = create(clinic_client, label="keep"), create(clinic_client, label="gone")
    for made in (keep, gone):
        send(app.test_client(), made["key"], run(1, "r1", pains=(8,)) + _easy_runs(4, 3))
    store = app.extensions["limber"].store

    def counts():
        return {t: store.read(f"SELECT COUNT(*) FROM {t}")[0][0] for t in TABLES}
    before = counts()
    assert before["programme_flags"] == 2 and before["programme_suggestions"] == 2
    assert clinic_client.delete(f"/api/programmes/{gone['id']}").get_json() == {}
    assert {t: n * 2 for t, n in counts().items()} == before
    assert all(not store.read(f"SELECT 1 FROM {t} WHERE "
                              f"{'id' if t == 'programmes' else 'programme_id'} = ?",
                              (gone["id"],)) for t in TABLES)
    assert app.test_client().get(f"/api/p/{gone['key']}").status_code == 404
    assert clinic_client.get(f"/api/programmes/{gone['id']}").status_code == 404
    assert clinic_client.delete(f"/api/programmes/{gone['id']}").status_code == 404


def test_revoke_kills_the_link_and_keeps_the_data(app, clinic_client):
    made = create(clinic_client)
    patient = app.test_client()
    send(patient, made["key"], run(1, "r1"))
    assert clinic_client.post(f"/api/programmes/{made['id']}/revoke").get_json() == {}
    assert send(patient, made["key"], run(4, "r2")).status_code == 404
    assert patient.get(f"/p/{made['key']}").status_code == 404
    seen = clinic_client.get(f"/api/programmes/{made['id']}").get_json()
    assert seen["programme"]["revoked"] and len(seen["runs"]) == 1


def test_a_suggestion_for_an_older_dose_is_no_longer_open(app, clinic_client):
    made = create(clinic_client)
    patient, url = app.test_client(), f"/api/programmes/{made['id']}"
    send(patient, made["key"], _easy_runs(1, 3))
    [suggestion] = clinic_client.get(url).get_json()["suggestions"]
    clinic_client.put(url, json={"base_version": 1, "options": {"pace": "gentle"}})
    assert clinic_client.get(url).get_json()["suggestions"] == []
    answer = clinic_client.post(f"{url}/suggestions/{suggestion['id']}", json={"accept": True})
    assert answer.status_code == 404
    send(patient, made["key"], _easy_runs(10, 3, version=2))  # the new dose, easy again
    [again] = clinic_client.get(url).get_json()["suggestions"]
    assert (again["field"], again["from"], again["to"]) == ("hold", 8, 9)  # gentle: 8 of 8-10


def test_the_csv_does_not_let_a_device_write_a_formula(app, clinic_client):
    made = create(clinic_client)
    send(app.test_client(), made["key"], [record(1, exercise_id="=HYPERLINK(\"x\")")])
    [row] = csv.DictReader(io.StringIO(clinic_client.get(
        f"/api/programmes/{made['id']}/export.csv").get_data(as_text=True)))
    assert row["exercise_id"] == "'=HYPERLINK(\"x\")"
