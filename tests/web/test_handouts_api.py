"""POST /api/handouts/parse: a clinic member's handout read into a draft; bad input gets a
clear 422 and nothing is kept; anyone else gets 401. The editor page: clinic members only."""

from pathlib import Path

import pytest

KEY = "correct horse battery staple"
SEED = Path(__file__).resolve().parents[1] / "corpus" / "handouts" / "seed_lower_back_hip.txt"
AUTH = {"Authorization": f"Bearer {KEY}"}

pytestmark = pytest.mark.settings(clinic_key=KEY)


def test_the_seed_handout_gives_a_draft_with_its_quotes(app):
    client = app.test_client()
    text = SEED.read_text(encoding="utf-8")
    res = client.post("/api/handouts/parse", json={"text": text}, headers=AUTH)
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    assert set(body) >= {"routine", "found", "editorial", "unplaced", "flags"}
    assert len(body["routine"]["exercises"]) == 9
    for found in body["found"]:  # every quote is the handout's own words
        assert found["quote"] in text, found
    # the draft is a routine the library accepts as it is
    check = client.post("/api/library/check", json={"routine": body["routine"]}, headers=AUTH)
    assert check.get_json()["problems"] == []


def test_a_file_is_read_as_it_is(app):
    client = app.test_client()
    data = SEED.read_text(encoding="utf-8").encode("cp1252", "replace")
    res = client.post("/api/handouts/parse", data=data, content_type="text/plain",
                      headers=AUTH)
    assert res.status_code == 200
    assert len(res.get_json()["routine"]["exercises"]) == 9


@pytest.mark.parametrize("kwargs, words", [
    ({"json": {"text": ""}}, "empty"),
    ({"json": {"text": "Nice weather today. See you soon."}}, "no exercises"),
    ({"json": {"text": "1 Bridge\n\x00\x01\x02\x03 binary"}}, "not plain text"),
    ({"data": b"%PDF-1.4\x00\x00\x00binary", "content_type": "application/octet-stream"},
     "not plain text"),
    ({"json": {"nothing": 1}}, "expected"),
    ({"json": ["a list"]}, "expected"),
    ({"data": "not json", "content_type": "application/json"}, "not valid JSON"),
    ({"data": "<p>", "content_type": "text/html"}, "send the text"),
    ({"json": {"text": "1 Bridge\nLift. " * 20_000}}, "over 64 KB"),
])
def test_bad_input_gets_a_clear_message(app, kwargs, words):
    res = app.test_client().post("/api/handouts/parse", headers=AUTH, **kwargs)
    assert res.status_code == 422, res.get_data(as_text=True)[:200]
    body = res.get_json()
    assert body["code"] == "bad_handout"
    assert words in body["error"]


def test_only_a_clinic_member_may_parse_or_open_the_editor(app):
    client = app.test_client()
    res = client.post("/api/handouts/parse", json={"text": SEED.read_text(encoding="utf-8")})
    assert res.status_code == 401
    assert res.get_json()["code"] == "clinic_only"
    wrong = client.post("/api/handouts/parse", json={"text": "x"},
                        headers={"Authorization": "Bearer not the key"})
    assert wrong.status_code == 403
    page = client.get("/editor")
    assert page.status_code == 302 and "/clinic" in page.headers["Location"]
    assert client.get("/editor", headers=AUTH).status_code == 200


def test_the_editor_page_carries_what_it_offers_to_pick_from(app):
    import json
    import re

    from sessions.core.figures import POSITIONS
    from sessions.core.figures_poses import LIBRARY
    from sessions.core.phrases import EQUIPMENT
    page = app.test_client().get("/editor", headers=AUTH).get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="editor-choices">(.*?)</script>',
                      page, re.S)
    choices = json.loads(found.group(1))
    assert set(choices["figures"]["positions"]) == set(POSITIONS)
    assert choices["figures"]["poses"] == LIBRARY
    assert choices["equipment"] == list(EQUIPMENT)
    # a new routine starts as one the library accepts, but for its exercises
    check = app.test_client().post("/api/library/check", headers=AUTH,
                                   json={"routine": choices["new_routine"]}).get_json()
    assert [p["path"] for p in check["problems"]] == ["exercises"]
