#!/usr/bin/python3
"""make_corpus.py -- the minhash_lsh accuracy corpus.

    make_corpus.py REUT2_ALL_SGM_GZ OUT_DB [copies]

Reads every Reuters-21578 story with a body and adds `copies` (default
7000) edited copies of random stories (fixed seed, so every run builds the
same corpus), each made by one or two of the edits a newsroom makes:
truncation, two paragraphs swapped, words substituted, paragraphs from
another story inserted.  Edit strengths are drawn uniformly, so the copies
spread over the whole range of similarity rather than sitting near 1.
Writes docs(id INTEGER PRIMARY KEY, body TEXT, origin INTEGER, edit TEXT).
"""
import gzip
import html
import random
import re
import sqlite3
import sys


def stories(path):
    raw = gzip.open(path, "rb").read().decode("latin-1")
    for m in re.finditer(r"<BODY>(.*?)</BODY>", raw, re.S):
        body = html.unescape(m.group(1)).replace("\x03", "").strip()
        body = re.sub(r"\s*Reuter\s*$", "", body)
        if len(body.split()) >= 20:
            yield body


def paragraphs(body):
    # Reuters indents each paragraph's first line
    parts = re.split(r"\n(?=\s{2,}\S)", body)
    return [p.strip() for p in parts if p.strip()]


def edit(rng, body, corpus, vocab):
    kind = rng.choice(["truncate", "swap", "substitute", "insert"])
    words = body.split()
    if kind == "truncate":
        keep = max(5, int(len(words) * rng.uniform(0.2, 0.98)))
        return kind, " ".join(words[:keep])
    if kind == "swap":
        ps = paragraphs(body)
        if len(ps) < 2:
            kind = "substitute"
        else:
            i, j = rng.sample(range(len(ps)), 2)
            ps[i], ps[j] = ps[j], ps[i]
            return kind, "\n\n".join(ps)
    if kind == "substitute":
        rate = rng.uniform(0.01, 0.3)
        out = [rng.choice(vocab) if rng.random() < rate else w for w in words]
        return kind, " ".join(out)
    other = paragraphs(rng.choice(corpus))
    ps = paragraphs(body)
    for _ in range(rng.randint(1, 3)):
        ps.insert(rng.randint(0, len(ps)), rng.choice(other))
    return "insert", "\n\n".join(ps)


def main():
    src, out = sys.argv[1], sys.argv[2]
    copies = int(sys.argv[3]) if len(sys.argv) > 3 else 7000
    rng = random.Random(21578)
    corpus = list(stories(src))
    vocab = sorted({w for b in corpus[:2000] for w in b.split() if w.isalpha()})
    db = sqlite3.connect(out)
    db.execute("DROP TABLE IF EXISTS docs")
    db.execute("CREATE TABLE docs(id INTEGER PRIMARY KEY, body TEXT, "
               "origin INTEGER, edit TEXT)")
    rows = [(i + 1, b, None, None) for i, b in enumerate(corpus)]
    for _ in range(copies):
        base = rng.randrange(len(rows))   # copies of copies make chains
        kind, body = edit(rng, rows[base][1], corpus, vocab)
        if rng.random() < 0.3:
            kind2, body = edit(rng, body, corpus, vocab)
            kind = kind + "+" + kind2
        rows.append((len(rows) + 1, body, rows[base][0], kind))
    db.executemany("INSERT INTO docs VALUES(?, ?, ?, ?)", rows)
    db.commit()
    print("%d stories, %d edited copies, %d documents" %
          (len(corpus), copies, len(rows)))


main()
