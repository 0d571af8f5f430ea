#!/usr/bin/python3
"""quote_similarity_ab.py -- quote_similarity() speed of two builds, side by side.

    quote_similarity_ab.py BASE_SO NEW_SO [POLNEAR_TARBALL] [PAIRS] [ROUNDS]

Draws PAIRS (default 100,000) pairs of PolNeAR full quotes (fixed seed),
then times SELECT sum(quote_similarity(a, b, 'english')) over them with each
build in turn, ROUNDS (default 5) times alternating, and prints the best
time of each and their ratio.
"""
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "eval"))
import quotes_eval as qe  # noqa: E402


def main():
    base, new = sys.argv[1], sys.argv[2]
    tarball = sys.argv[3] if len(sys.argv) > 3 else "../shared/corpora/polnear-train.tar.gz"
    npairs = int(sys.argv[4]) if len(sys.argv) > 4 else 100000
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    if not os.path.exists(tarball):
        print("quote_similarity_ab: skipped, %s is absent" % tarball)
        return
    db = qe.connect(new)
    db.execute("CREATE TEMP TABLE d(body)")
    db.executemany("INSERT INTO d VALUES(?)", ((t,) for _, t, _ in qe.polnear_docs(tarball)))
    quotes = [r[0] for r in db.execute(
        """SELECT q.quote FROM d, quotes(d.body, 'english') q
            WHERE q.depth = 0 AND q.kind = 'full'
              AND length(q.quote) - length(replace(q.quote, ' ', '')) >= 3""")]
    rng = random.Random(5)
    pairs = [(rng.choice(quotes), rng.choice(quotes)) for _ in range(npairs)]
    conns = {}
    for name, lib in (("base", base), ("new", new)):
        c = qe.connect(lib)
        c.execute("CREATE TEMP TABLE p(a, b)")
        c.executemany("INSERT INTO p VALUES(?, ?)", pairs)
        conns[name] = c
    best = {"base": None, "new": None}
    for _ in range(rounds):
        for name in ("base", "new"):
            t = time.perf_counter()
            conns[name].execute("SELECT sum(quote_similarity(a, b, 'english')) FROM p").fetchone()
            dt = time.perf_counter() - t
            if best[name] is None or dt < best[name]:
                best[name] = dt
    print("%d pairs of PolNeAR full quotes, best of %d alternating rounds:" % (npairs, rounds))
    print("  base %s: %.3f s (%.2f us/pair)" % (base, best["base"], best["base"] / npairs * 1e6))
    print("  new  %s: %.3f s (%.2f us/pair)" % (new, best["new"], best["new"] / npairs * 1e6))
    print("  new / base time: %.3f" % (best["new"] / best["base"]))


if __name__ == "__main__":
    main()
