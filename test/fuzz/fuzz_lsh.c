/*
** fuzz_lsh.c -- libFuzzer target: random sequences of writes, queries,
** commands and transactions on a minhash_lsh index.  The input's first
** bytes choose the index's parameters; then each group of three bytes is
** one operation (which, on which rowid, how much text), the text being
** cut from text b of the input (bytes as TEXT: invalid UTF-8 included).
** Whatever the sequence, errors must be clean and, at the end, the
** index must pass its integrity-check.
*/
#include <stdio.h>
#include <string.h>
#include "fuzz.h"

static const char *const params[] = {
  "threshold=0.5", "threshold=0.4, perms=32", "threshold=0.8, n=1",
  "threshold=0.3, lang=none, perms=64", "threshold=0.5, stopwords=0",
  "threshold=0.9, perms=32, seed=3",
};
#define NPARAMS ((int)(sizeof(params) / sizeof(params[0])))

static const char *const ops[] = {
  "INSERT INTO x(rowid, document) VALUES(?1, ?2)",
  "INSERT OR REPLACE INTO x(rowid, document) VALUES(?1, ?2)",
  "INSERT INTO x(rowid, signature) VALUES(?1, minhash(?2))",
  "INSERT INTO x(rowid, signature) VALUES(?1, CAST(?2 AS BLOB))",
  "DELETE FROM x WHERE rowid = ?1",
  "UPDATE x SET document = ?2 WHERE rowid = ?1",
  "UPDATE x SET rowid = ?1 + 1 WHERE rowid = ?1",
  "SELECT rowid, jaccard, containment FROM x WHERE x MATCH ?2",
  "SELECT rowid FROM x WHERE x MATCH ?2 AND threshold = ?1 / 100.0",
  "SELECT count(*), sum(jaccard) FROM minhash_lsh_pairs('x')",
  "SELECT count(*), max(size) FROM minhash_lsh_clusters('x')",
  "SELECT count(*) FROM minhash_lsh_clusters('x', 'star')",
  "INSERT INTO x(x) VALUES('integrity-check')",
  "INSERT INTO x(x) VALUES('rebuild')",
  "INSERT INTO x(x) VALUES('optimize')",
  "INSERT INTO x(x) VALUES(?2)",
  "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT s", "ROLLBACK TO s", "RELEASE s",
  "SELECT count(*) FROM x_sig", "SELECT rowid, length(signature) FROM x",
};
#define NOPS ((int)(sizeof(ops) / sizeof(ops[0])))

static void run(sqlite3 *db, const char *sql, int rowid, const uint8_t *z,
                size_t n){
  sqlite3_stmt *st;
  if( sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ) return;
  if( sqlite3_bind_parameter_count(st) >= 1 ) sqlite3_bind_int(st, 1, rowid);
  if( sqlite3_bind_parameter_count(st) >= 2 ){
    sqlite3_bind_text(st, 2, (const char *)z, (int)n, SQLITE_STATIC);
  }
  while( sqlite3_step(st) == SQLITE_ROW ){}
  sqlite3_finalize(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  static const char *const none[] = {""};
  sqlite3 *db = fuzz_db();
  fuzz_args in;
  char create[200];
  size_t i, at = 0;
  int rc;
  if( !fuzz_split(data, size, none, 1, &in) ) return 0;
  snprintf(create, sizeof(create),
           "CREATE VIRTUAL TABLE x USING minhash_lsh(%s)",
           params[in.choice % NPARAMS]);
  if( sqlite3_exec(db, create, NULL, NULL, NULL) != SQLITE_OK ){
    __builtin_trap();
  }
  for(i = 0; i + 3 <= in.an && i < 3 * 64; i += 3){
    size_t len = (size_t)in.a[i + 2] * 8;
    if( at >= in.bn ) at = 0;
    if( len > in.bn - at ) len = in.bn - at;
    run(db, ops[in.a[i] % NOPS], in.a[i + 1] % 16, in.b + at, len);
    at += len;
  }
  sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);   /* an open transaction */
  rc = sqlite3_exec(db, "INSERT INTO x(x) VALUES('integrity-check')", NULL,
                    NULL, NULL);
  if( rc != SQLITE_OK ) __builtin_trap();
  if( sqlite3_exec(db, "DROP TABLE x", NULL, NULL, NULL) != SQLITE_OK ){
    __builtin_trap();
  }
  return 0;
}
