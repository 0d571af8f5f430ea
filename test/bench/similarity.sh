#!/bin/sh
# similarity.sh -- make bench-similarity: the similarity functions on the
# Reuters-21578 bodies from ../shared/corpora (skipped, with a message,
# when absent): through SQL (similarity.tcl) and in the C core without
# SQLite's per-call costs (similarity_core.c), in one run.
#   BASELINE=path/to/other/newsroom.so  also times that build, interleaved
#   REPS=N                              runs per figure, best kept (3)
set -e
cd "$(dirname "$0")/../.."
bench=bench-similarity . test/bench/corpus.sh
${CC:-cc} -O2 -std=c11 -D_DEFAULT_SOURCE -Iinclude -Iext \
  -o build/bench/similarity_core test/bench/similarity_core.c ext/core/*.c \
  build/stopwords_data.c build/cues_data.c build/quoteidf_data.c -lsqlite3 -lstemmer -lutf8proc -lm
echo "$(nproc) cores, sqlite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1), $(date -u '+%Y-%m-%d %H:%M UTC')"
BENCH_DB=build/bench/reuters-bodies.db ${TCLSH:-tclsh} test/bench/similarity.tcl \
  "$PWD/newsroom.so" ${BASELINE:+"$BASELINE"}
build/bench/similarity_core build/bench/reuters-bodies.db "${REPS:-3}"
