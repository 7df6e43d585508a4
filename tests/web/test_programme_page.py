"""What the patient's page asks of the server: the programme as this server's sessions play
it (?scaled=1, the time scale applied, as /api/routines/<id>/timeline?scaled=1), and the
pages of the patient and the clinician served with the modules they load."""

from __future__ import annotations

import re

BODY = {"routine_id": "lower-back-hip", "label": "Knee", "options": {"pace": "gentle"},
        "frequency": {"times": 1, "per": "day"}}


def test_the_programme_comes_scaled_when_asked_as_the_routine_timeline_does(app, clinic_client):
    key = clinic_client.post("/api/programmes", json=BODY).get_json()["key"]
    client = app.test_client()
    plain = client.get(f"/api/p/{key}").get_json()["timeline"]
    scaled = client.get(f"/api/p/{key}?scaled=1").get_json()["timeline"]
    routine = client.get("/api/routines/lower-back-hip/timeline?pace=gentle&scaled=1").get_json()
    assert plain["time_scale"] == 1.0
    assert scaled["time_scale"] == 50
    assert scaled["total_ms"] == routine["total_ms"] < plain["total_ms"]
    assert [s["cue"] for s in scaled["steps"]] == [s["cue"] for s in plain["steps"]]


def test_the_pages_load_their_modules(app, clinic_client):
    key = clinic_client.post("/api/programmes", json=BODY).get_json()["key"]
    patient = app.test_client().get(f"/p/{key}").get_data(as_text=True)
    assert f'data-key="{key}"' in patient and "js/programme.js" in patient
    programmes = clinic_client.get("/programmes").get_data(as_text=True)
    assert "js/programmelist.js" in programmes
    pid = clinic_client.get("/api/programmes").get_json()["programmes"][0]["id"]
    overview = clinic_client.get(f"/programmes/{pid}").get_data(as_text=True)
    assert f'data-id="{pid}"' in overview and "js/programmeoverview.js" in overview
    for page in (patient, programmes, overview):
        for src in re.findall(r'src="([^"]+\.js)"', page):
            assert app.test_client().get(src).status_code == 200, src
