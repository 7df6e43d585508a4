"""Lighthouse 12.2.3 (mobile, its default throttling) on the picker (`/`) and `/history`:
performance, accessibility, best practices and SEO, each the median of three runs.

Lighthouse comes from the npm registry by package name into bench/node_modules (not in git;
installed here when missing); Chromium is Debian's (CHROME_PATH=/usr/bin/chromium). The
server is `python app.py` on a free loopback port with a fresh data dir and the seed
routine's clips stubbed; /history lists a few recorded runs. Audits below a full score in
any run are listed after the medians, so that what to fix is in the output.

Run: python bench/lighthouse.py [--runs 3] [--page / --page /history]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from served import CHROMIUM, limber_server

VERSION = "12.2.3"
HERE = Path(__file__).resolve().parent
CLI = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def ensure_lighthouse() -> None:
    installed = HERE / "node_modules" / "lighthouse" / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == VERSION:
        return
    print(f"installing lighthouse@{VERSION} into bench/node_modules ...", flush=True)
    subprocess.run(["npm", "install", "--prefix", str(HERE), "--no-save", "--no-audit",
                    "--no-fund", f"lighthouse@{VERSION}"], check=True)


def record_runs(data_dir: Path) -> None:
    """A few runs in the history, written before the server starts (its own store)."""
    from sessions.store import Store
    store = Store(data_dir / "limber.db")
    start = 1_767_225_600_000
    for i, outcome in enumerate(("finished", "ended", "abandoned")):
        store.record_run({"session_id": f"bench-{i}", "routine_id": "lower-back-hip",
                          "options": {"pace": "standard"}, "started_at": start + i * 86_400_000,
                          "ended_at": start + i * 86_400_000 + (23 - 5 * i) * 60_000,
                          "steps_total": 120, "steps_completed": 120 - 30 * i,
                          "steps_skipped": 2 * i, "pauses": i, "outcome": outcome})
    store.close()


def lighthouse(url: str, out: Path, tries: int = 3) -> dict:
    """One Lighthouse report; a run that Lighthouse itself gives up on (it sometimes misses
    the trace's navigation start and says to run it again) is run again."""
    for attempt in range(tries):
        try:
            return _lighthouse_once(url, out)
        except RuntimeError as err:
            if attempt == tries - 1 or "run Lighthouse again" not in str(err):
                raise
            print(f"           (run again: {str(err).splitlines()[-1][:90]})", flush=True)
    raise AssertionError("unreachable")


def _lighthouse_once(url: str, out: Path) -> dict:
    out.unlink(missing_ok=True)
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    run = subprocess.run(
        ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={out}",
         f"--only-categories={','.join(CATEGORIES)}",
         "--chrome-flags=--headless --no-sandbox --disable-gpu"],
        env=env, capture_output=True, text=True, timeout=600)
    if run.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}:\n{run.stderr[-3000:]}")
    return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", action="append", help="a path to audit (default / and /history)")
    args = parser.parse_args()
    pages = args.page or ["/", "/history"]
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} not found: apt-get install chromium"
    assert shutil.which("node") and shutil.which("npm"), "node and npm are needed (apt-get install nodejs npm)"
    ensure_lighthouse()

    with tempfile.TemporaryDirectory(prefix="limber-lighthouse-") as tmp, \
            limber_server(prepare=record_runs) as server:
        work = Path(tmp)
        print(f"Lighthouse {VERSION}, mobile, median of {args.runs} runs "
              f"({', '.join(CATEGORIES)})", flush=True)
        for page in pages:
            reports = [lighthouse(server.url + page, work / f"report-{i}.json")
                       for i in range(args.runs)]
            medians = {c: statistics.median(round(r["categories"][c]["score"] * 100)
                                            for r in reports) for c in CATEGORIES}
            print(f"{page:10s} " + "  ".join(f"{c} {medians[c]:.0f}" for c in CATEGORIES))
            print("           runs: " + " | ".join(
                " ".join(str(round(r["categories"][c]["score"] * 100)) for c in CATEGORIES)
                for r in reports))
            print("           median " + "  ".join(
                f"{short} {statistics.median(r['audits'][key]['numericValue'] for r in reports):.0f}"
                f"{unit}" for key, short, unit in (
                    ("first-contentful-paint", "FCP", " ms"), ("largest-contentful-paint", "LCP", " ms"),
                    ("total-blocking-time", "TBT", " ms"), ("speed-index", "SI", " ms"))))
            print("           median CLS " + f"{statistics.median(r['audits']['cumulative-layout-shift']['numericValue'] for r in reports):.3f}")
            below = {}
            for r in reports:
                for category in CATEGORIES:
                    for ref in r["categories"][category]["auditRefs"]:
                        audit = r["audits"][ref["id"]]
                        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                            below[ref["id"]] = audit["title"]
            for key, title in sorted(below.items()):
                print(f"           below full score: {key}: {title}")


if __name__ == "__main__":
    main()
