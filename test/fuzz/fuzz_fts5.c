/*
** fuzz_fts5.c -- libFuzzer target: the FTS5 tokenizer snowball.  Each
** input creates a table with a tokenizer spec made from its first bytes
** (languages, options, a parent tokenizer, valid or not), indexes text a,
** queries it with text b as an FTS5 expression and as a prefix query, and
** drops the table.
*/
#include <stdio.h>
#include "fuzz.h"

static const char *const specs[] = {
  "snowball", "snowball en", "snowball english surface 1",
  "snowball french german unicode61", "snowball russian stopwords 0",
  "snowball spanish diacritics remove", "snowball none",
  "snowball english unicode61 remove_diacritics 2", "snowball ascii",
  "snowball klingon", "snowball english surface", "snowball porter porter",
  "snowball english \"stopwords=0\"", "snowball auto",
};
#define NSPECS ((int)(sizeof(specs) / sizeof(specs[0])))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  sqlite3 *db = fuzz_db();
  static const char *const no_options[] = {""};
  fuzz_args in;
  char create[200];
  if( !fuzz_split(data, size, no_options, 1, &in) ) return 0;
  snprintf(create, sizeof(create),
           "CREATE VIRTUAL TABLE temp.f USING fts5(body, tokenize='%s')",
           specs[in.choice % NSPECS]);
  if( sqlite3_exec(db, create, NULL, NULL, NULL) != SQLITE_OK ) return 0;
  fuzz_run(db, "INSERT INTO temp.f(body) VALUES(?1)", &in, NULL);
  fuzz_run(db, "SELECT count(*) FROM temp.f WHERE f MATCH ?2", &in, NULL);
  fuzz_run(db, "SELECT count(*) FROM temp.f WHERE f MATCH"
               " '\"' || replace(?2, '\"', '') || '\"*'", &in, NULL);
  fuzz_run(db, "SELECT highlight(f, 0, '[', ']') FROM temp.f"
               " WHERE f MATCH 'a OR the OR ' || quote(?2)", &in, NULL);
  sqlite3_exec(db, "DROP TABLE temp.f", NULL, NULL, NULL);
  return 0;
}
