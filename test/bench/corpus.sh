# corpus.sh -- sourced by the benchmark scripts: sets src to Reuters-21578
# in ${CORPORA:-../shared/corpora}, or, when it is absent, says so (naming
# the benchmark, $bench) and ends the script with success, because a clone
# without the corpora has nothing to measure.
src=${CORPORA:-../shared/corpora}/reuters21578/reut2-all.sgm.gz
if [ ! -f "$src" ]; then
  echo "$bench: $src is absent; nothing to measure"
  exit 0
fi
mkdir -p build/bench
