/*
** fuzz.c -- the helpers of fuzz.h.  The extension is registered with
** sqlite3_auto_extension(), as a program that links libnewsroom.a does.
*/
#include <string.h>
#include "fuzz.h"
#include "newsroom.h"

static const char *const languages[] = {
  "english", "en", "FRENCH", "german", "russian", "greek", "arabic",
  "turkish", "irish", "hindi", "none", "auto", "porter", "klingon", "",
  NULL,
};
#define NLANGUAGES ((int)(sizeof(languages) / sizeof(languages[0])))

sqlite3 *fuzz_db(void){
  static sqlite3 *db = NULL;
  if( db == NULL ){
    sqlite3_auto_extension((void (*)(void))sqlite3_newsroom_init);
    if( sqlite3_open(":memory:", &db) != SQLITE_OK ) __builtin_trap();
    /* a bad input may ask for a lot: keep each value under 10 MB */
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 10000000);
  }
  return db;
}

int fuzz_split(const uint8_t *data, size_t size, const char *const *opts,
               int nopts, fuzz_args *out){
  const uint8_t *sep;
  if( size < 3 ) return 0;
  out->lang = languages[data[0] % NLANGUAGES];
  out->opts = opts[data[1] % nopts];
  out->choice = data[2];
  data += 3;
  size -= 3;
  sep = memchr(data, 0xFF, size);
  out->a = data;
  out->an = sep ? (size_t)(sep - data) : size;
  out->b = sep ? sep + 1 : data + size;
  out->bn = sep ? size - out->an - 1 : 0;
  return 1;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *z){
  if( z ) sqlite3_bind_text(st, i, z, -1, SQLITE_STATIC);
  else sqlite3_bind_null(st, i);
}

int fuzz_run(sqlite3 *db, const char *sql, const fuzz_args *in,
             void (*check)(sqlite3_stmt *, const fuzz_args *)){
  sqlite3_stmt *st;
  int rc;
  if( sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ){
    return sqlite3_errcode(db);
  }
  sqlite3_bind_text(st, 1, (const char *)in->a, (int)in->an, SQLITE_STATIC);
  if( sqlite3_bind_parameter_count(st) >= 2 ){
    sqlite3_bind_text(st, 2, (const char *)in->b, (int)in->bn, SQLITE_STATIC);
  }
  if( sqlite3_bind_parameter_count(st) >= 3 ) bind_text_or_null(st, 3, in->lang);
  if( sqlite3_bind_parameter_count(st) >= 4 ) bind_text_or_null(st, 4, in->opts);
  while( (rc = sqlite3_step(st)) == SQLITE_ROW ){
    if( check ) check(st, in);
  }
  sqlite3_finalize(st);
  return rc;
}

void fuzz_check_span(sqlite3_stmt *st, int col, int text_col,
                     const fuzz_args *in){
  long start = sqlite3_column_int64(st, col);
  long end = sqlite3_column_int64(st, col + 1);
  long bstart = sqlite3_column_int64(st, col + 2);
  long bend = sqlite3_column_int64(st, col + 3);
  if( start < 0 || end <= start || bstart < 0 || bend <= bstart ) __builtin_trap();
  if( (size_t)bend > in->an ) __builtin_trap();
  if( text_col >= 0 ){
    const void *text = sqlite3_column_text(st, text_col);
    int bytes = sqlite3_column_bytes(st, text_col);
    if( bend - bstart != bytes ) __builtin_trap();
    if( memcmp(in->a + bstart, text, (size_t)bytes) ) __builtin_trap();
  }
}
