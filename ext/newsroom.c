/*
** newsroom.c -- the extension's entry point and its own functions:
**   newsroom_version()   the version in the VERSION file
**   newsroom_debug()     versions of SQLite, libstemmer and utf8proc, the
**                        build, and a fingerprint of the stemmers' output
** sqlite3_newsroom_init registers every capability on a connection; doing
** it twice is harmless: the second load finds the first and does nothing.
*/
#include <string.h>
#include <utf8proc.h>
#include "args.h"
SQLITE_EXTENSION_INIT1

#ifndef NEWSROOM_VERSION
# define NEWSROOM_VERSION "unknown"
#endif
#ifndef NEWSROOM_LIBSTEMMER_VERSION
# define NEWSROOM_LIBSTEMMER_VERSION "unknown"
#endif
#ifndef NEWSROOM_BUILD_FLAGS
# define NEWSROOM_BUILD_FLAGS ""
#endif
#define MIN_SQLITE_VERSION 3040000

int nr_register_stem(sqlite3 *db, nr_conn *c);
int nr_register_tokens(sqlite3 *db, nr_conn *c);
int nr_register_languages(sqlite3 *db);
int nr_register_fts5(sqlite3 *db);
int nr_register_similarity(sqlite3 *db, nr_conn *c);
int nr_register_quotes(sqlite3 *db, nr_conn *c);
int nr_register_lsh(sqlite3 *db, nr_conn *c);

static void version_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  (void)argc; (void)argv;
  sqlite3_result_text(ctx, NEWSROOM_VERSION, -1, SQLITE_STATIC);
}

/* A hash of every algorithm's stems for a fixed list of words: two builds
** that stem differently (another Snowball release) disagree here, and an
** index that stored the fingerprint can tell. */
static unsigned stemmer_fingerprint(nr_analyzer *an, int *ok){
  static const char *const probes[] = {
    "negotiations", "manifestaciones", "nationalité", "regierungen",
    "протестующие", "διαδηλωτές", "universities", "generously", "ábhair",
    "ஆர்ப்பாட்டம்", "kazakhstan", "arrested", "nations", "organizzazioni",
  };
  unsigned h = 2166136261u;
  int lang;
  size_t i, j;
  *ok = 1;
  for(lang = 0; lang < nr_lang_count(); lang++){
    for(i = 0; i < sizeof(probes) / sizeof(probes[0]); i++){
      nr_term t;
      if( nr_analyze(an, lang, NR_TOKEN_WORD, probes[i], strlen(probes[i]), 0,
                     &t) ){
        *ok = 0;
        return 0;
      }
      for(j = 0; j < t.stem_n; j++){
        h = (h ^ (unsigned char)t.stem[j]) * 16777619u;
      }
      h = (h ^ 0xff) * 16777619u;
    }
  }
  return h;
}

static void debug_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  nr_conn *c = sqlite3_user_data(ctx);
  uint64_t hits, misses;
  int ok;
  unsigned fp = stemmer_fingerprint(c->an, &ok);
  char *s;
  (void)argc; (void)argv;
  if( !ok ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  nr_analyzer_stats(c->an, &hits, &misses);
  s = sqlite3_mprintf(
      "newsroom %s\n"
      "sqlite %s (built against %s)\n"
      "libstemmer %s (%d algorithms, stem fingerprint %08x)\n"
      "utf8proc %s (Unicode %s)\n"
      "build %s\n"
      "stem cache hits %llu, misses %llu on this connection\n"
      "minhash_lsh query caches %lld bytes, %llu loads, %llu queries "
      "answered on this connection\n",
      NEWSROOM_VERSION, sqlite3_libversion(), SQLITE_VERSION,
      NEWSROOM_LIBSTEMMER_VERSION, nr_lang_count(), fp,
      utf8proc_version(), utf8proc_unicode_version(), NEWSROOM_BUILD_FLAGS,
      (unsigned long long)hits, (unsigned long long)misses,
      c->lsh_cache_bytes, c->lsh_cache_loads, c->lsh_cache_queries);
  if( s == NULL ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_text(ctx, s, -1, sqlite3_free);
}

static int register_own(sqlite3 *db, nr_conn *c){
  int rc = sqlite3_create_function_v2(db, "newsroom_version", 0,
      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
      version_func, NULL, NULL, NULL);
  if( rc == SQLITE_OK ){
    /* not innocuous: it reports on the build, for people, not schemas */
    rc = sqlite3_create_function_v2(db, "newsroom_debug", 0, SQLITE_UTF8,
        nr_conn_ref(c), debug_func, NULL, NULL, nr_conn_unref);
  }
  return rc;
}

/* Replacing a function fails with SQLITE_BUSY while a statement runs, and
** SELECT load_extension() is such a statement: a second load therefore
** keeps what the first registered instead of registering it again. */
static int already_loaded(sqlite3 *db){
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(db, "SELECT newsroom_version()", -1, &stmt,
                              NULL);
  sqlite3_finalize(stmt);
  return rc == SQLITE_OK;
}

#ifdef _WIN32
__declspec(dllexport)
#endif
__attribute__((visibility("default")))
int sqlite3_newsroom_init(sqlite3 *db, char **err,
                          const sqlite3_api_routines *api){
  nr_conn *c;
  int rc;
  SQLITE_EXTENSION_INIT2(api);
  if( sqlite3_libversion_number() < MIN_SQLITE_VERSION ){
    *err = sqlite3_mprintf("newsroom needs SQLite 3.40.0 or newer; "
                           "this is %s", sqlite3_libversion());
    return SQLITE_ERROR;
  }
  if( already_loaded(db) ) return SQLITE_OK;
  c = nr_conn_new();
  if( c == NULL ) return SQLITE_NOMEM;
  rc = register_own(db, c);
  if( rc == SQLITE_OK ) rc = nr_register_stem(db, c);
  if( rc == SQLITE_OK ) rc = nr_register_tokens(db, c);
  if( rc == SQLITE_OK ) rc = nr_register_languages(db);
  if( rc == SQLITE_OK ) rc = nr_register_fts5(db);
  if( rc == SQLITE_OK ) rc = nr_register_similarity(db, c);
  if( rc == SQLITE_OK ) rc = nr_register_quotes(db, c);
  if( rc == SQLITE_OK ) rc = nr_register_lsh(db, c);
  nr_conn_unref(c);      /* the registrations hold their own references */
  if( rc != SQLITE_OK ){
    *err = sqlite3_mprintf("newsroom: could not register its functions: %s",
                           sqlite3_errstr(rc));
  }
  return rc;
}
