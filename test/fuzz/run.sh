#!/bin/sh
# make fuzz: builds each libFuzzer target of test/fuzz/ (clang, with ASan
# and UBSan) and runs it for FUZZ_SECONDS seconds (default 60), starting
# from a corpus seeded with the real test articles: each seed is the three
# argument-choosing bytes, one article, 0xFF, and part of another.  The
# corpora grow in build/fuzz/corpus-TARGET; a crash leaves its input in
# build/fuzz/ and fails the run; such an input, once fixed, goes to
# test/fuzz/regress/TARGET-name, which every run replays.
set -e
cd "$(dirname "$0")/../.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-$(cd test/fuzz && ls fuzz_*.c | sed 's/\.c$//')}
status=0
seed() {   # corpus dir
  i=0
  for a in test/data/seeds/*.txt; do
    for b in test/data/seeds/*.txt; do
      i=$((i + 1))
      { printf "\\$(printf %o $((i % 16)))\\$(printf %o $((i * 7 % 10)))\\$(printf %o $((i * 3 % 14)))"
        cat "$a"; printf '\377'; head -c 400 "$b"; } > "$1/seed-$i"
    done
  done
}
for t in $TARGETS; do
  make -s "build/fuzz/$t"
  corpus=build/fuzz/corpus-$t
  if [ ! -d "$corpus" ]; then mkdir -p "$corpus"; seed "$corpus"; fi
  # inputs that once crashed a target run first, every time
  for r in test/fuzz/regress/$t-*; do [ -f "$r" ] && cp "$r" "$corpus/"; done
  echo "== $t: $SECONDS_EACH s"
  if (cd build/fuzz && ./$t -max_total_time="$SECONDS_EACH" -max_len=20000 \
        -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 "corpus-$t" \
        > "$t.log" 2>&1); then
    grep -E "^stat::number_of_executed_runs|^Done" "build/fuzz/$t.log" | tr '\n' ' '
    echo "-> clean"
  else
    tail -40 "build/fuzz/$t.log"
    echo "-> $t FAILED (log: build/fuzz/$t.log)"
    status=1
  fi
done
exit $status
