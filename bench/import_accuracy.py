"""How exactly the handout parser reads the corpus (tests/corpus/handouts/): the share of
doses, sides and exercise boundaries it gets right, and every dose it invented (a `source`
value where the handout gives none). Target: at least 95 % of doses, none invented. Also the
time one parse takes: the median over the corpus, and 1 MB (the cap) of handout text.

    python bench/import_accuracy.py [-v]     # -v: list every miss
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sessions.core.handout_parser import MAX_BYTES, parse_handout  # noqa: E402
from tests.corpus.scoring import Score, corpus, expected, score  # noqa: E402


def main(verbose: bool) -> None:
    total = Score()
    times = []
    print(f"{'handout':28} {'doses':>9} {'sides':>9} {'exercises':>10}")
    for handout in corpus():
        text = handout.read_text()
        start = time.perf_counter()
        draft = parse_handout(text)
        times.append(time.perf_counter() - start)
        s = score(handout.name, draft, expected(handout))
        total = total + s
        print(f"{handout.name:28} {s.doses_right:>4}/{s.doses:<4} {s.sides_right:>4}/{s.sides:<4}"
              f" {s.boundaries_right:>5}/{s.boundaries:<4}")
    print(f"\n{len(corpus())} handouts")
    for label, right, of in (("doses right", total.doses_right, total.doses),
                             ("sides right", total.sides_right, total.sides),
                             ("exercise boundaries right", total.boundaries_right,
                              total.boundaries)):
        print(f"{label:26} {right}/{of} = {100 * right / of:.1f} %")
    print(f"{'doses invented':26} {len(total.invented)}")
    for line in total.invented:
        print(f"  INVENTED {line}")
    big = "".join(f"{n}. Stretch {n}\n" + "Lie down and hold 5 s, then relax for 3 seconds. "
                  * 190 + "\n" for n in range(1, 101))[:MAX_BYTES]
    start = time.perf_counter()
    parse_handout(big)
    print(f"{'parse time':26} median {1000 * statistics.median(times):.1f} ms a handout; "
          f"{time.perf_counter() - start:.1f} s for {len(big):,} bytes of doses "
          f"(100 exercises)")
    if verbose:
        for line in total.misses:
            print(f"  MISS {line}")


if __name__ == "__main__":
    main("-v" in sys.argv[1:])
