"""Two-device sync figures in real browsers (not a test): prints numbers.

    python bench/sync.py [--trials 10] [--samples 200] [--skew-ms 5000]

Starts `python app.py` (LIMBER_TIME_SCALE=4, the seed routine's clips stubbed) and drives
Debian's Chromium with Playwright, both by bench/served.py: a console context at 1280x800
and two followers at 800x1280, one of them with `Date.now()` pushed `--skew-ms` ahead
(add_init_script), so its clock offset estimate must recover the skew. Prints:

1. clock-offset error: each page's estimated offset (ServerClock.offset) minus the true one
   (0 on one machine; -skew for the skewed page), over repeated resyncs;
2. countdown disagreement between the console and each follower, p50/p99/max: both pages
   record every animation frame (step, remaining ms, machine time it was drawn), and each
   follower frame is compared with the console frame closest in time, corrected to the same
   instant;
3. resync time after a reconnect, p50/p99: (a) the follower's socket is closed from the page
   and the console skips a step while it is away; (b) the server is stopped and started
   again (the session comes back from SQLite). Measured from the follower's `connect` to the
   first frame that shows the console's step and countdown (within 50 ms).
"""

from __future__ import annotations

import argparse
import time

from served import chromium, limber_server

TIME_SCALE = 4
MATCH_MS = 50

# Every page records its frames: machine time, step, status, countdown end (machine clock).
RECORDER = """(() => {
  window.__frames = [];
  window.__connects = [];
  const perf = () => performance.timeOrigin + performance.now();
  const loop = () => {
    requestAnimationFrame(loop);
    const player = document.getElementById('player');
    const c = document.getElementById('countdown');
    if (!player || player.hidden) return;
    const timed = !c.hidden && c.dataset.drawnAt;
    window.__frames.push({
      t: perf(), step: player.dataset.step, status: document.body.dataset.status,
      ends: timed ? Number(c.dataset.drawnAt) + Number(c.dataset.remainingMs) : null,
      remaining: timed ? Number(c.dataset.remainingMs) : null,
    });
    if (window.__frames.length > 20000) window.__frames.splice(0, 10000);
  };
  requestAnimationFrame(loop);
  const hook = () => {
    const l = window.__limber;
    // The page opens its connection once its first render is done: wait for the socket.
    if (!l || !l.conn.socket) { setTimeout(hook, 20); return; }
    l.conn.socket.on('connect', () => window.__connects.push(perf()));
  };
  hook();
})();"""

SKEW = """(() => {
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() + %d;
})();"""


def pct(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def line(name, values, unit="ms"):
    if not values:
        print(f"  {name:<44} no samples")
        return
    print(f"  {name:<44} n={len(values):<4} p50={pct(values, 50):8.1f} {unit}  "
          f"p99={pct(values, 99):8.1f} {unit}  max={max(values):8.1f} {unit}")


def frames(page, since=0.0):
    return page.evaluate(f"window.__frames.filter((f) => f.t >= {since})")


def nearest(frames_list, t):
    best = None
    for f in frames_list:
        if best is None or abs(f["t"] - t) < abs(best["t"] - t):
            best = f
    return best


def agrees(f, c):
    """Follower frame f shows what console frame c shows (same step; countdowns within 50 ms)."""
    if c is None or abs(c["t"] - f["t"]) > 40 or f["step"] != c["step"] or f["status"] != c["status"]:
        return False
    if f["ends"] is None or c["ends"] is None:
        return f["ends"] is None and c["ends"] is None
    if f["status"] != "running":
        return abs(f["remaining"] - c["remaining"]) <= MATCH_MS
    return abs(f["ends"] - c["ends"]) <= MATCH_MS


def disagreement(console, follower, t0):
    """|countdown end| differences between follower frames (since t0) and the nearest console
    frame."""
    cf = [f for f in frames(console, t0) if f["ends"] is not None and f["status"] == "running"]
    ff = [f for f in frames(follower, t0) if f["ends"] is not None and f["status"] == "running"]
    out = []
    j = 0
    for f in ff:
        while j + 1 < len(cf) and abs(cf[j + 1]["t"] - f["t"]) <= abs(cf[j]["t"] - f["t"]):
            j += 1
        if not cf:
            break
        c = cf[j]
        # Same step, both mid-step (the value is clamped at the edges), close in time.
        if c["step"] == f["step"] and abs(c["t"] - f["t"]) < 20 and c["remaining"] > 100 \
                and f["remaining"] > 100:
            out.append(abs(c["ends"] - f["ends"]))
    return out


def resync_time(console, follower, t_from):
    """ms from the follower's first connect after t_from to its first frame agreeing with the
    console, or None."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        connects = [t for t in follower.evaluate("window.__connects") if t >= t_from]
        if connects:
            t_conn = connects[0]
            console.wait_for_timeout(400)
            cf = frames(console, t_conn - 100)
            for f in frames(follower, t_conn):
                if agrees(f, nearest(cf, f["t"])):
                    return f["t"] - t_conn
        console.wait_for_timeout(100)
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=10)
    ap.add_argument("--restarts", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=15.0, help="sampling time per pair")
    ap.add_argument("--skew-ms", type=int, default=5000)
    args = ap.parse_args()

    with limber_server(time_scale=TIME_SCALE) as server, chromium() as browser:
        def page(viewport, skew=0, **kw):
            ctx = browser.new_context(viewport=viewport, **kw)
            if skew:
                ctx.add_init_script(SKEW % skew)
            ctx.add_init_script(RECORDER)
            return ctx.new_page()

        console = page({"width": 1280, "height": 800})
        tablet = page({"width": 800, "height": 1280}, is_mobile=True, has_touch=True)
        skewed = page({"width": 800, "height": 1280}, skew=args.skew_ms, is_mobile=True,
                      has_touch=True)
        console.goto(server.url + "/?console")
        console.wait_for_selector("#console-link[href]")
        link = console.locator("#console-link").get_attribute("href")
        for f in (tablet, skewed):
            f.goto(link)
            f.get_by_role("button", name="Tap to enable sound").tap()
        console.get_by_role("button", name="Start the session").click()
        tablet.wait_for_selector("#player:not([hidden])")
        skewed.wait_for_selector("#player:not([hidden])")

        print(f"Limber sync benchmark: Chromium {browser.version}, time scale {TIME_SCALE}, "
              f"one machine (true offset 0; skewed page +{args.skew_ms} ms)")

        # 1. clock-offset error over repeated resyncs
        print("\n1. clock-offset error (estimate - true), 5 pings per sync, lowest RTT wins")
        for name, pg, true in (("console", console, 0.0), ("tablet", tablet, 0.0),
                               (f"skewed tablet (+{args.skew_ms} ms)", skewed,
                                -float(args.skew_ms))):
            errs, rtts = [], []
            for _ in range(args.trials):
                est = pg.evaluate("""async () => { const c = window.__limber.clock;
                    await c.sync(); return [c.offset, c.rtt]; }""")
                errs.append(abs(est[0] - true))
                rtts.append(est[1])
            line(f"{name}: |offset error|", errs)
            line(f"{name}: best round trip", rtts)

        # 2. countdown disagreement
        print(f"\n2. countdown disagreement vs the console (every frame for {args.seconds:g} s)")
        t0 = console.evaluate("performance.timeOrigin + performance.now()")
        console.wait_for_timeout(args.seconds * 1000)
        line("tablet (timed steps, per frame)", disagreement(console, tablet, t0))
        line(f"skewed tablet (+{args.skew_ms} ms)", disagreement(console, skewed, t0))

        # 3a. socket dropped, the console skips while the follower is away
        print("\n3. resync after a reconnect: follower connect -> first frame matching the console")
        times, misses = [], 0
        for _ in range(args.trials):
            t0 = tablet.evaluate("performance.timeOrigin + performance.now()")
            tablet.evaluate("window.__limber.conn.socket.io.engine.close()")
            console.get_by_role("button", name="Next step").click()
            r = resync_time(console, tablet, t0)
            if r is None:
                misses += 1
            else:
                times.append(r)
            if console.evaluate("document.body.dataset.status") != "running":
                break
        line("(a) socket closed, console skipped meanwhile", times)
        if misses:
            print(f"      {misses} trial(s) never matched within 10 s")

        # 3b. the server stops and starts again; the session comes back from SQLite
        times, misses = [], 0
        for _ in range(args.restarts):
            t0 = tablet.evaluate("performance.timeOrigin + performance.now()")
            server.stop()
            time.sleep(0.5)
            server.start()
            r = resync_time(console, tablet, t0)
            if r is None:
                misses += 1
            else:
                times.append(r)
        line("(b) server stopped and restarted", times)
        if misses:
            print(f"      {misses} trial(s) never matched within 10 s")


if __name__ == "__main__":
    main()
