"""Programmes in tests: create one as the clinic, and a device's records."""

from __future__ import annotations

SEED_ID = "lower-back-hip"
FIRST = "knee-to-chest"  # the seed routine's first exercise
DAY = "2026-11-28"


def create(clinic, **fields) -> dict:
    """POST /api/programmes (201 asserted): {id, key, link, qr_url, version}."""
    body = {"routine_id": SEED_ID, "label": "Knee A", "frequency": {"times": 1, "per": "day"},
            **fields}
    answer = clinic.post("/api/programmes", json=body)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def record(seq: int, kind: str = "check", day: str = DAY, **fields) -> dict:
    defaults = {"run_started": {"run_id": "r1", "version": 1},
                "check": {"run_id": "r1", "exercise_id": FIRST, "pain": 2,
                          "effort": "about_right", "skipped": False},
                "exercise_stopped": {"run_id": "r1", "exercise_id": FIRST,
                                     "reason": "pain_threshold"},
                "run_ended": {"run_id": "r1", "completed": True, "exercises_done": 8,
                              "exercises_skipped": 1, "duration_ms": 600_000}}[kind]
    return {"seq": seq, "kind": kind, "local_day": day, "at": 1_795_850_000_000 + seq,
            **defaults, **fields}


def run(first_seq: int, run_id: str, day: str = DAY, pains=(2,), effort="about_right",
        start_pain=None, version=1) -> list[dict]:
    """A whole run: started, one check per pain (on the first exercise), ended."""
    out = [record(first_seq, "run_started", day, run_id=run_id, version=version,
                  start_pain=start_pain)]
    for i, pain in enumerate(pains):
        out.append(record(first_seq + 1 + i, "check", day, run_id=run_id, pain=pain,
                          effort=effort))
    out.append(record(first_seq + 1 + len(pains), "run_ended", day, run_id=run_id))
    return out


def send(client, key: str, records: list[dict], device_id: str = "phone-1"):
    return client.post(f"/api/p/{key}/records", json={"device_id": device_id,
                                                     "records": records})
