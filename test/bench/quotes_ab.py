#!/usr/bin/python3
"""quotes_ab.py -- quotes() throughput of one or more builds side by side,
and whether they give the same rows.

    /usr/bin/python3 test/bench/quotes_ab.py [--rounds R] [--passes P]
        [--polnear TARBALL] LIB [LIB...]
    make bench-quotes BASE=/path/to/other/newsroom.so

The texts are the 840 PolNeAR articles (../shared/corpora/polnear-train.tar.gz)
and the seed articles.  Each build runs in its own process: P passes of
SELECT count(*) FROM d, quotes(d.body, 'english') over the PolNeAR texts,
timed in CPU seconds of that process (the machines are shared: waiting for a
core is not the code's cost); the best pass counts.  The builds take turns,
R rounds, so that a busy spell slows them alike.  Then every row of quotes()
(all columns) over PolNeAR and the seeds, in English and 'auto', is hashed
per build: a speed-up must not change a single row.  Prints MB/s, the ratio
to the first build and the hash; exits 1 when the rows differ."""
import argparse, glob, hashlib, os, sqlite3, subprocess, sys, tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

CHILD = r'''
import hashlib, os, sqlite3, sys, time
lib, corpus, passes, what = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
db = sqlite3.connect(":memory:")
db.execute("ATTACH ? AS c", (corpus,))
db.execute("CREATE TABLE d AS SELECT body FROM c.docs WHERE src = 'polnear'")
db.enable_load_extension(True)
db.execute("SELECT load_extension(?, 'sqlite3_newsroom_init')", (os.path.abspath(lib),))
if what == "time":
    best = None
    for _ in range(passes):
        t0 = time.process_time()
        db.execute("SELECT count(*) FROM d, quotes(d.body, 'english')").fetchone()
        t = time.process_time() - t0
        best = t if best is None or t < best else best
    print(best)
else:
    h = hashlib.sha1()
    rows = 0
    for body, in db.execute("SELECT body FROM c.docs ORDER BY rowid").fetchall():
        for lang in ("english", "auto"):
            for row in db.execute("SELECT *, lang FROM quotes(?, ?)", (body, lang)):
                h.update(repr(row).encode())
                rows += 1
    print(rows, h.hexdigest())
'''


def build_corpus(tarball, path):
    sys.path.insert(0, os.path.join(ROOT, "test", "eval"))
    import quotes_eval
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE docs(src TEXT, body TEXT)")
    for _, text, _ in quotes_eval.polnear_docs(tarball):
        db.execute("INSERT INTO docs VALUES('polnear', ?)", (text,))
    for p in sorted(glob.glob(os.path.join(ROOT, "test", "data", "seeds", "*.txt"))):
        with open(p, encoding="utf-8") as f:
            db.execute("INSERT INTO docs VALUES('seed', ?)", (f.read(),))
    db.commit()
    size = db.execute("SELECT sum(length(CAST(body AS BLOB))) FROM docs"
                      " WHERE src = 'polnear'").fetchone()[0]
    db.close()
    return size


def child(lib, corpus, passes, what):
    out = subprocess.run([sys.executable, "-c", CHILD, lib, corpus, str(passes), what],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("quotes_ab: %s: %s" % (lib, out.stderr.strip()))
    return out.stdout.split()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("libs", nargs="+")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--polnear", default=os.path.join(
        os.path.dirname(ROOT), "shared", "corpora", "polnear-train.tar.gz"))
    args = ap.parse_args()
    if not os.path.exists(args.polnear):
        print("quotes_ab: %s is absent; nothing to measure" % args.polnear)
        return 0
    os.makedirs(os.path.join(ROOT, "build", "bench"), exist_ok=True)
    corpus = os.path.join(ROOT, "build", "bench", "quotes_ab.db")
    size = build_corpus(args.polnear, corpus)
    best = {lib: None for lib in args.libs}
    for _ in range(args.rounds):
        for lib in args.libs:
            t = float(child(lib, corpus, args.passes, "time")[0])
            if best[lib] is None or t < best[lib]:
                best[lib] = t
    sums = {lib: child(lib, corpus, 0, "rows") for lib in args.libs}
    first = args.libs[0]
    print("quotes() over PolNeAR, %.2f MB, best of %d x %d passes (CPU time)"
          % (size / 1e6, args.rounds, args.passes))
    for lib in args.libs:
        print("  %-48s %6.1f MB/s  x%.2f  rows %s %s" % (
            lib, size / 1e6 / best[lib], best[first] / best[lib],
            sums[lib][0], sums[lib][1][:12]))
    same = all(sums[lib] == sums[first] for lib in args.libs)
    print("rows: %s" % ("identical" if same else "DIFFERENT"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
