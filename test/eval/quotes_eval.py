#!/usr/bin/python3
"""Evaluates quotes() and quote_similarity() against hand-made gold data.

  quotes_eval.py [--lib ./newsroom.so] [--seeds test/data/seeds]
                 [--gold test/data/quotes-gold.jsonl] [--polnear TARBALL]
                 [--json]

Seed gold (test/data/quotes-gold.jsonl, the format is described in
../shared/seeds/README.md): a predicted quote matches a gold one when their
character spans have a Jaccard overlap >= 0.5, one to one; gold quotes
marked optional count neither way.  Prints span precision/recall/F1 (overlap
and exact), speaker, cue and kind accuracy on matched quotes, and the
pairwise F1 of cross-article clusters of quotes of four or more words
grouped by quote_similarity().

PolNeAR (--polnear ../shared/corpora/polnear-train.tar.gz): gold direct
quotes are the quotation-marked spans (" and ” may pair, and single curly
marks ‘...’ count too, as the issue lists them among quote marks) of each
paragraph whose characters are mostly inside annotated Content spans, the
gold speaker the Source of the attribution holding most of them.  Span
P/R/F1 is printed for every top-level row (polnear_p/r/f1) and for the
direct-quote kinds full, partial and headline (polnear_direct_*), and both
again against the gold of double marks only (polnear_double_*, the
measure before; --polnear-double-only makes it the one for the speaker
accuracy and --dump).
--polnear-fragments gives the first extraction (marks paired inside each
Content fragment, the same style on both sides), which missed 369 quotes.
"""
import argparse
import json
import os
import re
import sqlite3
import sys
import tarfile


def connect(lib):
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(os.path.abspath(lib))
    return db


COLS = ("quote", "start", "end", "kind", "speaker", "speaker_mention",
        "speaker_start", "speaker_end", "verb", "depth", "flags", "confidence")


def predict(db, text, lang="english"):
    rows = db.execute("SELECT %s FROM quotes(?, ?)" % ", ".join(
        '"%s"' % c for c in COLS), (text, lang)).fetchall()
    return [dict(zip(COLS, r)) for r in rows]


def jaccard(a0, a1, b0, b1):
    inter = max(0, min(a1, b1) - max(a0, b0))
    union = max(a1, b1) - min(a0, b0)
    return inter / union if union > 0 else 0.0


def match(gold, pred):
    """One-to-one greedy matching by Jaccard >= 0.5: [(gi, pi)]."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            j = jaccard(g["start"], g["end"], p["start"], p["end"])
            if j >= 0.5:
                cands.append((-j, gi, pi))
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def norm_name(s):
    if s is None:
        return ""
    s = s.casefold().replace("-", " ").replace("\u2019", "'")
    s = re.sub(r"[^\w' ]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    for art in ("the ", "mr ", "mrs ", "ms "):
        if s.startswith(art):
            s = s[len(art):]
    return s


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def eval_seeds(db, seeds, goldfile, alias=None):
    gold_by_file = {}
    for line in open(goldfile, encoding="utf-8"):
        if line.strip():
            g = json.loads(line)
            gold_by_file.setdefault(g["file"], []).append(g)
    tp = fp = fn = 0
    etp = efp = efn = 0
    spk_ok = spk_n = spk_loose = 0
    cue_ok = cue_n = 0
    kind_ok = kind_n = 0
    errors = []
    matched_text = {}
    matched_kind = {}
    for fname in sorted(gold_by_file):
        text = open(os.path.join(seeds, fname), encoding="utf-8").read()
        gold = gold_by_file[fname]
        pred = predict(db, text)
        pairs = match(gold, pred)
        mg = {gi: pi for gi, pi in pairs}
        mp = {pi: gi for gi, pi in pairs}
        for gi, g in enumerate(gold):
            if g["optional"]:
                continue
            if gi not in mg:
                fn += 1
                errors.append("missed %s %r" % (g["id"], g["text"][:60]))
                continue
            tp += 1
            p = pred[mg[gi]]
            matched_text[g["id"]] = p["quote"]
            matched_kind[g["id"]] = p["kind"]
            if p["start"] == g["start"] and p["end"] == g["end"]:
                etp += 1
            else:
                efp += 1
                efn += 1
            golds = {norm_name(x) for x in (g.get("speakers") or [])}
            golds.add(norm_name(g["speaker"]))
            golds.add(norm_name(g.get("speaker_canonical")))
            golds.discard("")
            if golds:
                spk_n += 1
                ours = norm_name(p["speaker"])
                if ours in golds:
                    spk_ok += 1
                else:
                    errors.append("speaker %s: %r, gold %r" % (
                        g["id"], p["speaker"], g["speaker"]))
                if ours and any(ours.split()[-1] == x.split()[-1] for x in golds):
                    spk_loose += 1
            if g["verb"]:
                cue_n += 1
                if norm_name(p["verb"]) == norm_name(g["verb"]):
                    cue_ok += 1
            kind_n += 1
            if p["kind"] == g["kind"]:
                kind_ok += 1
            else:
                errors.append("kind %s: %s, gold %s %r" % (
                    g["id"], p["kind"], g["kind"], g["text"][:40]))
        for pi, p in enumerate(pred):
            if pi in mp:
                continue
            fp += 1
            efp += 1
            errors.append("extra %s %d %r (%s)" % (fname[:3], p["start"],
                                                   p["quote"][:60], p["kind"]))
    res = {}
    res["span_p"], res["span_r"], res["span_f1"] = prf(tp, fp, fn)
    res["exact_p"], res["exact_r"], res["exact_f1"] = prf(etp, efp, efn + fn)
    res["speaker_acc"] = spk_ok / spk_n if spk_n else 0.0
    res["speaker_acc_surname"] = spk_loose / spk_n if spk_n else 0.0
    res["cue_acc"] = cue_ok / cue_n if cue_n else 0.0
    res["kind_acc"] = kind_ok / kind_n if kind_n else 0.0
    res["gold"] = tp + fn
    res["predicted"] = tp + fp
    try:
        res.update(eval_clusters(db, gold_by_file))
        # full quotes joined with full quotes only, partial with partial,
        # by the kind quotes() gave the quote
        form = eval_clusters(db, gold_by_file, kinds=matched_kind)
        for k in ("cluster_p", "cluster_r", "cluster_f1"):
            res[k + "_same_form"] = form[k]
        if alias:
            # the same measure with clusters merged (see --cluster-alias)
            al = eval_clusters(db, gold_by_file, alias=alias)
            for k in ("cluster_p", "cluster_r", "cluster_f1",
                      "cluster_grouped_f1"):
                res[k + "_aliased"] = al[k]
    except sqlite3.OperationalError as e:
        print("clusters skipped: %s" % e, file=sys.stderr)
    return res, errors


def eval_clusters(db, gold_by_file, threshold=0.35, alias=None, kinds=None):
    """Pairwise cluster scores of quote_similarity() at the threshold; with
    kinds (gold id -> the kind quotes() gave it), a full quote and one that
    is not are never joined."""
    items = []
    alias = alias or {}
    for fname, gold in gold_by_file.items():
        for g in gold:
            if g["cluster"] and len(g["text"].split()) >= 4:
                items.append((fname, alias.get(g["cluster"], g["cluster"]),
                              g["text"], g["id"]))
    same_t = same_p = both = 0
    best = None
    sims = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            s = db.execute("SELECT quote_similarity(?, ?, 'english')",
                           (items[i][2], items[j][2])).fetchone()[0]
            if kinds is not None and \
               (kinds.get(items[i][3]) == "full") != (kinds.get(items[j][3]) == "full"):
                s = 0.0
            sims.append((s, items[i][1] == items[j][1]))
    def f1_at(t):
        tp = sum(1 for s, same in sims if s >= t and same)
        fp = sum(1 for s, same in sims if s >= t and not same)
        fn = sum(1 for s, same in sims if s < t and same)
        return prf(tp, fp, fn)
    p, r, f = f1_at(threshold)
    # grouping: the connected components of the pairs at the threshold
    n = len(items)
    parent = list(range(n))
    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    k = 0
    for i in range(n):
        for j in range(i + 1, n):
            if sims[k][0] >= threshold:
                parent[find(i)] = find(j)
            k += 1
    tp = fp = fn = 0
    for i in range(n):
        for j in range(i + 1, n):
            same_pred = find(i) == find(j)
            same_gold = items[i][1] == items[j][1]
            tp += same_pred and same_gold
            fp += same_pred and not same_gold
            fn += (not same_pred) and same_gold
    gp, gr, gf = prf(tp, fp, fn)
    for t in [x / 20 for x in range(1, 20)]:
        ff = f1_at(t)[2]
        if best is None or ff > best[1]:
            best = (t, ff)
    return {"cluster_pairs": len(sims), "cluster_p": p, "cluster_r": r,
            "cluster_f1": f, "cluster_threshold": threshold,
            "cluster_grouped_p": gp, "cluster_grouped_r": gr,
            "cluster_grouped_f1": gf,
            "cluster_best_threshold": best[0] if best else None,
            "cluster_best_f1": best[1] if best else None}


def cluster_pair_errors(db, goldfile, threshold=0.35):
    """The pairs of 4+ word gold quotes that quote_similarity() puts on the
    wrong side of the threshold: different clusters above it, the same
    cluster below it."""
    items = []
    for line in open(goldfile, encoding="utf-8"):
        if line.strip():
            g = json.loads(line)
            if g["cluster"] and len(g["text"].split()) >= 4:
                items.append(g)
    out = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = items[i], items[j]
            s = db.execute("SELECT quote_similarity(?, ?, 'english')",
                           (a["text"], b["text"])).fetchone()[0]
            same = a["cluster"] == b["cluster"]
            if (s >= threshold) != same:
                out.append("cluster pair %s: %.2f %s %s %r | %s %s %r" % (
                    "joined" if s >= threshold else "split", s, a["id"],
                    a["cluster"], a["text"][:50], b["id"], b["cluster"],
                    b["text"][:50]))
    return sorted(out)


# ---- PolNeAR ------------------------------------------------------------

# the marks of a quotation in the whole text: straight and curly double
# marks mix in the corpus ("... presidency.\u201d)
QUOTED_ANY = re.compile(r"''(.+?)''|[\"\u201c](.+?)[\"\u201d]|``(.+?)''|"
                        r"\u201d([^\u201c\u201d\"]+?)\u201d")
QUOTED = re.compile(r"''(.+?)''|\"(.+?)\"|\u201c(.+?)\u201d|``(.+?)''", re.S)
# single curly marks (headlines, Breitbart, HuffPost): in the gold unless
# --polnear-double-only
QUOTED_SINGLE = re.compile(r"(?<!\w)\u2018(.+?)\u2019(?!\w)")


def polnear_docs(tarball):
    tf = tarfile.open(tarball)
    texts, anns = {}, {}
    for m in tf.getmembers():
        if not m.isfile():
            continue
        name = os.path.basename(m.name)
        if "/text/" in m.name and name.endswith(".txt"):
            texts[name[:-4]] = tf.extractfile(m).read().decode("utf-8")
        elif "/attributions/" in m.name and name.endswith(".ann"):
            base = name[:-4].rsplit("_", 1)[0]
            if base not in anns or name < anns[base][0]:
                anns[base] = (name, tf.extractfile(m).read().decode("utf-8"))
    for base in sorted(texts):
        if base in anns:
            yield base, texts[base], anns[base][1]


def polnear_gold(text, ann, fragments=False, single=False):
    spans, rels = {}, []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            head = parts[1].split(" ", 1)
            if len(head) < 2:
                continue
            frags = []
            for frag in head[1].split(";"):
                a, b = frag.split()
                frags.append((int(a), int(b)))
            spans[parts[0]] = (head[0], frags)
        elif line.startswith("E") and len(parts) >= 2:
            rel = dict(x.split(":", 1) for x in parts[1].split() if ":" in x)
            rels.append(rel)
    if fragments:
        return gold_in_fragments(text, spans, rels)
    # each character of an annotated Content span -> its attribution
    owner = {}
    for ri, rel in enumerate(rels):
        c = spans.get(rel.get("Content"))
        if not c:
            continue
        for a, b in c[1]:
            for x in range(a, b):
                owner.setdefault(x, ri)
    gold, pos = [], 0
    for line in text.split("\n"):
        found = list(QUOTED_ANY.finditer(line))
        if single:
            # outermost only: a single-marked span inside a double-marked one
            # is nested
            found += [m for m in QUOTED_SINGLE.finditer(line)
                      if all(m.end() <= d.start() or d.end() <= m.start()
                             for d in found)]
        for m in found:
            g = next(i for i in range(1, 5) if m.group(i) is not None)
            s, e = pos + m.start(g), pos + m.end(g)
            inside = [owner[x] for x in range(s, e) if x in owner]
            # quotation marks around text that is mostly annotated content
            if e <= s or len(inside) * 2 < e - s:
                continue
            ri = max(set(inside), key=inside.count)
            src = spans.get(rels[ri].get("Source"))
            src_frags = src[1] if src else []
            gold.append({"start": s, "end": e, "src": src_frags,
                         "speaker": " ".join(text[a:b] for a, b in src_frags)})
        pos += len(line) + 1
    # and what the first version finds where a stray mark misled the pairing
    for g in gold_in_fragments(text, spans, rels):
        if all(g["end"] <= h["start"] or h["end"] <= g["start"] for h in gold):
            gold.append(g)
    gold.sort(key=lambda g: g["start"])
    return gold


def gold_in_fragments(text, spans, rels):
    """The first version: marked spans inside each Content fragment, the
    same mark style on both sides (misses quotes whose marks an annotated
    boundary cuts, that span two fragments, or that mix " and ”)."""
    gold = []
    for rel in rels:
        c = spans.get(rel.get("Content"))
        if not c:
            continue
        src = spans.get(rel.get("Source"))
        src_frags = src[1] if src else []
        src_text = " ".join(text[a:b] for a, b in src_frags)
        for a, b in c[1]:
            for m in QUOTED.finditer(text, a, b):
                g = next(i for i in range(1, 5) if m.group(i) is not None)
                s, e = m.start(g), m.end(g)
                if e - s < 1:
                    continue
                gold.append({"start": s, "end": e, "speaker": src_text,
                             "src": src_frags})
    # one gold quote per span
    seen, out = set(), []
    for g in gold:
        if (g["start"], g["end"]) not in seen:
            seen.add((g["start"], g["end"]))
            out.append(g)
    return out


def bench(db, tarball, rounds=3):
    """quotes() throughput over the PolNeAR texts, in MB/s (best of 3)."""
    import time
    db.execute("CREATE TEMP TABLE IF NOT EXISTS bench_docs(body TEXT)")
    db.execute("DELETE FROM bench_docs")
    size = 0
    for _, text, _ in polnear_docs(tarball):
        db.execute("INSERT INTO bench_docs VALUES(?)", (text,))
        size += len(text.encode("utf-8"))
    best = None
    for _ in range(rounds):
        t0 = time.perf_counter()
        db.execute("SELECT count(*) FROM bench_docs, quotes(bench_docs.body,"
                   " 'english')").fetchone()
        dt = time.perf_counter() - t0
        best = dt if best is None or dt < best else best
    return size / 1e6 / best


def context(text, s, e, width=70):
    """The quote's neighbourhood on one line, the quote in [[ ]]."""
    a, b = max(0, s - width), min(len(text), e + width)
    return (text[a:s] + "[[" + text[s:e] + "]]" + text[e:b]).replace("\n", " | ")


DIRECT_KINDS = ("full", "partial", "headline")


def eval_polnear(db, tarball, limit=None, fragments=False, docs=None,
                 dump=None, do_bench=True, double_only=False):
    """Span P/R/F1 of the top-level rows against two golds: "single" (the
    default: quotation marks of any style, single curly marks included)
    and "double" (double marks only, the measure before); each for all
    top-level rows and for the direct-quote kinds (full, partial,
    headline: titles and scare quotes are nobody's words).  Speaker
    accuracy and the dump use the default gold (the double one with
    --polnear-double-only)."""
    golds = ("double",) if double_only else ("single", "double")
    sets = {"all": None, "direct": DIRECT_KINDS, "said": ("full", "partial")}
    cnt = {(g, s): [0, 0, 0] for g in golds for s in sets}
    spk_ok = spk_n = 0
    ndocs = 0
    out = open(dump, "w", encoding="utf-8") if dump else None
    for di, (base, text, ann) in enumerate(polnear_docs(tarball)):
        if docs and not docs[0] <= di < docs[1]:
            continue
        ndocs += 1
        if limit and ndocs > limit:
            break
        # the gold marks the outermost quotation: nested quotes are extra
        pred = [p for p in predict(db, text) if p["depth"] == 0]
        for gname in golds:
            gold = polnear_gold(text, ann, fragments, gname == "single")
            for sname, kinds in sets.items():
                sel = [p for p in pred if kinds is None or p["kind"] in kinds]
                pairs = match(gold, sel)
                c = cnt[(gname, sname)]
                c[0] += len(pairs)
                c[1] += len(sel) - len(pairs)
                c[2] += len(gold) - len(pairs)
            if gname != golds[0]:
                continue
            pairs = match(gold, pred)
            if out:
                mg = {gi for gi, _ in pairs}
                mp = {pi for _, pi in pairs}
                for gi, g in enumerate(gold):
                    if gi not in mg:
                        out.write("MISS %s %d: %s\n" % (base, g["start"], context(
                            text, g["start"], g["end"])))
                for pi, p in enumerate(pred):
                    if pi not in mp:
                        out.write("EXTRA %s %d %s: %s\n" % (base, p["start"], p["kind"],
                                  context(text, p["start"], p["end"])))
                for gi, pi in pairs:
                    if pred[pi]["kind"] not in DIRECT_KINDS:
                        out.write("KIND %s %d %s: %s\n" % (
                            base, pred[pi]["start"], pred[pi]["kind"],
                            context(text, pred[pi]["start"], pred[pi]["end"])))
            for gi, pi in pairs:
                g, p = gold[gi], pred[pi]
                if not g["speaker"]:
                    continue
                spk_n += 1
                ok = False
                if p["speaker_start"] is not None:
                    for a, b in g["src"]:
                        if max(a, p["speaker_start"]) < min(b, p["speaker_end"]):
                            ok = True
                if not ok and p["speaker"]:
                    ours = norm_name(p["speaker"]).split()
                    gs = norm_name(g["speaker"]).split()
                    if ours and gs and ours[-1] in gs:
                        ok = True
                spk_ok += ok
                if out and not ok:
                    out.write("SPEAKER %s %d: ours %r (%s, mention %r, %s %.2f), gold %r: %s\n" % (
                        base, p["start"], p["speaker"], p["verb"], p["speaker_mention"],
                        p["kind"], p["confidence"] or 0,
                        g["speaker"], context(text, p["start"], p["end"], 160)))
    if out:
        out.close()
    res = {"polnear_docs": ndocs}
    if do_bench:
        res["polnear_mb_per_s"] = bench(db, tarball)
    # polnear_p/r/f1: the default gold, every top-level row;
    # polnear_direct_*: the same gold, kinds full, partial, headline;
    # polnear_double_*: the double-marks-only gold (the figures before);
    # polnear_p_said / polnear_f1_said: double gold, full and partial only
    for gname in golds:
        for sname in ("all", "direct"):
            pre = "polnear_"
            if gname == "double" and not double_only:
                pre += "double_"
            if sname == "direct":
                pre += "direct_"
            tp, fp, fn = cnt[(gname, sname)]
            res[pre + "p"], res[pre + "r"], res[pre + "f1"] = prf(tp, fp, fn)
        res["polnear_%sgold" % ("double_" if gname == "double"
                                and not double_only else "")] = \
            cnt[(gname, "all")][0] + cnt[(gname, "all")][2]
    tp, fp, fn = cnt[("double", "said")]
    res["polnear_p_said"], _, res["polnear_f1_said"] = prf(tp, fp, fn)
    res["polnear_speaker_acc"] = spk_ok / spk_n if spk_n else 0.0
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", default="./newsroom.so")
    ap.add_argument("--seeds", default="test/data/seeds")
    ap.add_argument("--gold", default="test/data/quotes-gold.jsonl")
    ap.add_argument("--polnear")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--polnear-fragments", action="store_true",
                    help="the first gold extraction (per fragment, one mark style)")
    ap.add_argument("--docs", help="A:B, only PolNeAR articles A..B-1 (in "
                    "name order): 0:600 is the development split, 600:840 "
                    "the check split")
    ap.add_argument("--dump", help="write PolNeAR misses, extra quotes and "
                    "speaker errors with their context to this file")
    ap.add_argument("--no-bench", action="store_true")
    ap.add_argument("--polnear-double-only", action="store_true",
                    help="only the gold of double marks (the measure before "
                    "single curly marks counted): its figures are printed "
                    "as polnear_double_* anyway; this makes it the one the "
                    "speaker accuracy and --dump use")
    ap.add_argument("--cluster-alias", help="OLD=NEW,...: also report the "
                    "cluster scores with gold clusters merged (C01=C02,C27=C03: "
                    "the seed gold puts a fragment of C02 and a rewording of "
                    "C03 in clusters of their own); the gold is not changed")
    ap.add_argument("--cluster-pairs", action="store_true",
                    help="print the cluster pairs the measure gets wrong")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    db = connect(args.lib)
    alias = dict(x.split("=", 1) for x in args.cluster_alias.split(",")) \
        if args.cluster_alias else None
    res, errors = eval_seeds(db, args.seeds, args.gold, alias)
    if args.cluster_pairs:
        errors += cluster_pair_errors(db, args.gold)
    if args.polnear:
        if os.path.exists(args.polnear):
            docs = tuple(int(x) for x in args.docs.split(":")) if args.docs else None
            res.update(eval_polnear(db, args.polnear, args.limit,
                                    args.polnear_fragments, docs, args.dump,
                                    not args.no_bench, args.polnear_double_only))
        else:
            print("PolNeAR: %s not found, skipped" % args.polnear,
                  file=sys.stderr)
    if args.json:
        print(json.dumps(res))
    else:
        for k, v in res.items():
            print("%-24s %s" % (k, ("%.3f" % v) if isinstance(v, float) else v))
    if args.errors:
        for e in errors:
            print(e)


if __name__ == "__main__":
    main()
