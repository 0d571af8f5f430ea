/*
** similarity_core.c -- the C core's side of make bench-similarity: times,
** without SQLite's per-call and per-row costs, what minhash() is made of
** on the same documents, so that its ratio to its ceiling is fair:
**   tokenize      scanner + nr_analyze of every token (fold, stem)
**   shingle hash  the above plus the shingle hashes (nr_shingle_each)
**   minhash       nr_minhash_text, 128 perms, n=3
** CPU seconds of this process, best of REPS.
**
**   similarity_core DB REPS   (DB: a table docs(body) of the bodies)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>
#include "newsroom.h"
#include "../testutil.h"

void *nr_realloc(void *p, size_t n){ return realloc(p, n); }
void nr_free(void *p){ free(p); }

typedef struct doc { char *text; size_t n; } doc;
static doc *docs;
static size_t ndocs, nbytes;
static volatile uint64_t sink;

static void tokenize(nr_analyzer *a, int lang){
  size_t d;
  uint64_t s = 0;
  for(d = 0; d < ndocs; d++){
    nr_scanner sc;
    nr_token tok;
    nr_scanner_init(&sc, docs[d].text, docs[d].n);
    sc.words_only = 1;
    while( nr_scanner_next(&sc, &tok) ){
      nr_term t;
      if( nr_analyze(a, lang, tok.kind, docs[d].text + tok.byte_start,
                     tok.byte_end - tok.byte_start, NR_OPT_NO_STOPWORDS, &t) ) exit(1);
      s += t.stem_n;
    }
  }
  sink = s;
}

static int add_hash(void *ctx, uint64_t h){
  *(uint64_t *)ctx ^= h;
  return 0;
}

static void shingle_hash(nr_analyzer *a, int lang){
  size_t d;
  uint64_t s = 0;
  for(d = 0; d < ndocs; d++){
    if( nr_shingle_each(a, lang, 3, 1, docs[d].text, docs[d].n, add_hash, &s) ){
      exit(1);
    }
  }
  sink = s;
}

static void minhash(nr_analyzer *a, int lang){
  unsigned char out[NR_SIG_BYTES(128)];
  nr_sign_opts o;
  size_t d;
  o.lang = lang;
  o.n = 3;
  o.perms = 128;
  o.keep_stopwords = 1;
  o.seed = 0;
  for(d = 0; d < ndocs; d++){
    if( nr_minhash_text(a, &o, docs[d].text, docs[d].n, out) ) exit(1);
    sink ^= out[NR_SIG_HEADER];
  }
}

int main(int argc, char **argv){
  sqlite3 *db;
  sqlite3_stmt *st;
  nr_analyzer *a;
  int reps = argc > 2 ? atoi(argv[2]) : 3, r, l, f;
  static const char *lname[2] = {"none", "english"};
  static const char *fname[3] = {"tokenize", "shingle hash", "minhash"};
  void (*fn[3])(nr_analyzer *, int) = {tokenize, shingle_hash, minhash};
  double best[2][3];
  if( argc < 2 || sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, 0)
   || sqlite3_prepare_v2(db, "SELECT body FROM docs", -1, &st, 0) ){
    fprintf(stderr, "usage: similarity_core DB [REPS]\n");
    return 1;
  }
  while( sqlite3_step(st) == SQLITE_ROW ){
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    if( ndocs % 1024 == 0 ) docs = realloc(docs, (ndocs + 1024) * sizeof(*docs));
    docs[ndocs].text = malloc(n + 1);
    memcpy(docs[ndocs].text, sqlite3_column_text(st, 0), n + 1);
    docs[ndocs++].n = n;
    nbytes += n;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  a = nr_analyzer_new();
  for(l = 0; l < 2; l++) for(f = 0; f < 3; f++) best[l][f] = 1e9;
  for(r = 0; r < reps; r++){
    for(l = 0; l < 2; l++){
      int lang = l ? nr_lang_find("english", 7) : NR_LANG_NONE;
      for(f = 0; f < 3; f++){
        double t0 = test_cpu_seconds(), dt;
        fn[f](a, lang);
        dt = test_cpu_seconds() - t0;
        if( dt < best[l][f] ) best[l][f] = dt;
      }
    }
  }
  printf("core, no SQL: %zu documents, %.1f MB, best of %d, CPU seconds\n",
         ndocs, nbytes / 1e6, reps);
  for(l = 0; l < 2; l++){
    for(f = 0; f < 3; f++){
      printf("  %-8s %-13s %7.3f s %7.1f MB/s\n", lname[l], fname[f],
             best[l][f], nbytes / 1e6 / best[l][f]);
    }
    printf("  %-8s minhash at %.0f%% of the tokenize+shingle hash ceiling, "
           "%.0f%% of tokenize alone\n", lname[l],
           100 * best[l][1] / best[l][2], 100 * best[l][0] / best[l][2]);
  }
  nr_analyzer_free(a);
  for(r = 0; r < (int)ndocs; r++) free(docs[r].text);
  free(docs);
  return 0;
}
