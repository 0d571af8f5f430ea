/*
** fuzz_quotes.c -- libFuzzer target: quotes(), quote_key() and
** quote_similarity() on random bytes as TEXT, with a random language.
** Besides crashes and sanitizer reports it checks what quotes() promises
** of every row: the quote is substr(document, start+1, end-start), its
** bytes are at byte_start, a parent comes before its child,
** and the speaker's offsets lie inside the document.
*/
#include "fuzz.h"

static const char *const options[] = { "", NULL };

static void check_quote(sqlite3_stmt *st, const fuzz_args *in){
  long doc_chars = sqlite3_column_int64(st, 7);
  fuzz_check_span(st, 0, 4, in);
  if( !sqlite3_column_int(st, 5) || !sqlite3_column_int(st, 6) ) __builtin_trap();
  if( sqlite3_column_type(st, 8) != SQLITE_NULL ){
    long ss = sqlite3_column_int64(st, 8), se = sqlite3_column_int64(st, 9);
    if( ss < 0 || se <= ss || se > doc_chars ) __builtin_trap();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  sqlite3 *db = fuzz_db();
  fuzz_args in;
  if( !fuzz_split(data, size, options,
                  (int)(sizeof(options) / sizeof(options[0])), &in) ){
    return 0;
  }
  fuzz_run(db, "SELECT q.start, q.\"end\", q.byte_start, q.byte_end, q.quote,"
               " substr(?1, q.start + 1, q.\"end\" - q.start) = q.quote,"
               " q.parent IS NULL OR q.parent < q.rowid,"
               " length(?1), q.speaker_start, q.speaker_end"
               " FROM quotes(?1, ?3) q", &in, check_quote);
  fuzz_run(db, "SELECT quote_key(?1, ?3), quote_similarity(?1, ?2, ?3)",
           &in, NULL);
  return 0;
}
