"""The clinician's list of programmes and one programme's overview, with 500 programmes of
90 days of history each (a run most days, a check per exercise): time at the server.

The history is written through the programme store as the records route writes it (flags
and suggestions derived), then the two routes are asked in-process with the clinic key.
Prints the database size and the median and worst time of each route (target < 200 ms)."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the app and the tests package
from app import create_app  # noqa: E402
from sessions.clock import now_ms  # noqa: E402
from sessions.config import Settings  # noqa: E402
from sessions.core.days import day_text, utc_day  # noqa: E402
from sessions.programme_store import ProgrammeStore  # noqa: E402
from sessions.services import Limber  # noqa: E402
from sessions.web import programme_views as views  # noqa: E402
from tests.support.clinic import KEY  # noqa: E402


def history(rng: random.Random, exercises: list[str], today: int, days: int) -> list[dict]:
    out, seq = [], 0

    def add(day, **fields):
        nonlocal seq
        seq += 1
        out.append({"seq": seq, "local_day": day_text(day), "at": day * 86_400_000 + seq,
                    **fields})
    for day in range(today - days + 1, today + 1):
        if rng.random() < 0.25:  # a missed day
            continue
        rid = f"r{day}"
        add(day, kind="run_started", run_id=rid, version=1, start_pain=rng.randint(0, 3))
        for eid in exercises:
            add(day, kind="check", run_id=rid, exercise_id=eid,
                pain=min(10, max(0, int(rng.gauss(3, 2)))),
                effort=rng.choice(["too_easy", "about_right", "too_hard"]), skipped=False)
        add(day, kind="run_ended", run_id=rid, completed=True, exercises_done=len(exercises),
            exercises_skipped=0, duration_ms=900_000)
    return out


def timed(client, url: str, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        answer = client.get(url, headers={"Authorization": f"Bearer {KEY}"})
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.get_data(as_text=True)[:200]
    return statistics.median(times), max(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--programmes", type=int, default=500)
    ap.add_argument("--days", type=int, default=90)
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp) / "data", audio_dir=Path(tmp) / "audio",
                                  clinic_key=KEY))
        limber = Limber.of(app)
        catalog, store = limber.catalog, ProgrammeStore(limber.store)
        routine, _ = catalog.routine_at("lower-back-hip", None)
        exercises = [e.id for e in routine.exercises]
        now = now_ms()
        today = utc_day(now)
        body = views.fitted(catalog, {"routine_id": "lower-back-hip", "routine_version": None,
                                      "options": {}, "frequency": {"times": 1, "per": "day"},
                                      "end_date": None, "check": "each", "pain_threshold": 7})
        started = time.perf_counter()
        ids, count = [], 0
        for n in range(args.programmes):
            pid = f"p{n:04d}"
            store.create(pid, f"key-{n:04d}", f"Patient {n:04d}", body, now, today - args.days + 1)
            sent = history(rng, exercises, today, args.days)
            accepted = store.apply(store.get(pid), "phone", sent, now, views.doses(catalog))
            assert accepted.acked_through == len(sent)
            ids.append(pid)
            count += len(sent)
        size = (Path(tmp) / "data" / "limber.db").stat().st_size
        print(f"{args.programmes} programmes, {args.days} days each: {count:,} records "
              f"written in {time.perf_counter() - started:.0f} s, database {size / 1e6:.0f} MB")
        client = app.test_client()
        for label, url in (("list (GET /api/programmes)", "/api/programmes"),
                           ("one overview (GET /api/programmes/<id>)",
                            f"/api/programmes/{ids[len(ids) // 2]}")):
            median, worst = timed(client, url, args.repeats)
            print(f"{label}: median {median:.0f} ms, worst {worst:.0f} ms "
                  f"over {args.repeats} (target < 200 ms)")


if __name__ == "__main__":
    main()
