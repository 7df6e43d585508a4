"""docs/api.md's example of recording a run, sent as written: answered as it says."""

import json
import re
from pathlib import Path

from sessions.core.days import day_number
from sessions.services import Limber
from tests.support.programmes import create

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_the_documented_run_is_recorded_as_documented(app, clinic_client):
    text = API_DOC.read_text()
    part = text[text.index("### `POST /api/p/<key>/records`"):]
    example = json.loads(re.search(r"```json\n(.*?)```", part, re.S).group(1))
    Limber.of(app).clock = lambda: day_number("2026-11-28") * 86_400_000 + 43_200_000
    made = create(clinic_client)  # threshold 7 by default
    answer = app.test_client().post(f"/api/p/{made['key']}/records", json=example)
    assert answer.get_json() == {"acked_through": 5}
    seen = clinic_client.get(f"/api/programmes/{made['id']}").get_json()
    assert [(f["exercise_id"], f["pain"], f["reason"]) for f in seen["flags"]] == [
        ("bridge", 7, "pain_threshold")]
    assert seen["calendar"] == [{"day": "2026-11-28", "planned": 1, "done": 1}]
    assert seen["runs"][0]["stopped"] == ["bridge"]
