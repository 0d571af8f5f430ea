#!/bin/sh
# test-hosts: the same query through every host the README names, each
# loading the extension its own way.  A host that is not installed is
# skipped with the command that installs it; NODE=1 adds Node.js (its
# better-sqlite3 build takes minutes).  Run from the project root after
# `make newsroom.so libnewsroom.a`.
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SQL="SELECT stem('Negotiations', 'english'), (SELECT count(*) FROM tokens('Tokayev’s troops fired “without warning”.'))"
WANT="negoti|5"
pass=0 fail=0 skip=0

check() {   # host, what it printed
  if [ "$2" = "$WANT" ]; then
    echo "$1: ok"; pass=$((pass + 1))
  else
    echo "$1: FAILED: got '$2', expected '$WANT'"; fail=$((fail + 1))
  fi
}
skip() { echo "$1: skipped: $2"; skip=$((skip + 1)); }

if command -v sqlite3 >/dev/null; then
  check "sqlite3 shell" "$(sqlite3 -cmd ".load $ROOT/newsroom" :memory: "$SQL" 2>&1)"
else
  skip "sqlite3 shell" "apt-get install sqlite3"
fi

if [ -x /usr/bin/python3 ]; then
  check "python3" "$(/usr/bin/python3 - "$ROOT/newsroom" "$SQL" <<'PY' 2>&1
import sqlite3, sys
db = sqlite3.connect(":memory:")
db.enable_load_extension(True)      # absent from Pythons built without it
db.load_extension(sys.argv[1])
db.enable_load_extension(False)
print("|".join(str(v) for v in db.execute(sys.argv[2]).fetchone()))
PY
)"
else
  skip "python3" "apt-get install python3"
fi

if command -v sqlite-utils >/dev/null; then
  check "sqlite-utils" "$(sqlite-utils memory --load-extension "$ROOT/newsroom.so" --csv --no-headers "$SQL" 2>&1 | tr ',' '|' | tr -d '\r')"
else
  skip "sqlite-utils" "apt-get install sqlite-utils"
fi

if command -v tclsh >/dev/null && echo 'package require sqlite3' | tclsh >/dev/null 2>&1; then
  check "tcl" "$(tclsh <<TCL 2>&1
package require sqlite3
sqlite3 db :memory:
db enable_load_extension 1
db eval {SELECT load_extension('$ROOT/newsroom')}
puts [join [db eval {$SQL}] |]
TCL
)"
else
  skip "tcl" "apt-get install tcl libsqlite3-tcl"
fi

# installed into a scratch prefix and built the way its README says:
# with pkg-config, which also checks newsroom.pc
mkdir -p build/hosts
PREFIX_DIR=$ROOT/build/hosts/prefix
if ! command -v pkg-config >/dev/null; then
  skip "C, static (sqlite3_auto_extension)" "apt-get install pkg-config"
elif make -s install PREFIX="$PREFIX_DIR" >build/hosts/static.log 2>&1 &&
   ${CC:-cc} -o build/hosts/static test/hosts/static.c \
     $(PKG_CONFIG_PATH=$PREFIX_DIR/lib/pkgconfig pkg-config --static --cflags --libs newsroom) \
     >>build/hosts/static.log 2>&1; then
  check "C, static (sqlite3_auto_extension)" "$(build/hosts/static "$SQL" 2>&1)"
else
  echo "C, static: FAILED to build:"; cat build/hosts/static.log; fail=$((fail + 1))
fi

if [ "$NODE" = 1 ]; then
  if command -v npm >/dev/null; then
    mkdir -p build/hosts/node
    ( cd build/hosts/node && [ -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ] ||
      npm_config_nodedir=/usr npm install --silent --no-save better-sqlite3@12 >npm.log 2>&1 )
    check "node (better-sqlite3)" "$(cd build/hosts/node && node -e '
      const db = new (require("better-sqlite3"))(":memory:");
      db.loadExtension(process.argv[1]);
      console.log(Object.values(db.prepare(process.argv[2]).get()).join("|"));
    ' "$ROOT/newsroom" "$SQL" 2>&1)"
  else
    skip "node" "apt-get install nodejs npm"
  fi
else
  skip "node (better-sqlite3)" "opt-in, its build takes minutes: make test-hosts NODE=1"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
