#!/usr/bin/python3
"""quote_pairs_eval.py -- how precise quote_similarity() is across outlets.

    quote_pairs_eval.py --lib NEWSROOM_SO [--base OTHER_SO] [--polnear TARBALL]
                        [--pairs test/eval/polnear-quote-pairs.tsv]
                        [--threshold 0.35] [--no-count]

For each build (--lib, and --base when given, e.g. main's newsroom.so):
- seeds: pairwise F1 of the seed gold's cross-article clusters at the
  threshold (quotes_eval.eval_clusters, quotes of four or more words);
- PolNeAR labelled pairs (polnear-quote-pairs.tsv, labelled by reading):
  precision, recall and F1 of "score >= threshold" on the dev half (odd data
  rows) and the check half (even data rows);
- the number of cross-article pairs of PolNeAR full quotes (depth 0, four
  or more words) scoring >= threshold, over all 5,435 of them (only pairs
  sharing a stem can score above 0, so only those are scored).
Skips PolNeAR when the tarball is absent.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quotes_eval as qe  # noqa: E402


def load_pairs(path):
    rows = []
    header = None
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        parts = line.rstrip("\n").split("\t")
        if header is None:
            header = parts
            continue
        rows.append(dict(zip(header, parts)))
    return rows


def seed_clusters(db, goldfile, threshold):
    gold_by_file = {}
    for line in open(goldfile, encoding="utf-8"):
        if line.strip():
            g = json.loads(line)
            gold_by_file.setdefault(g["file"], []).append(g)
    return qe.eval_clusters(db, gold_by_file, threshold=threshold)


def pair_scores(db, texts, pairs, threshold):
    out = {}
    for half, rows in (("dev", pairs[0::2]), ("check", pairs[1::2])):
        tp = fp = fn = 0
        for r in rows:
            a = texts[r["doc_a"]][int(r["start_a"]):int(r["end_a"])]
            b = texts[r["doc_b"]][int(r["start_b"]):int(r["end_b"])]
            s = db.execute("SELECT quote_similarity(?, ?, 'english')",
                           (a, b)).fetchone()[0]
            same = r["label"] == "1"
            tp += s >= threshold and same
            fp += s >= threshold and not same
            fn += s < threshold and same
        p, rr, f = qe.prf(tp, fp, fn)
        out[half] = (len(rows), tp, fp, fn, p, rr, f)
    return out


def cross_article_count(db, texts, threshold):
    db.execute("DROP TABLE IF EXISTS temp.d")
    db.execute("DROP TABLE IF EXISTS temp.q")
    db.execute("DROP TABLE IF EXISTS temp.cand")
    db.execute("CREATE TEMP TABLE d(id INTEGER PRIMARY KEY, body)")
    db.executemany("INSERT INTO d(body) VALUES(?)",
                   ((texts[k],) for k in sorted(texts)))
    db.execute("""CREATE TEMP TABLE q AS
        SELECT d.id AS doc, q.quote AS quote, quote_key(q.quote, 'english') AS key
          FROM d, quotes(d.body, 'english') q
         WHERE q.depth = 0 AND q.kind = 'full'
           AND length(q.quote) - length(replace(q.quote, ' ', '')) >= 3""")
    quotes = db.execute("SELECT rowid, doc, key FROM q").fetchall()
    index = {}
    for rid, doc, key in quotes:
        for stem in set(key.split()):
            index.setdefault(stem, []).append((rid, doc))
    cand = set()
    for posting in index.values():
        for i in range(len(posting)):
            for j in range(i + 1, len(posting)):
                if posting[i][1] != posting[j][1]:
                    cand.add((posting[i][0], posting[j][0]))
    db.execute("CREATE TEMP TABLE cand(a, b)")
    db.executemany("INSERT INTO cand VALUES(?, ?)", cand)
    n = db.execute("""SELECT count(*) FROM cand, q AS qa, q AS qb
        WHERE qa.rowid = cand.a AND qb.rowid = cand.b
          AND quote_similarity(qa.quote, qb.quote, 'english') >= ?""",
                   (threshold,)).fetchone()[0]
    total = len(quotes)
    docs = {}
    for _, doc, _ in quotes:
        docs[doc] = docs.get(doc, 0) + 1
    cross = (total * (total - 1) - sum(c * (c - 1) for c in docs.values())) // 2
    return n, cross, total


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", default="./newsroom.so")
    ap.add_argument("--base")
    ap.add_argument("--gold", default="test/data/quotes-gold.jsonl")
    ap.add_argument("--polnear")
    ap.add_argument("--pairs", default=os.path.join(here, "polnear-quote-pairs.tsv"))
    ap.add_argument("--threshold", type=float, action="append")
    ap.add_argument("--no-count", action="store_true")
    args = ap.parse_args()
    thresholds = args.threshold or [0.35]
    texts = None
    if args.polnear and os.path.exists(args.polnear):
        texts = {base: text for base, text, _ in qe.polnear_docs(args.polnear)}
    else:
        print("quote pairs: PolNeAR skipped (%s is absent)" % args.polnear)
    pairs = load_pairs(args.pairs)
    libs = [("new", args.lib)] + ([("base", args.base)] if args.base else [])
    for t in thresholds:
        for name, lib in libs:
            db = qe.connect(lib)
            c = seed_clusters(db, args.gold, t)
            print("%s %s threshold %.2f: seeds cluster_p %.3f r %.3f f1 %.3f"
                  % (name, lib, t, c["cluster_p"], c["cluster_r"], c["cluster_f1"]))
            if texts is None:
                continue
            for half, (n, tp, fp, fn, p, r, f) in pair_scores(db, texts, pairs, t).items():
                print("  polnear pairs %-5s (%d, %d same): tp %d fp %d fn %d  "
                      "p %.3f r %.3f f1 %.3f" % (half, n, tp + fn, tp, fp, fn, p, r, f))
            if not args.no_count:
                n, cross, total = cross_article_count(db, texts, t)
                print("  polnear cross-article pairs >= %.2f: %d of %d (%d full quotes)"
                      % (t, n, cross, total))


if __name__ == "__main__":
    main()
