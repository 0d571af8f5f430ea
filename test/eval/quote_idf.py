#!/usr/bin/python3
"""quote_idf.py -- the English stem weights of quote_similarity().

    quote_idf.py NEWSROOM_SO REUT2_ALL_SGM_GZ [N] > ext/data/quoteidf/english.txt

Counts, over every Reuters-21578 story with a body, in how many stories
each stem of quote_key(story, 'english') occurs (stopwords are already
gone), and writes the N (default 6000) most frequent stems with their
inverse document frequency ln(D / df).  quote_similarity() gives a stem
missing from the list the weight of the rarest stem listed (it is rarer
still); the list only needs to reach down to where weights stop mattering.
Run once; the output is committed.
"""
import gzip
import html
import math
import os
import re
import sqlite3
import sys


def stories(path):
    raw = gzip.open(path, "rb").read().decode("latin-1")
    for m in re.finditer(r"<BODY>(.*?)</BODY>", raw, re.S):
        body = html.unescape(m.group(1)).replace("\x03", "").strip()
        if len(body.split()) >= 20:
            yield body


def main():
    lib, sgm = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 6000
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(os.path.abspath(lib))
    df = {}
    docs = 0
    for body in stories(sgm):
        key = db.execute("SELECT quote_key(?, 'english')", (body,)).fetchone()[0]
        docs += 1
        for stem in set(key.split()):
            df[stem] = df.get(stem, 0) + 1
    ranked = sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    print("# English stem weights for quote_similarity(): ln(D / df), df the")
    print("# number of Reuters-21578 stories (D = %d stories with a body of 20+" % docs)
    print("# words, Distribution 1.0, D. D. Lewis) whose quote_key() holds the stem;")
    print("# the %d most frequent stems.  Made by test/eval/quote_idf.py." % len(ranked))
    print("# Format: stem weight")
    for stem, n in ranked:
        print("%s %.3f" % (stem, math.log(docs / n)))


if __name__ == "__main__":
    main()
