#!/usr/bin/python3
"""detect.py -- accuracy of detect_language() on every article of
../shared/corpora/multilingual-news (German, Spanish, French, Portuguese)
and on the seed articles (English), per language, with the confusions.

    make eval            (or: /usr/bin/python3 test/eval/detect.py [newsroom.so])

Each article is judged whole, and again cut to its first paragraph of at
least 200 characters (detection on short text is harder).  Prints one
line per language and exits 0; it is a measurement, not a test."""
import csv, glob, gzip, io, os, sqlite3, sys, tarfile, time
from collections import Counter

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
lib = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "newsroom")
corpora = os.path.join(os.path.dirname(root), "shared", "corpora", "multilingual-news")
csv.field_size_limit(1 << 30)

def german():
    with gzip.open(os.path.join(corpora, "de-10kGNAD-test.csv.gz"), "rt", encoding="utf-8") as f:
        for row in csv.reader(f, delimiter=";", quotechar="'"):
            if len(row) >= 2:
                yield row[1]

def spanish():
    for part in ("train", "development", "test"):
        p = os.path.join(corpora, "es-spanish-fake-news-corpus", part + ".tsv.gz")
        with gzip.open(p, "rt", encoding="utf-8", newline="") as f:
            rows = csv.reader(f, delimiter="\t")
            head = [h.lower() for h in next(rows)]
            i = head.index("text")
            for row in rows:
                yield row[i]

def tar_texts(name, pattern):
    with tarfile.open(os.path.join(corpora, name)) as t:
        for m in sorted(t.getmembers(), key=lambda m: m.name):
            if m.isfile() and pattern(m.name):
                yield t.extractfile(m).read().decode("utf-8-sig")

def french():
    return tar_texts("fr-wikinews-WKC.tar.gz", lambda n: "/docsutf8/" in n and n.endswith(".txt"))

def portuguese():
    return tar_texts("pt-fakebr-true.tar.gz", lambda n: "/true/" in n and n.endswith(".txt"))

def english():
    for p in sorted(glob.glob(os.path.join(root, "test", "data", "seeds", "*.txt"))):
        with open(p, encoding="utf-8") as f:
            yield f.read()

def first_paragraph(text):
    for para in text.replace("\r", "").split("\n"):
        if len(para.strip()) >= 200:
            return para.strip()
    return text.strip()

def main():
    if not os.path.isdir(corpora):
        print("detect.py: %s is absent; nothing to measure" % corpora)
        return 0
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(lib)
    sets = [("english", english), ("german", german), ("spanish", spanish),
            ("french", french), ("portuguese", portuguese)]
    print("%-11s %6s %9s %9s  %s" % ("language", "docs", "whole", "1st para", "wrong answers (whole article)"))
    t0 = time.time()
    for lang, reader in sets:
        docs = [d for d in reader() if d.strip()]
        got = Counter()
        right = right_para = 0
        for d in docs:
            (g,) = db.execute("SELECT detect_language(?)", (d,)).fetchone()
            (gp,) = db.execute("SELECT detect_language(?)", (first_paragraph(d),)).fetchone()
            right += (g == lang)
            right_para += (gp == lang)
            if g != lang:
                got[g] += 1
        print("%-11s %6d %8.2f%% %8.2f%%  %s" % (lang, len(docs), 100.0 * right / len(docs),
              100.0 * right_para / len(docs),
              ", ".join("%s %d" % kv for kv in got.most_common()) or "-"))
    print("(%.1f s)" % (time.time() - t0))
    return 0

sys.exit(main())
