/*
** fuzz_similarity.c -- libFuzzer target: shingles(), jaccard(),
** containment(), minhash() and its estimates, simhash() and
** shared_passages() on two random texts with a random language and
** options; and the signature functions fed random BLOBs, alone and
** against a real signature, whose header fields the input may overwrite.
** Besides crashes it checks what the functions promise: shingles' and
** passages' offsets select their text, similarities lie in 0..1, and a
** document compared with itself has Jaccard 1.
*/
#include <string.h>
#include "fuzz.h"

static const char *const options[] = {
  "", "n=1", "n=2 stopwords=0", "n=16", "perms=16 seed=7", "perms=1024",
  "gap=0 min_words=1", "gap=100", "n=0", "perms=100000", "bogus=1", "n=",
  NULL,
};

static void trap_unless(int ok){
  if( !ok ) __builtin_trap();
}

/* shingles(?1): start, end, byte_start, byte_end, substr(?1 ...) = as written */
static void check_shingle(sqlite3_stmt *st, const fuzz_args *in){
  fuzz_check_span(st, 0, -1, in);
  trap_unless(sqlite3_column_int(st, 4));
}

/* shared_passages(?1, ?2): both texts' offsets select a_text and b_text */
static void check_passage(sqlite3_stmt *st, const fuzz_args *in){
  long as = sqlite3_column_int64(st, 0), ae = sqlite3_column_int64(st, 1);
  long bs = sqlite3_column_int64(st, 2), be = sqlite3_column_int64(st, 3);
  (void)in;
  trap_unless(as >= 0 && ae > as && bs >= 0 && be > bs);
  trap_unless(sqlite3_column_int(st, 4) && sqlite3_column_int(st, 5));
  trap_unless(sqlite3_column_int64(st, 6) > 0);
}

/* a similarity is NULL or within 0..1 */
static void check_unit(sqlite3_stmt *st, const fuzz_args *in){
  int i;
  (void)in;
  for(i = 0; i < sqlite3_column_count(st); i++){
    double v;
    if( sqlite3_column_type(st, i) == SQLITE_NULL ) continue;
    v = sqlite3_column_double(st, i);
    trap_unless(v >= 0.0 && v <= 1.0);
  }
}

static void check_self(sqlite3_stmt *st, const fuzz_args *in){
  (void)in;
  if( sqlite3_column_type(st, 0) != SQLITE_NULL ){
    trap_unless(sqlite3_column_double(st, 0) == 1.0);
  }
}

/* The signature functions on the input's bytes as a BLOB, and on a real
** signature of text a with its first bytes replaced by the input's. */
static void fuzz_blobs(sqlite3 *db, const fuzz_args *in){
  static const char *const sql[] = {
    "SELECT minhash_jaccard(?1, ?1), minhash_containment(?1, ?2)",
    "SELECT minhash_jaccard(?2, ?1), minhash_containment(?2, ?2)",
    "SELECT minhash_jaccard(x, ?1) FROM (SELECT minhash_merge(s) AS x FROM"
    " (SELECT ?1 AS s UNION ALL SELECT ?2))",
  };
  unsigned char sig[32 + 4 * 64];
  sqlite3_stmt *st;
  size_t i, k;
  if( sqlite3_prepare_v2(db, "SELECT minhash(?1, 'none', 'perms=64')", -1,
                         &st, NULL) != SQLITE_OK ) return;
  sqlite3_bind_text(st, 1, (const char *)in->a, (int)in->an, SQLITE_STATIC);
  if( sqlite3_step(st) != SQLITE_ROW
   || sqlite3_column_bytes(st, 0) != (int)sizeof(sig) ){
    sqlite3_finalize(st);
    return;
  }
  memcpy(sig, sqlite3_column_blob(st, 0), sizeof(sig));
  sqlite3_finalize(st);
  k = in->bn < 32 ? in->bn : 32;          /* b's bytes over the header */
  memcpy(sig, in->b, k);
  for(i = 0; i < sizeof(sql) / sizeof(sql[0]); i++){
    if( sqlite3_prepare_v2(db, sql[i], -1, &st, NULL) != SQLITE_OK ) continue;
    sqlite3_bind_blob(st, 1, in->a, (int)in->an, SQLITE_STATIC);
    sqlite3_bind_blob(st, 2, sig, (int)sizeof(sig), SQLITE_STATIC);
    while( sqlite3_step(st) == SQLITE_ROW ) check_unit(st, in);
    sqlite3_finalize(st);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  sqlite3 *db = fuzz_db();
  fuzz_args in;
  if( !fuzz_split(data, size, options,
                  (int)(sizeof(options) / sizeof(options[0])), &in) ){
    return 0;
  }
  fuzz_run(db, "SELECT start, \"end\", byte_start, byte_end,"
               " substr(?1, start + 1, \"end\" - start)"
               " = CAST(substr(CAST(?1 AS BLOB), byte_start + 1,"
               "               byte_end - byte_start) AS TEXT)"
               " FROM shingles(?1, ?3, ?4)", &in, check_shingle);
  fuzz_run(db, "SELECT jaccard(?1, ?2, ?3, ?4), containment(?1, ?2, ?3, ?4),"
               " minhash_jaccard(minhash(?1, ?3, ?4), minhash(?2, ?3, ?4)),"
               " minhash_containment(minhash(?1, ?3, ?4),"
               "                     minhash(?2, ?3, ?4))", &in, check_unit);
  fuzz_run(db, "SELECT jaccard(?1, ?1, ?3, ?4), ?2", &in, check_self);
  fuzz_run(db, "SELECT hamming(simhash(?1, ?3, ?4), simhash(?2, ?3, ?4))",
           &in, NULL);
  fuzz_run(db, "SELECT a_start, a_end, b_start, b_end,"
               " substr(?1, a_start + 1, a_end - a_start) = a_text,"
               " substr(?2, b_start + 1, b_end - b_start) = b_text, words"
               " FROM shared_passages(?1, ?2, ?3, ?4)", &in, check_passage);
  fuzz_blobs(db, &in);
  return 0;
}
