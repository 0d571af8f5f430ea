/*
** fuzz.h -- what the libFuzzer targets in test/fuzz/ share: a connection
** with the extension linked in, and a way to cut an input into the
** arguments of a call (texts, a language, an options string).
*/
#ifndef NEWSROOM_FUZZ_H
#define NEWSROOM_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

/* The pieces of one input: its first bytes choose the language and the
** options (valid, invalid and NULL ones among them); the rest is split
** at the first 0xFF byte into two texts a and b (b empty without one). */
typedef struct fuzz_args {
  const char *lang, *opts;           /* NULL: bound as SQL NULL */
  const uint8_t *a, *b;
  size_t an, bn;
  unsigned choice;                   /* a byte for the target's own use */
} fuzz_args;

/* One connection for the process, opened on the first call. */
sqlite3 *fuzz_db(void);
/* 0 when the input is too short to give arguments. */
int fuzz_split(const uint8_t *data, size_t size, const char *const *opts,
               int nopts, fuzz_args *out);
/* Runs sql with ?1 = a and ?2 = b (as TEXT, whatever their bytes), ?3 =
** lang and ?4 = opts, stepping every row; returns the last step's rc.
** If check is not NULL it is called for each row. */
int fuzz_run(sqlite3 *db, const char *sql, const fuzz_args *in,
             void (*check)(sqlite3_stmt *, const fuzz_args *));
/* Traps unless columns col..col+3 of the row are start, end, byte_start
** and byte_end of a non-empty span of text a, and, when text_col is not
** negative, that column holds the span's bytes. */
void fuzz_check_span(sqlite3_stmt *st, int col, int text_col,
                     const fuzz_args *in);
#endif
