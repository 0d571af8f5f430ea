/*
** fuzz_text.c -- libFuzzer target: stem(), stem_text(), is_stopword(),
** detect_language() and tokens() on random bytes as TEXT, with a random
** language and options string.  Besides crashes and sanitizer reports it
** checks what tokens() promises of every row it returns: the token is
** substr(document, start+1, end-start), its bytes are at byte_start, and
** offsets grow.
*/
#include "fuzz.h"

static const char *const options[] = {
  "", "stopwords=0", "diacritics=remove", "stopwords=0 diacritics=remove",
  "stopwords=2", "diacritics=maybe", "bogus=1", "stopwords", "  ", NULL,
};

static void check_token(sqlite3_stmt *st, const fuzz_args *in){
  static long last_start = -1;
  long start = sqlite3_column_int64(st, 1);
  if( sqlite3_column_int64(st, 0) == 0 ) last_start = -1;
  fuzz_check_span(st, 1, 5, in);
  if( !sqlite3_column_int(st, 6) ) __builtin_trap();
  if( start <= last_start ) __builtin_trap();
  last_start = start;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  sqlite3 *db = fuzz_db();
  fuzz_args in;
  if( !fuzz_split(data, size, options,
                  (int)(sizeof(options) / sizeof(options[0])), &in) ){
    return 0;
  }
  fuzz_run(db, "SELECT stem(?1, ?3, ?4), stem_text(?1, ?3, ?4),"
               " is_stopword(?1, ?3), detect_language(?1)", &in, NULL);
  fuzz_run(db, "SELECT stem(?2, ?3), stem_text(?2, ?3, ?4)", &in, NULL);
  fuzz_run(db, "SELECT pos, start, \"end\", byte_start, byte_end, token,"
               " substr(?1, start + 1, \"end\" - start) = token"
               " FROM tokens(?1, ?3, ?4)", &in, check_token);
  return 0;
}
