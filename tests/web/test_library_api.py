"""The routine library's HTTP API (docs/api.md): every answer and error, and bad input that
gets a clear error and saves nothing."""

import copy

import pytest
import yaml

from tests.conftest import SEED_FILE

SEED = yaml.safe_load(SEED_FILE.read_text())


def draft(routine_id: str = "my-back", **changes) -> dict:
    doc = copy.deepcopy(SEED)
    doc.update({"id": routine_id, "title": "My back", **changes})
    return doc


def ids(client) -> list[tuple[str, str, int]]:
    return [(r["id"], r["origin"], r["version"])
            for r in client.get("/api/library").get_json()["routines"]]


def test_the_list_holds_the_built_ins_read_only(clinic_client):
    [entry] = clinic_client.get("/api/library").get_json()["routines"]
    assert entry == {"id": "lower-back-hip", "title": "Lower back & hip pain",
                     "origin": "builtin", "version": 1, "saved_at": None}


def test_create_read_and_list_a_routine(clinic_client):
    answer = clinic_client.post("/api/library", json={"routine": draft()})
    assert answer.status_code == 201 and answer.get_json() == {"id": "my-back", "version": 1}
    assert ids(clinic_client) == [("lower-back-hip", "builtin", 1), ("my-back", "clinic", 1)]
    body = clinic_client.get("/api/library/my-back").get_json()
    assert body["routine"] == draft() and body["origin"] == "clinic" and body["version"] == 1
    assert [v["version"] for v in body["versions"]] == [1]
    assert isinstance(body["saved_at"], int)


def test_a_built_in_reads_as_its_file(clinic_client):
    body = clinic_client.get("/api/library/lower-back-hip").get_json()
    assert body["routine"] == SEED and body["origin"] == "builtin"
    assert body["versions"] == [{"version": 1, "saved_at": None}]
    assert clinic_client.get("/api/library/lower-back-hip/versions/1").get_json()["routine"] \
        == SEED
    assert clinic_client.get("/api/library/lower-back-hip/versions/2").status_code == 404


def test_create_from_yaml_and_import(clinic_client):
    text = yaml.safe_dump(draft("from-yaml"))
    answer = clinic_client.post("/api/library", data=text, content_type="application/yaml")
    assert answer.status_code == 201 and answer.get_json()["id"] == "from-yaml"
    answer = clinic_client.post("/api/library/import", data=yaml.safe_dump(draft("imported")),
                                content_type="text/plain")
    assert answer.status_code == 201 and answer.get_json() == {"id": "imported", "version": 1}
    assert clinic_client.get("/api/library/imported").get_json()["routine"] == draft("imported")


def test_an_invalid_routine_gets_every_problem_with_its_path_and_nothing_is_saved(
        clinic_client):
    doc = draft()
    doc["exercises"][2]["reps"] = {"min": 12, "max": 10, "from": "source"}
    doc["exercises"][0]["instructions"][1] = "Say {nothing}."
    doc["timing"]["get_ready"] = {"value": "five", "from": "editorial"}
    answer = clinic_client.post("/api/library", json={"routine": doc})
    body = answer.get_json()
    assert answer.status_code == 422 and body["code"] == "invalid_routine"
    paths = {p["path"]: p["message"] for p in body["problems"]}
    assert set(paths) == {"exercises[2].reps", "exercises[0].instructions[1]",
                          "timing.get_ready"}
    assert paths["exercises[2].reps"] == ("exercise 'knee-rotations' (#3): field 'reps': min 12 "
                                          "is more than max 10 (the smaller number is the min)")
    assert ids(clinic_client) == [("lower-back-hip", "builtin", 1)]


def test_the_problems_are_the_messages_routines_check_prints(clinic_client, tmp_path):
    from sessions.core.model import RoutineError, parse_routine
    doc = draft()
    doc["exercises"][1]["kind"] = "stretch"
    with pytest.raises(RoutineError) as err:
        parse_routine(doc, "my-back.yaml")
    body = clinic_client.post("/api/library/check", json={"routine": doc}).get_json()
    assert [f"my-back.yaml: {p['message']}" for p in body["problems"]] == err.value.problems
    assert body["problems"][0]["path"] == "exercises[1].kind" and "preview" not in body


def test_an_id_that_is_taken_is_refused(clinic_client):
    assert clinic_client.post("/api/library", json={"routine": draft()}).status_code == 201
    for doc in (draft(), draft("lower-back-hip")):
        answer = clinic_client.post("/api/library", json={"routine": doc})
        assert answer.status_code == 409 and answer.get_json()["code"] == "id_taken"
    assert ids(clinic_client) == [("lower-back-hip", "builtin", 1), ("my-back", "clinic", 1)]


def test_each_save_is_a_new_version_and_old_ones_stay(clinic_client):
    clinic_client.post("/api/library", json={"routine": draft()})
    answer = clinic_client.put("/api/library/my-back",
                               json={"routine": draft(title="Version two"), "base_version": 1})
    assert answer.status_code == 200 and answer.get_json() == {"id": "my-back", "version": 2}
    body = clinic_client.get("/api/library/my-back").get_json()
    assert body["version"] == 2 and body["routine"]["title"] == "Version two"
    assert [v["version"] for v in body["versions"]] == [1, 2]
    old = clinic_client.get("/api/library/my-back/versions/1").get_json()
    assert old == {"id": "my-back", "version": 1, "routine": draft()}
    assert clinic_client.get("/api/library/my-back/versions/3").get_json()["code"] \
        == "no_such_routine"


def test_a_save_from_an_old_version_is_stale(clinic_client):
    clinic_client.post("/api/library", json={"routine": draft()})
    clinic_client.put("/api/library/my-back", json={"routine": draft(), "base_version": 1})
    answer = clinic_client.put("/api/library/my-back",
                               json={"routine": draft(title="Lost?"), "base_version": 1})
    assert answer.status_code == 409
    assert answer.get_json()["code"] == "stale_version" and answer.get_json()["version"] == 2
    assert clinic_client.get("/api/library/my-back").get_json()["routine"]["title"] == "My back"


def test_put_refusals(clinic_client):
    clinic_client.post("/api/library", json={"routine": draft()})
    cases = [
        ("/api/library/lower-back-hip", {"routine": SEED, "base_version": 1}, 403, "read_only"),
        ("/api/library/nothing-here", {"routine": draft("nothing-here"), "base_version": 1},
         404, "no_such_routine"),
        ("/api/library/my-back", {"routine": draft()}, 400, "bad_request"),
        ("/api/library/my-back", {"routine": draft(), "base_version": "1"}, 400, "bad_request"),
        ("/api/library/my-back", {"routine": draft(), "base_version": True}, 400,
         "bad_request"),
        ("/api/library/my-back", {"routine": draft("renamed"), "base_version": 1}, 422,
         "invalid_routine"),
    ]
    for url, body, status, code in cases:
        answer = clinic_client.put(url, json=body)
        assert (answer.status_code, answer.get_json()["code"]) == (status, code), body
    renamed = clinic_client.put("/api/library/my-back",
                                json={"routine": draft("renamed"), "base_version": 1})
    assert renamed.get_json()["problems"][0]["path"] == "id"
    assert ids(clinic_client) == [("lower-back-hip", "builtin", 1), ("my-back", "clinic", 1)]


def test_export_gives_yaml_that_imports_to_the_same_routine(clinic_client):
    clinic_client.post("/api/library", json={"routine": draft()})
    clinic_client.put("/api/library/my-back", json={"routine": draft(title="Two"),
                                                     "base_version": 1})
    answer = clinic_client.get("/api/library/my-back/export?version=1")
    assert answer.mimetype == "application/yaml"
    assert answer.headers["Content-Disposition"] == "attachment; filename=my-back.yaml"
    assert yaml.safe_load(answer.data) == draft()
    latest = clinic_client.get("/api/library/my-back/export")
    assert yaml.safe_load(latest.data)["title"] == "Two"
    builtin = clinic_client.get("/api/library/lower-back-hip/export")
    assert builtin.get_data(as_text=True) == SEED_FILE.read_text()
    for bad, status in (("two", 400), ("-1", 400), ("9", 404)):
        answer = clinic_client.get(f"/api/library/my-back/export?version={bad}")
        assert answer.status_code == status, bad


def test_check_answers_the_length_per_pace_and_the_cue_script(clinic_client):
    body = clinic_client.post("/api/library/check", json={"routine": draft()}).get_json()
    assert body["problems"] == []
    totals = body["preview"]["total_ms"]
    assert set(totals) == {"gentle", "standard", "extended"}
    assert totals["gentle"] < totals["standard"] < totals["extended"]
    script = body["preview"]["script"]
    assert script[0] == {"step": 0, "kind": "intro", "say": SEED["intro"][0]}
    assert {"step": 3, "kind": "announce", "say": "Knee to chest."} in script
    assert [s["step"] for s in script] == list(range(len(script)))
    assert ids(clinic_client) == [("lower-back-hip", "builtin", 1)]  # nothing saved


BOMB = """
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
"""
BAD_INPUT = [
    ("POST", "/api/library", b"{not json", "application/json", 400, "bad_request"),
    ("POST", "/api/library", b'{"routine": {}}', "text/html", 415, "bad_request"),
    ("POST", "/api/library", b"[1, 2]", "application/json", 400, "bad_request"),
    ("POST", "/api/library", b'{"doc": {}}', "application/json", 400, "bad_request"),
    ("POST", "/api/library", b'{"routine": [1, 2]}', "application/json", 422,
     "invalid_routine"),
    ("POST", "/api/library", b'{"routine": "text"}', "application/json", 422,
     "invalid_routine"),
    ("POST", "/api/library", b'{"routine": ' + b"[" * 5000 + b"]" * 5000 + b"}",
     "application/json", 400, "bad_request"),
    ("POST", "/api/library", b'{"routine": {"id": ' + b"[" * 50 + b"]" * 50 + b"}}",
     "application/json", 422, "bad_request"),
    ("POST", "/api/library", b"x" * 70_000, "application/json", 413, "too_large"),
    ("POST", "/api/library", BOMB.encode(), "application/yaml", 422, "invalid_routine"),
    ("POST", "/api/library", b"a: [" * 30 + b"]" * 30, "application/yaml", 422,
     "invalid_routine"),
    ("POST", "/api/library", b"id: x\ntitle: [unclosed", "application/yaml", 422,
     "invalid_routine"),
    ("POST", "/api/library", b"\xff\xfe binary", "application/yaml", 400, "bad_request"),
    ("POST", "/api/library/import", b"- just\n- a list", "application/yaml", 422,
     "invalid_routine"),
    ("POST", "/api/library/import", b"", "application/yaml", 422, "invalid_routine"),
    ("POST", "/api/library/check", b"{oops", "application/json", 400, "bad_request"),
]


@pytest.mark.parametrize("method,url,body,content_type,status,code", BAD_INPUT)
def test_bad_input_gets_a_clear_error_and_saves_nothing(clinic_client, method, url, body,
                                                        content_type, status, code):
    answer = clinic_client.open(url, method=method, data=body, content_type=content_type)
    assert (answer.status_code, answer.get_json()["code"]) == (status, code)
    assert answer.get_json()["error"]
    assert ids(clinic_client) == [("lower-back-hip", "builtin", 1)]


def test_a_yaml_bomb_is_named_as_such(clinic_client):
    body = clinic_client.post("/api/library", data=BOMB,
                              content_type="application/yaml").get_json()
    assert body["problems"] == [{"path": "", "message": "too large once its aliases are "
                                                        "expanded (more than 20,000 values)"}]


def test_unknown_routines_are_404(clinic_client):
    for url in ("/api/library/nope", "/api/library/nope/versions/1",
                "/api/library/nope/export"):
        answer = clinic_client.get(url)
        assert answer.status_code == 404 and answer.get_json()["code"] == "no_such_routine"
