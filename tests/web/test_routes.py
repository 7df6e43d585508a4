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
    for key in ("kind", "duration_ms", "timed", "cue", "exercise_id", "side", "rep", "reps",
                "set", "sets", "marks"):
        assert key in step
    assert body["clinic"]["name"] == "Massage Rx"


def test_unknown_routine_is_404_and_bad_pace_is_400(app):
    client = app.test_client()
    r = client.get("/api/routines/nope/timeline")
    assert r.status_code == 404 and "nope" in r.get_json()["error"]
    r = client.get("/api/routines/lower-back-hip/timeline?pace=quick")
    assert r.status_code == 400 and "pace" in r.get_json()["error"]


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
