#!/bin/sh
# run.sh -- make bench: builds test/bench/bench and runs it on Reuters-21578
# from ../shared/corpora (skipped, with a message, when it is absent).
# REPS=N sets the runs per figure (default 3, the best is kept);
# BEFORE=path/to/other/newsroom.so measures that build too, in the same run
# (e.g. main's, for before/after figures side by side).
# BENCH_ONLY=fts times only the FTS5 index builds (and skips the rest).
set -e
cd "$(dirname "$0")/../.."
bench=bench . test/bench/corpus.sh
if [ ! -f build/bench/reuters.txt ] || [ "$src" -nt build/bench/reuters.txt ]; then
  /usr/bin/python3 test/bench/reuters.py "$src" build/bench/reuters.txt
fi
${CC:-cc} -O2 -o build/bench/bench test/bench/bench.c -lsqlite3 -lstemmer
echo "sqlite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
build/bench/bench "$PWD/newsroom.so" build/bench/reuters.txt "${REPS:-3}" ${BEFORE:+"$BEFORE"}
[ -z "$BENCH_ONLY" ] || exit 0
echo
echo "linearity on pathological inputs (test/bench/linearity.tcl)"
${TCLSH:-tclsh} test/bench/linearity.tcl "$PWD/newsroom.so"
echo
echo "minhash_lsh on 100,000 documents (test/bench/lsh_bench.sh)"
sh test/bench/lsh_bench.sh
