"""How large the player's words are, and how large they look from the mat: the rendered
height of the side label, the rep count, the countdown, the caption and the exercise name
on a hold step, at four screen sizes, in Chromium.

For each it prints the element's box height and the height of its letters (the ink of its
text as drawn in its font, measured with canvas measureText), both in CSS px, and the angle
the letters subtend from 2 m on a phone that shows 160 CSS px per inch (1 CSS px =
1/160 in = 0.159 mm). For scale: a 20/20 (6/6) letter subtends 5 arcminutes; comfortable
reading wants about three times the smallest a person can read.

With --shots DIR it also saves screenshots of each player state (hold, rep with tempo, rest,
advice, paused, paused by the clinician on a follower, the end) at each size, light and dark.

Run: python bench/player_legibility.py [--shots DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import urllib.request
from pathlib import Path

from served import chromium, limber_server

ROUTINE = "lower-back-hip"
PACE = "gentle"
SIZES = [("phone 360x640", 360, 640, True), ("phone 390x844", 390, 844, True),
         ("landscape 844x390", 844, 390, True), ("tablet 820x1180", 820, 1180, False)]
MEASURED = [("side", "#side"), ("rep count", "#rep .badge-count"), ("countdown", "#seconds"),
            ("caption", "#cue"), ("name", "#exercise-name")]
CSS_PX_PER_INCH = 160
DISTANCE_MM = 2000
CLINIC = {"clinic_name": "Massage Rx", "clinic_phone": "+1 555 0100",
          "clinic_booking_url": "https://example.org/book"}

# Box and ink height of each element's text: the ink is what the font draws for the text
# (canvas measureText with the element's own font), so line spacing does not count.
MEASURE = """(selectors) => {
  const ctx = document.createElement('canvas').getContext('2d');
  return selectors.map((sel) => {
    const el = document.querySelector(sel);
    const box = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    let text = el.textContent.trim();
    if (cs.textTransform === 'uppercase') text = text.toUpperCase();
    const m = ctx.measureText(text);
    return { box: box.height, ink: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent,
      font: parseFloat(cs.fontSize), shown: box.height > 0 && el.closest('[hidden]') === null,
      text };
  });
}"""


# A jump to an exercise, by the page's own connection (the solo player has no jump list).
JUMP = """(id) => { const { store, conn } = window.__limber;
  return conn.command(store.get('session'), 'jump', { exercise_id: id }).then(() => true); }"""


def arcminutes(css_px: float) -> float:
    """The angle a height of `css_px` subtends from DISTANCE_MM away, in arcminutes."""
    mm = css_px / CSS_PX_PER_INCH * 25.4
    return math.degrees(2 * math.atan(mm / 2 / DISTANCE_MM)) * 60


def timeline(url: str) -> dict:
    with urllib.request.urlopen(f"{url}/api/routines/{ROUTINE}/timeline?pace={PACE}") as r:
        return json.load(r)


def indexes(tl: dict) -> dict:
    steps = tl["steps"]
    first = lambda test: next(s["index"] for s in steps if test(s))  # noqa: E731
    return {
        "hold": first(lambda s: s["kind"] == "hold" and s["side"]),
        "rep": first(lambda s: s["kind"] == "rep" and s["figure"]
                     and s["figure"]["from"] != s["figure"]["to"]),
        "rest": first(lambda s: s["kind"] == "rest" and not s["exercise_id"]),
        "advice": first(lambda s: s["kind"] == "advice"),
    }


def start_solo(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("radio", name="Lower back & hip pain").check()
    page.get_by_role("radio", name=PACE.capitalize(), exact=False).first.check()
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_function("() => document.body.dataset.status === 'running'")
    page.keyboard.press("Space")
    page.wait_for_function("() => document.body.dataset.status === 'paused'")


def go_to(page, index: int, tl: dict) -> None:
    """Paused, move to step `index`: a jump to its exercise, then Next or Back."""
    step = tl["steps"][index]
    if step["exercise_id"]:
        page.evaluate(JUMP, step["exercise_id"])
    while True:
        at = int(page.locator("#player").get_attribute("data-step"))
        if at == index:
            return
        page.keyboard.press("ArrowRight" if at < index else "ArrowLeft")
        page.wait_for_function(
            f"() => Number(document.getElementById('player').dataset.step) !== {at}")


def resume(page) -> None:
    page.keyboard.press("Space")
    page.wait_for_function("() => document.body.dataset.status === 'running'")


def context(browser, width: int, height: int, mobile: bool, scheme: str = "light"):
    return browser.new_context(viewport={"width": width, "height": height},
                               device_scale_factor=2, is_mobile=mobile, has_touch=mobile,
                               color_scheme=scheme)


def measure(browser, url: str, tl: dict) -> None:
    where = indexes(tl)
    print(f"Hold step {where['hold']} ({tl['steps'][where['hold']]['cue']!r}); "
          f"{CSS_PX_PER_INCH} CSS px per inch, seen from {DISTANCE_MM / 1000:g} m")
    print(f"{'size':<18} {'element':<10} {'font':>6} {'box':>6} {'ink':>6} {'arcmin':>7}  text")
    for name, width, height, mobile in SIZES:
        ctx = context(browser, width, height, mobile)
        page = ctx.new_page()
        start_solo(page, url)
        go_to(page, where["hold"], tl)
        resume(page)
        rows = page.evaluate(MEASURE, [sel for _, sel in MEASURED])
        for (label, _), row in zip(MEASURED, rows):
            shown = "" if row["shown"] else "  (not shown)"
            print(f"{name:<18} {label:<10} {row['font']:>6.1f} {row['box']:>6.1f} "
                  f"{row['ink']:>6.1f} {arcminutes(row['ink']):>7.1f}  "
                  f"{row['text'][:28]!r}{shown}")
        ctx.close()


def shots(browser, url: str, tl: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    where = indexes(tl)
    for scheme in ("light", "dark"):
        for name, width, height, mobile in SIZES:
            tag = f"{width}x{height}-{scheme}"
            ctx = context(browser, width, height, mobile, scheme)
            page = ctx.new_page()
            start_solo(page, url)
            for state in ("hold", "rep", "rest", "advice"):
                go_to(page, where[state], tl)
                resume(page)
                if state == "rep":  # mid-movement
                    page.wait_for_function("""() => {
                      const c = document.getElementById('countdown').dataset.remainingMs;
                      return Number(c) < 0.6 * %d; }""" % tl["steps"][where["rep"]]["duration_ms"])
                page.screenshot(path=str(out / f"{tag}-{state}.png"))
                page.keyboard.press("Space")
                page.wait_for_function("() => document.body.dataset.status === 'paused'")
            go_to(page, where["hold"], tl)
            page.screenshot(path=str(out / f"{tag}-paused.png"))
            page.evaluate(JUMP, "pelvic-tilts")
            while page.locator("#finished").is_hidden():
                page.keyboard.press("ArrowRight")
            page.get_by_role("heading", name="Well done").wait_for()
            page.screenshot(path=str(out / f"{tag}-end.png"), full_page=True)
            ctx.close()
            follower_paused(browser, url, width, height, mobile, scheme,
                            out / f"{tag}-follower-paused.png")
    print(f"screenshots in {out}")


def follower_paused(browser, url, width, height, mobile, scheme, path: Path) -> None:
    """A clinician's console starts and pauses; the patient's device says who paused."""
    console_ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    console = console_ctx.new_page()
    console.goto(f"{url}/?console&routine={ROUTINE}")
    link = console.locator("#console-link")
    link.wait_for()
    console.wait_for_function(
        "() => document.getElementById('console-link').textContent.includes('/j/')")
    ctx = context(browser, width, height, mobile, scheme)
    page = ctx.new_page()
    page.goto(link.text_content())
    page.get_by_role("button", name="Tap to enable sound").click()
    console.get_by_role("button", name="Start the session").click()
    page.wait_for_function("() => document.body.dataset.status === 'running'")
    page.screenshot(path=str(path).replace("-paused", ""))
    console.get_by_role("button", name="Pause").click()
    page.wait_for_function("() => document.getElementById('paused-by').textContent !== ''")
    page.screenshot(path=str(path))
    ctx.close()
    console_ctx.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shots", type=Path, help="save screenshots of each state here")
    args = ap.parse_args()
    with limber_server(max_sessions_per_address=100, **CLINIC) as srv, chromium() as browser:
        tl = timeline(srv.url)
        measure(browser, srv.url, tl)
        if args.shots:
            shots(browser, srv.url, tl, args.shots)


if __name__ == "__main__":
    main()
