from sessions.core.timeline import OptionsError
from sessions.services import Limber


def test_routines_list_gives_durations_per_pace(app):
    body = app.test_client().get("/api/routines").get_json()
    seed = next(r for r in body["routines"] if r["id"] == "lower-back-hip")
    assert seed["title"] == "Lower back & hip pain"
    assert seed["exercise_count"] == 9
    knee = seed["exercises"][0]
    assert knee["dose"]["hold"] == {"min": 8, "max": 10, "from": "source",
                                    "quote": "hold for eight to ten seconds"}
    assert knee["sides"] == "each" and "hold" not in seed["exercises"][4]["dose"]
    wall = next(e for e in seed["exercises"] if e["id"] == "wall-sits")
    assert "repeats the hamstring" in wall["note"]  # the seed's defect, recorded
    totals = seed["total_seconds"]
    assert 0 < totals["gentle"] < totals["standard"] < totals["extended"]


def test_timeline_endpoint_matches_the_listed_total(app):
    client = app.test_client()
    seed = client.get("/api/routines").get_json()["routines"][0]
    body = client.get("/api/routines/lower-back-hip/timeline?pace=gentle").get_json()
    assert body["total_ms"] // 1000 == seed["total_seconds"]["gentle"]
    assert body["total_ms"] == sum(s["duration_ms"] for s in body["steps"])
    step = body["steps"][0]
    for key in ("kind", "duration_ms", "start_ms", "timed", "cue", "exercise_id", "side",
                "rep", "reps", "set", "sets", "marks"):
        assert key in step
    assert body["clinic"]["name"] == "Massage Rx"


def test_unknown_routine_is_404_and_bad_pace_is_400(app):
    client = app.test_client()
    r = client.get("/api/routines/nope/timeline")
    assert r.status_code == 404 and "nope" in r.get_json()["error"]
    assert r.get_json()["code"] == "no_such_routine"
    r = client.get("/api/routines/lower-back-hip/timeline?pace=quick")
    assert r.status_code == 400 and "pace" in r.get_json()["error"]
    assert r.get_json()["code"] == "bad_options"


def test_player_page_is_served(app):
    r = app.test_client().get("/")
    assert r.status_code == 200 and b"<html" in r.data.lower()


def test_a_bad_value_is_not_echoed_back_whole(app):
    client = app.test_client()
    r = client.get("/api/routines/lower-back-hip/timeline?pace=" + "q" * 20_000)
    assert r.status_code == 400
    error = r.get_json()["error"]
    assert error.startswith("unknown pace 'qqq") and len(error) < 200, len(error)
    r = client.get("/api/routines/" + "n" * 20_000 + "/timeline")
    assert r.status_code == 404
    error = r.get_json()["error"]
    assert error.startswith("no routine 'nnn") and len(error) < 200, len(error)


def test_the_routine_list_says_what_a_client_may_choose(app):
    body = app.test_client().get("/api/routines").get_json()
    assert body["paces"] == [{"id": "gentle", "name": "Gentle"},
                             {"id": "standard", "name": "Standard"},
                             {"id": "extended", "name": "Extended"}]
    assert body["dose_fields"] == [{"name": "hold", "min": 1, "max": 600},
                                   {"name": "reps", "min": 1, "max": 50},
                                   {"name": "sets", "min": 1, "max": 20}]
    seed = next(r for r in body["routines"] if r["id"] == "lower-back-hip")
    knee = seed["exercises"][0]
    assert knee["doses"] == {"gentle": {"hold": 8, "reps": 3, "sets": 1},
                             "standard": {"hold": 9, "reps": 3, "sets": 1},
                             "extended": {"hold": 10, "reps": 3, "sets": 1}}
    advice = next(e for e in seed["exercises"] if e["kind"] == "advice")
    assert advice["doses"] == {"gentle": {}, "standard": {}, "extended": {}}


def test_each_listed_dose_is_the_one_sessions_play_and_the_only_one_to_override(app):
    """The console's defaults and its form come from `doses`: every value must be what the
    compiler plays at that pace, and every listed field (and no other) must be overridable."""
    client = app.test_client()
    body = client.get("/api/routines").get_json()
    seed = next(r for r in body["routines"] if r["id"] == "lower-back-hip")
    catalog = Limber.of(app).catalog
    for pace in ("gentle", "extended"):
        url = f"/api/routines/lower-back-hip/timeline?pace={pace}"
        steps = client.get(url).get_json()["steps"]
        for ex in seed["exercises"]:
            dose = ex["doses"][pace]
            work = [s for s in steps
                    if s["exercise_id"] == ex["id"] and s["kind"] in ("hold", "rep")]
            if "reps" in dose:
                assert {(s["reps"], s["sets"]) for s in work} == {(dose["reps"], dose["sets"])}
            if "hold" in dose:
                assert {s["duration_ms"] for s in work} == {dose["hold"] * 1000}
    for ex in seed["exercises"]:
        for field in ("hold", "reps", "sets"):
            options = catalog.options(overrides=((ex["id"], ((field, 2),)),))
            try:
                catalog.compile("lower-back-hip", options)
                overridable = True
            except OptionsError:
                overridable = False
            assert overridable == (field in ex["doses"]["standard"]), (ex["id"], field)
