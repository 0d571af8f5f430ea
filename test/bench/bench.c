/*
** bench.c -- throughput of newsroom's tokenizing and stemming, side by side
** with raw libstemmer and FTS5's own tokenizers, in one run on one corpus.
**
**   bench NEWSROOM_SO CORPUS [REPS [BEFORE_SO]]
**
** CORPUS holds the documents separated by form feeds (test/bench/reuters.py
** writes Reuters-21578 so).  Every figure is the best of REPS runs (default
** 3), the runs of competing variants interleaved so that a busy machine
** slows them alike.  Times are CPU seconds of this process.  Prints a
** table; test/bench/RESULTS.md records one.  With BEFORE_SO, another build
** of the extension (e.g. main's) is measured in the same run, its runs
** interleaved with this one's, for before/after figures side by side.
** With BENCH_ONLY=fts in the environment only the FTS5 builds are timed
** (the quick loop when working on the tokenizer).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>
#include <libstemmer.h>
#include "../testutil.h"

/* CPU time, not wall time: the machines this runs on are shared, and
** waiting for a core is not the code's cost.  (Single-threaded, so CPU time
** is the work done.) */
static double now(void){
  return test_cpu_seconds();
}

static void die(sqlite3 *db, const char *what){
  fprintf(stderr, "bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
  exit(1);
}

static void exec(sqlite3 *db, const char *sql){
  char *err = NULL;
  if( sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK ){
    fprintf(stderr, "bench: %s\n  in: %s\n", err, sql);
    exit(1);
  }
}

/* Runs sql and returns the seconds it took; *out gets the first column of
** its (one) row. */
static double timed(sqlite3 *db, const char *sql, sqlite3_int64 *out){
  sqlite3_stmt *st;
  double t0;
  int rc;
  if( sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ) die(db, sql);
  t0 = now();
  while( (rc = sqlite3_step(st)) == SQLITE_ROW ){
    if( out ) *out = sqlite3_column_int64(st, 0);
  }
  t0 = now() - t0;
  if( rc != SQLITE_DONE ) die(db, sql);
  sqlite3_finalize(st);
  return t0;
}

static char *read_all(const char *path, size_t *n){
  char *buf = test_read_file(path, n);
  if( buf == NULL ) exit(1);
  return buf;
}

/* The raw baseline: a plain tokenize-and-stem loop, as a program calling
** libstemmer directly would write it: ASCII letters and digits (and any
** byte >= 0x80) make words, ASCII is lower-cased, each word is handed to
** sb_stemmer_stem.  No cache. */
static double raw_libstemmer(const char *text, size_t n, long *words,
                             long *checksum){
  struct sb_stemmer *sb = sb_stemmer_new("english", "UTF_8");
  unsigned char w[256];
  size_t i = 0, len;
  double t0 = now();
  *words = 0;
  *checksum = 0;
  while( i < n ){
    unsigned char c = (unsigned char)text[i];
    int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
             || (c >= '0' && c <= '9') || c >= 0x80;
    if( !alnum ){ i++; continue; }
    len = 0;
    while( i < n ){
      c = (unsigned char)text[i];
      if( !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
         || (c >= '0' && c <= '9') || c >= 0x80) ) break;
      if( len < sizeof(w) ) w[len++] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
      i++;
    }
    sb_stemmer_stem(sb, w, (int)len);
    *checksum += sb_stemmer_length(sb);
    (*words)++;
  }
  t0 = now() - t0;
  sb_stemmer_delete(sb);
  return t0;
}

/* libstemmer on words already cut and folded: the stemming alone. */
static double raw_stem_only(char **words, int *lens, long nwords){
  struct sb_stemmer *sb = sb_stemmer_new("english", "UTF_8");
  long i, sum = 0;
  double t0 = now();
  for(i = 0; i < nwords; i++){
    sb_stemmer_stem(sb, (const sb_symbol *)words[i], lens[i]);
    sum += sb_stemmer_length(sb);
  }
  t0 = now() - t0;
  sb_stemmer_delete(sb);
  if( sum < 0 ) puts("");   /* keep the loop */
  return t0;
}

static double min2(double a, double b){ return a < b ? a : b; }

/* An in-memory database with the extension at so loaded, the documents in
** docs(body) and the tokens (as tokens() cuts them) in words(w, norm). */
static sqlite3 *open_db(const char *so, const char *text, size_t n,
                        int *ndocs){
  sqlite3 *db;
  sqlite3_stmt *ins;
  char *err = NULL;
  const char *p, *end;
  if( sqlite3_open(":memory:", &db) != SQLITE_OK ) die(db, "open");
  sqlite3_enable_load_extension(db, 1);
  if( sqlite3_load_extension(db, so, "sqlite3_newsroom_init", &err)
      != SQLITE_OK ){
    fprintf(stderr, "bench: cannot load %s: %s\n", so, err);
    exit(1);
  }
  exec(db, "CREATE TABLE docs(body TEXT); BEGIN");
  if( sqlite3_prepare_v2(db, "INSERT INTO docs VALUES(?)", -1, &ins, NULL) ){
    die(db, "insert");
  }
  *ndocs = 0;
  for(p = text; p < text + n; p = end + 1){
    end = memchr(p, '\f', (size_t)(text + n - p));
    if( end == NULL ) end = text + n;
    sqlite3_bind_text(ins, 1, p, (int)(end - p), SQLITE_STATIC);
    sqlite3_step(ins);
    sqlite3_reset(ins);
    (*ndocs)++;
  }
  sqlite3_finalize(ins);
  exec(db, "COMMIT");
  exec(db, "CREATE TABLE words AS SELECT t.token AS w, t.norm AS norm "
           "FROM docs, tokens(docs.body, 'none') t");
  return db;
}

/* The figures measured on one build of the extension. */
typedef struct figures {
  double stem_text, tokens, tokens_count, stem, stem_lang, lower;
  double fts[4];
} figures;

static const char *const fts[] = {
  "unicode61", "porter unicode61", "snowball english",
  "snowball english unicode61"
};

static void measure(sqlite3 *db, figures *f){
  sqlite3_int64 x = 0;
  f->stem_text = min2(f->stem_text, timed(db,
      "SELECT sum(length(stem_text(body))) FROM docs", &x));
  f->tokens = min2(f->tokens, timed(db,
      "SELECT sum(length(t.stem)) FROM docs, tokens(docs.body) t", &x));
  f->tokens_count = min2(f->tokens_count, timed(db,
      "SELECT count(*) FROM docs, tokens(docs.body) t", &x));
  f->stem = min2(f->stem, timed(db,
      "SELECT sum(length(stem(w))) FROM words", &x));
  f->stem_lang = min2(f->stem_lang, timed(db,
      "SELECT sum(length(stem(w, 'english'))) FROM words", &x));
  f->lower = min2(f->lower, timed(db,
      "SELECT sum(length(lower(w))) FROM words", &x));
}

static void measure_fts(sqlite3 *db, figures *f, int i){
  char sql[256];
  double t;
  snprintf(sql, sizeof(sql), "CREATE VIRTUAL TABLE f USING fts5(body, "
           "tokenize = '%s')", fts[i]);
  exec(db, sql);
  exec(db, "BEGIN");
  t = timed(db, "INSERT INTO f(body) SELECT body FROM docs", NULL);
  exec(db, "COMMIT");
  f->fts[i] = min2(f->fts[i], t);
  exec(db, "DROP TABLE f");
}

static void init_figures(figures *f){
  int i;
  f->stem_text = f->tokens = f->tokens_count = f->stem = f->stem_lang = 1e9;
  f->lower = 1e9;
  for(i = 0; i < 4; i++) f->fts[i] = 1e9;
}

static void print_figures(const char *title, const figures *f, double mb,
                          sqlite3_int64 ntok, double raw_rate){
  int i;
  printf("%s\n", title);
  printf("%-44s %10.3f %9.2f M words %8.1f %8.2fx\n",
         "stem_text(body)", f->stem_text, ntok / f->stem_text / 1e6,
         mb / f->stem_text, (ntok / f->stem_text) / raw_rate);
  printf("%-44s %10.3f %9.2f M words %8.1f %8.2fx\n",
         "tokens(body), reading the stem column", f->tokens,
         ntok / f->tokens / 1e6, mb / f->tokens, (ntok / f->tokens) / raw_rate);
  printf("%-44s %10.3f %9.2f M words %8.1f %8.2fx\n",
         "tokens(body), count(*) only (no stemming)", f->tokens_count,
         ntok / f->tokens_count / 1e6, mb / f->tokens_count,
         (ntok / f->tokens_count) / raw_rate);
  printf("%-44s %10.3f %9.2f M rows  %8s %8.2fx\n",
         "stem(w), one row per token", f->stem, ntok / f->stem / 1e6, "-",
         (ntok / f->stem) / raw_rate);
  printf("%-44s %10.3f %9.2f M rows  %8s %8.2fx\n",
         "stem(w, 'english')", f->stem_lang, ntok / f->stem_lang / 1e6, "-",
         (ntok / f->stem_lang) / raw_rate);
  printf("%-44s %10.3f %9.2f M rows  %8s %8s\n",
         "  (SQLite's lower(w) on the same rows)", f->lower,
         ntok / f->lower / 1e6, "-", "-");
  printf("FTS5 index build (INSERT of every document, in memory)\n");
  for(i = 0; i < 4; i++){
    printf("  %-42s %10.3f s %8.1f MB/s   %.2fx unicode61, %.2fx porter\n",
           fts[i], f->fts[i], mb / f->fts[i], f->fts[i] / f->fts[0],
           f->fts[i] / f->fts[1]);
  }
}

/* The FTS5 builds alone (BENCH_ONLY=fts), each as a ratio to this run's
** porter unicode61; before: the other build's, or NULL. */
static void print_fts_only(const figures *f, const figures *before){
  int i;
  printf("FTS5 index build (INSERT of every document, in memory)\n");
  for(i = 0; i < 4; i++){
    printf("  %-28s %7.3f s %6.3fx porter", fts[i], f->fts[i],
           f->fts[i] / f->fts[1]);
    if( before && i >= 2 ){
      printf("   before: %7.3f s %6.3fx porter", before->fts[i],
             before->fts[i] / f->fts[1]);
    }
    printf("\n");
  }
}

int main(int argc, char **argv){
  sqlite3 *db, *db_before = NULL;
  char *text;
  size_t n;
  int reps = argc > 3 ? atoi(argv[3]) : 3, r, ndocs = 0, i;
  const char *only = getenv("BENCH_ONLY");
  int fts_only = only != NULL && strcmp(only, "fts") == 0;
  long raw_words = 0, raw_sum = 0, nwords = 0;
  sqlite3_int64 ntok = 0;
  double t_raw = 1e9, t_rawstem = 1e9, raw_rate;
  figures now_f, before_f;
  char **words;
  int *lens;
  double mb;

  if( argc < 3 ){
    fprintf(stderr, "usage: bench NEWSROOM_SO CORPUS [REPS [BEFORE_SO]]\n");
    return 2;
  }
  if( reps < 1 ) reps = 1;
  text = read_all(argv[2], &n);
  mb = (double)n / 1e6;
  db = open_db(argv[1], text, n, &ndocs);
  if( argc > 4 ) db_before = open_db(argv[4], text, n, &ndocs);
  init_figures(&now_f);
  init_figures(&before_f);

  /* the words, as tokens() cuts and folds them, for stem() and for
  ** libstemmer alone */
  timed(db, "SELECT count(*) FROM words", &ntok);
  words = malloc(sizeof(char *) * (size_t)ntok);
  lens = malloc(sizeof(int) * (size_t)ntok);
  {
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT norm FROM words WHERE norm NOT GLOB '*[0-9]*'",
                       -1, &st, NULL);
    while( sqlite3_step(st) == SQLITE_ROW ){
      int len = sqlite3_column_bytes(st, 0);
      words[nwords] = malloc((size_t)len + 1);
      memcpy(words[nwords], sqlite3_column_text(st, 0), (size_t)len + 1);
      lens[nwords++] = len;
    }
    sqlite3_finalize(st);
  }

  printf("corpus: %s\n  %d documents, %.1f MB, %lld tokens (tokens()), "
         "best of %d runs\n\n", argv[2], ndocs, mb, (long long)ntok, reps);

  /* each figure's runs interleaved with the others', and with the
  ** build before's, so that a busy machine slows them alike */
  for(r = 0; r < reps && !fts_only; r++){
    t_raw = min2(t_raw, raw_libstemmer(text, n, &raw_words, &raw_sum));
    t_rawstem = min2(t_rawstem, raw_stem_only(words, lens, nwords));
    measure(db, &now_f);
    if( db_before ) measure(db_before, &before_f);
  }
  /* the build that goes second in a pair ran measurably slower (by up
  ** to 0.1x porter) in either order, so the order alternates */
  for(r = 0; r < reps; r++){
    for(i = 0; i < 4; i++){
      int before_first = db_before && i >= 2 && (r & 1);
      if( before_first ) measure_fts(db_before, &before_f, i);
      measure_fts(db, &now_f, i);
      if( db_before && i >= 2 && !before_first ){
        measure_fts(db_before, &before_f, i);
      }
    }
  }
  if( fts_only ){
    print_fts_only(&now_f, db_before ? &before_f : NULL);
  }else{
    raw_rate = raw_words / t_raw;
    printf("%-44s %10s %12s %8s %9s\n", "", "seconds", "per second", "MB/s",
           "vs raw");
    printf("%-44s %10.3f %9.2f M words %8.1f %8.2fx\n",
           "raw libstemmer: tokenize + stem loop", t_raw, raw_rate / 1e6,
           mb / t_raw, 1.0);
    printf("%-44s %10.3f %9.2f M words %8s %8.2fx\n",
           "raw libstemmer: sb_stemmer_stem alone", t_rawstem,
           nwords / t_rawstem / 1e6, "-", (nwords / t_rawstem) / raw_rate);
    print_figures("", &now_f, mb, ntok, raw_rate);
    if( db_before ){
      /* FTS5's own tokenizers are the same code in both: the ratios of the
      ** build before are to this run's unicode61 and porter */
      before_f.fts[0] = now_f.fts[0];
      before_f.fts[1] = now_f.fts[1];
      printf("\n");
      print_figures("BEFORE (the build given as BEFORE_SO, same run):",
                    &before_f, mb, ntok, raw_rate);
    }
    printf("\nraw loop: %ld words; stem-alone: %ld words (no digits); "
           "checksum %ld\n", raw_words, nwords, raw_sum);
  }
  for(i = 0; i < nwords; i++) free(words[i]);
  free(words);
  free(lens);
  free(text);
  sqlite3_close(db);
  if( db_before ) sqlite3_close(db_before);
  return 0;
}
