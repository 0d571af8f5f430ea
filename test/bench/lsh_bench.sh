#!/bin/sh
# lsh_bench.sh -- make bench-lsh: the minhash_lsh index on 100,000 documents
# (Reuters-21578 grown with edited copies by test/eval/make_corpus.py),
# results in test/bench/RESULTS-lsh.md.  Skipped, with a message, when the
# corpus is absent.  The corpus and its signatures are made once and kept
# in build/bench/; DOCS=N changes the count, QUERIES=N the queries timed.
# BASELINE=REV (a git revision) also builds that revision's newsroom.so and
# times its MATCH queries and this build's on the same index, in turns
# (ROUNDS=3 each, medians), so that both meet the same load.
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
  if [ -n "$BASELINE" ]; then
    base=build/bench/base-$BASELINE
    if [ ! -f "$base/newsroom.so" ]; then
      rm -rf "$base"
      mkdir -p "$base"
      git archive "$BASELINE" | tar -x -C "$base"
      make -s -C "$base" newsroom.so >/dev/null
    fi
    rounds=${ROUNDS:-3}
    : > build/bench/side.txt
    i=0
    while [ $i -lt "$rounds" ]; do
      for who in before after; do
        so=$PWD/newsroom.so
        [ $who = before ] && so=$PWD/$base/newsroom.so
        printf '%s ' $who >> build/bench/side.txt
        build/bench/lsh_bench "$so" - build/bench/lsh-index.db \
          "${QUERIES:-20000}" queries-only >> build/bench/side.txt
      done
      i=$((i + 1))
    done
    echo
    echo "## MATCH before ($BASELINE) and after ($(git describe --always --dirty 2>/dev/null)), side by side"
    echo
    echo "The same index and queries, the two builds in turns ($rounds rounds each, medians;" \
         "load $(cut -d' ' -f1 /proc/loadavg) at the end), each query its own statement in" \
         "autocommit mode. The floor row is the same loop over a one-row SELECT by rowid of" \
         "an ordinary table: what SQLite itself costs per statement (it takes and drops the" \
         "file lock, looks for a hot journal and a WAL file, reads the change counter), a" \
         "ceiling no MATCH can pass. The last two rows run the MATCH queries inside one read" \
         "transaction (BEGIN ... COMMIT around them), without that cost: what the index" \
         "itself costs per query."
    echo
    echo "| build | queries/s, wall clock | queries/s, CPU time | p50 | p99 |"
    echo "|---|---|---|---|---|"
    for who in before after floor txbefore txafter; do
      case $who in floor|txafter) sel=after ;; txbefore) sel=before ;; *) sel=$who ;; esac
      grep "^$sel " build/bench/side.txt | awk -v who="$who" -v rev="$BASELINE" '
        { n++; for (k = 2; k <= 10; k++) v[k, n] = $k }
        function med(k,   a, i, j, t) {
          for (i = 1; i <= n; i++) a[i] = v[k, i]
          for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
            if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
          return a[int((n + 1) / 2)]
        }
        END {
          if (who == "floor")
            printf "| SQLite floor: SELECT by rowid, one row | %d | %d | | |\n", med(6), med(7)
          else if (who == "txbefore")
            printf "| before, in one read transaction | %d | %d | | |\n", med(9), med(10)
          else if (who == "txafter")
            printf "| after, in one read transaction | %d | %d | | |\n", med(9), med(10)
          else
            printf "| %s | %d | %d | %.1f us | %.1f us |\n",
              who == "before" ? "before (" rev ")" : "after", med(2), med(3), med(4), med(5)
        }'
    done
  fi
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
