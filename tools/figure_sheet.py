"""Draw every exercise figure of the routine library on one page and screenshot it, to look
at each against its instructions (start and end pose, each side, half way between, the
thumbnail, light and dark).

The SVG comes from the player's own renderer (static/js/figure.js, run by node), so the
sheet shows exactly what the player will. Screenshots use Playwright with Debian's Chromium.
Run: python tools/figure_sheet.py [--out DIR] [--library DIR] [routine-id ...]
(default DIR: figure-sheet/ in the system's temporary folder, outside the repository)
Writes sheet.html, sheet-light.png, sheet-dark.png and one <exercise>.png each.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sessions.library import load_library  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
RENDER = """
import { scene, thumbnail, toSvg } from %s;
let input = '';
for await (const chunk of process.stdin) input += chunk;
const out = JSON.parse(input).map((job) => toSvg(job.thumb
  ? thumbnail(job.figure, job) : scene(job.figure, job)));
process.stdout.write(JSON.stringify(out));
"""
STYLE = """
body { font: 15px/1.4 system-ui, sans-serif; margin: 16px; background: #f4f6f3; color: #15201b; }
@media (prefers-color-scheme: dark) { body { background: #0f1613; color: #eef3f0; } }
section { border-top: 1px solid #8888; padding: 10px 0 14px; }
h2 { margin: 0 0 4px; font-size: 18px; }
ol { margin: 0 0 8px; padding-left: 20px; max-width: 70em; }
.row { display: flex; gap: 14px; align-items: flex-end; flex-wrap: wrap; margin-top: 6px; }
figure { margin: 0; text-align: center; }
figcaption { font-size: 12px; opacity: .8; }
.figure { height: 150px; width: auto; max-width: 330px; display: block; }
.figure.thumb { height: 56px; max-width: 110px; }
.side { font-weight: 700; width: 4.5em; }
"""


def phases(figure) -> list[str]:
    """The poses a figure goes through, in order: start, then the held or tempo poses."""
    seq = [figure.start, *([figure.hold] if figure.hold else figure.tempo)]
    return [p for i, p in enumerate(seq) if i == 0 or p != seq[i - 1]]


def jobs_for(routine) -> list[tuple[str, str, list[tuple[str, dict]]]]:
    """(exercise id, section title + text, [(caption, render job)]) per exercise."""
    out = []
    for ex in routine.exercises:
        if ex.figure is None:
            continue
        data = ex.figure.to_dict()
        text = "".join(f"<li>{html.escape(s)}</li>" for s in ex.instructions)
        rows = []
        if ex.figure.icon:
            rows.append(("", [("icon", {"figure": data, "label": ex.name}),
                              ("thumbnail", {"figure": data, "thumb": True, "label": ex.name})]))
        for side in (("left", "right") if ex.sides == "each" else (None,)):
            if ex.figure.icon:
                break
            seq = phases(ex.figure)
            cells = []
            for i, pose in enumerate(seq):
                prev = seq[i - 1] if i else None
                if prev:
                    cells.append((f"{prev} → {pose}, half way", {
                        "figure": data, "from": prev, "to": pose, "side": side,
                        "progress": 0.5, "label": ex.name}))
                cells.append((pose, {"figure": data, "from": pose, "to": pose, "side": side,
                                     "label": ex.name}))
            cells.append(("thumbnail", {"figure": data, "side": side, "thumb": True,
                                        "label": ex.name}))
            rows.append((side or "", cells))
        title = (f"<h2>{html.escape(ex.name)} <small>({html.escape(ex.id)})</small></h2>"
                 f"<ol>{text}</ol>")
        out.append((ex.id, title, rows))
    return out


def render(jobs: list[dict]) -> list[str]:
    node = shutil.which("node")
    if not node:
        raise SystemExit("node is not installed")
    module = json.dumps((ROOT / "static" / "js" / "figure.js").as_uri())
    run = subprocess.run([node, "--input-type=module", "-e", RENDER % module],
                         input=json.dumps(jobs), capture_output=True, text=True, check=False)
    if run.returncode:
        raise SystemExit(run.stderr)
    return json.loads(run.stdout)


def page(sections) -> str:
    jobs = [job for _, _, rows in sections for _, cells in rows for _, job in cells]
    svgs = iter(render(jobs))
    body = []
    for eid, title, rows in sections:
        parts = [f'<section id="{eid}">{title}']
        for side, cells in rows:
            figs = "".join(f"<figure>{next(svgs)}<figcaption>{html.escape(cap)}</figcaption>"
                           f"</figure>" for cap, _ in cells)
            parts.append(f'<div class="row"><div class="side">{side.upper()}</div>{figs}</div>')
        body.append("".join(parts) + "</section>")
    return (f"<!doctype html><meta charset=utf-8><title>Exercise figures</title>"
            f"<style>{STYLE}</style>{''.join(body)}")


def screenshot(sheet: Path, out: Path, ids: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            pg = browser.new_page(viewport={"width": 1400, "height": 900}, color_scheme=scheme)
            pg.goto(sheet.as_uri())
            pg.screenshot(path=str(out / f"sheet-{scheme}.png"), full_page=True)
            if scheme == "light":
                for eid in ids:
                    pg.locator(f"#{eid}").screenshot(path=str(out / f"{eid}.png"))
            pg.close()
        browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("routines", nargs="*", help="routine ids (default: every routine)")
    ap.add_argument("--library", type=Path, default=ROOT / "sessions" / "routines",
                    help="the routine folder (default: the app's library)")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "figure-sheet")
    args = ap.parse_args()
    lib = load_library(args.library)
    if lib.problems:
        raise SystemExit("\n".join(lib.problems))
    chosen = args.routines or list(lib.routines)
    sections = [s for rid in chosen for s in jobs_for(lib.routines[rid])]
    args.out.mkdir(parents=True, exist_ok=True)
    sheet = args.out / "sheet.html"
    sheet.write_text(page(sections), encoding="utf-8")
    screenshot(sheet, args.out, [eid for eid, _, _ in sections])
    print(f"{len(sections)} figures: {sheet} and screenshots in {args.out}")


if __name__ == "__main__":
    main()
