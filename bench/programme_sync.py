"""A day offline, then sync: 1,000 queued records from one device sent in batches as the
client sends them; duplicates, order, and a kill -9 of the server during the sync.

Prints: time per batch and in all; records stored, duplicates and order after sending
everything twice; and, with the server killed while a sync is under way and started again,
what was acked before the kill and what is stored after it (nothing acked may be lost)."""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests package
from tests.support.clinic import KEY  # noqa: E402
from tests.support.server import LimberServer  # noqa: E402

YESTERDAY = "2026-11-27"


def queued(count: int) -> list[dict]:
    """What a device queues during a day offline: runs of 10 checks, each started and ended."""
    out, seq, run = [], 1, 0
    while len(out) < count:
        run += 1
        rid = f"run-{run}"
        block = [{"kind": "run_started", "run_id": rid, "version": 1, "start_pain": 2}]
        block += [{"kind": "check", "run_id": rid, "exercise_id": f"ex-{i}", "pain": i % 4,
                   "effort": "about_right", "skipped": False} for i in range(10)]
        block += [{"kind": "run_ended", "run_id": rid, "completed": True, "exercises_done": 10,
                   "exercises_skipped": 0, "duration_ms": 900_000}]
        for fields in block:
            out.append({"seq": seq, "local_day": YESTERDAY, "at": 1_795_700_000_000 + seq,
                        **fields})
            seq += 1
    return out[:count]


def create(server: LimberServer) -> tuple[str, str]:
    answer = requests.post(f"{server.url}/api/programmes", timeout=30,
                           headers={"Authorization": f"Bearer {KEY}"},
                           json={"routine_id": "lower-back-hip", "label": "bench",
                                 "frequency": {"times": 1, "per": "day"}})
    answer.raise_for_status()
    body = answer.json()
    return body["id"], body["key"]


def stored(server: LimberServer, programme_id: str) -> list[int]:
    answer = requests.get(f"{server.url}/api/programmes/{programme_id}/export.json",
                          headers={"Authorization": f"Bearer {KEY}"}, timeout=60)
    answer.raise_for_status()
    return [r["seq"] for r in answer.json()["records"]]


def sync(url: str, key: str, records: list[dict], batch: int, times: list[float],
         acked: list[int], stop_on_error: bool = False) -> None:
    """As the client's outbox: send what follows acked_through, `batch` at a time, until all
    is acked; on a network error try again (the server may be down) until it answers."""
    through = 0
    while through < len(records):
        chunk = records[through:through + batch]
        started = time.perf_counter()
        try:
            answer = requests.post(f"{url}/api/p/{key}/records", timeout=30,
                                   json={"device_id": "phone-1", "records": chunk})
        except requests.ConnectionError:
            if stop_on_error:
                raise
            time.sleep(0.05)  # the server is restarting: wait for it as a device would
            continue
        times.append(time.perf_counter() - started)
        answer.raise_for_status()
        through = answer.json()["acked_through"]
        acked.append(through)


def report(label: str, seqs: list[int], expected: int) -> None:
    duplicates = len(seqs) - len(set(seqs))
    in_order = seqs == sorted(seqs) and sorted(set(seqs)) == list(range(1, expected + 1))
    print(f"{label}: stored {len(set(seqs))} of {expected}, duplicates {duplicates}, "
          f"order kept: {'yes' if in_order else 'NO'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--records", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=200, help="records per request (max 500)")
    args = ap.parse_args()
    records = queued(args.records)
    with tempfile.TemporaryDirectory() as tmp:
        server = LimberServer(Path(tmp) / "data", clinic_key=KEY).start()
        try:
            programme_id, key = create(server)
            times, acked = [], []
            started = time.perf_counter()
            sync(server.url, key, records, args.batch, times, acked, stop_on_error=True)
            total = time.perf_counter() - started
            print(f"sync of {args.records} records in batches of {args.batch}: "
                  f"{len(times)} requests, {total * 1000:.0f} ms in all, per batch median "
                  f"{statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms")
            for start in range(0, len(records), args.batch):  # every batch once more
                again = requests.post(f"{server.url}/api/p/{key}/records", timeout=30, json={
                    "device_id": "phone-1", "records": records[start:start + args.batch]})
                assert again.json()["acked_through"] == len(records), again.text
            report("after sending everything twice", stored(server, programme_id), len(records))

            programme_id, key = create(server)
            times, acked = [], []
            sender = threading.Thread(target=sync, args=(server.url, key, records, 50,
                                                         times, acked))
            sender.start()
            while not acked or acked[-1] < len(records) // 3:
                time.sleep(0.001)
            server.kill()  # kill -9, most likely while a request is under way
            before = acked[-1]
            with sqlite3.connect(server.data_dir / "limber.db") as db:  # as the kill left it
                at_kill = db.execute("SELECT COUNT(*) FROM programme_records WHERE "
                                     "programme_id = ?", (programme_id,)).fetchone()[0]
            server.start()
            sender.join(timeout=300)
            after = stored(server, programme_id)
            print(f"kill -9 during sync: acked before the kill {before}, in the database "
                  f"after the kill {at_kill} (acked and lost: {max(0, before - at_kill)}); "
                  f"after the restart and the resend {len(set(after))}")
            report("after the kill and the resend", after, len(records))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
