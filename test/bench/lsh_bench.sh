#!/bin/sh
# lsh_bench.sh -- make bench-lsh: the minhash_lsh index on 100,000 documents
# (Reuters-21578 grown with edited copies by test/eval/make_corpus.py),
# results in test/bench/RESULTS-lsh.md.  Skipped, with a message, when the
# corpus is absent.  The corpus and its signatures are made once and kept
# in build/bench/; DOCS=N changes the count, QUERIES=N the queries timed.
set -e
cd "$(dirname "$0")/../.."
bench=bench-lsh . test/bench/corpus.sh
docs=${DOCS:-100000}
corpus=build/bench/lsh-corpus.db
sigs=build/bench/lsh-sigs-$docs.db
if [ ! -f "$corpus" ] || [ "$src" -nt "$corpus" ]; then
  # about 19,000 stories; the copies bring the corpus past 100,000
  /usr/bin/python3 test/eval/make_corpus.py "$src" "$corpus" 90000
fi
if [ ! -f "$sigs" ] || [ "$corpus" -nt "$sigs" ]; then
  rm -f "$sigs.tmp"
  sqlite3 "$sigs.tmp" <<SQL
.load ./newsroom.so
ATTACH '$corpus' AS c;
CREATE TABLE sigs(id INTEGER PRIMARY KEY, sig BLOB);
INSERT INTO sigs SELECT id, minhash(body, 'english', 'n=3 perms=128')
  FROM c.docs ORDER BY id LIMIT $docs;
SQL
  mv "$sigs.tmp" "$sigs"
fi
${CC:-cc} -O2 -o build/bench/lsh_bench test/bench/lsh_bench.c -lsqlite3
out=test/bench/RESULTS-lsh.md
{
  echo "# minhash_lsh benchmark (make bench-lsh)"
  echo
  echo "sqlite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1), $(nproc) cores" \
       "(load $(cut -d' ' -f1 /proc/loadavg)), $(date -u '+%Y-%m-%d %H:%M UTC')," \
       "newsroom $(git describe --always --dirty 2>/dev/null || cat VERSION);" \
       "threshold=0.5 lang=english n=3 perms=128, Reuters-21578 with edited copies"
  echo
  build/bench/lsh_bench "$PWD/newsroom.so" "$sigs" build/bench/lsh-index.db \
    "${QUERIES:-20000}"
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
