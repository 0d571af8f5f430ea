/*
** stem.c -- the scalar text functions:
**   stem(word [, lang [, options]])          case-fold, then Snowball
**   stem_text(document [, lang [, options]])  every token's stem, spaced
**   is_stopword(word [, lang])                1 if in the language's list
**   detect_language(document)                 'english', ... or NULL
** Options: diacritics=keep|remove (after stemming), and for stem_text
** stopwords=1|0 (0 leaves stopwords out).
*/
#include <string.h>
#include "args.h"

#define STEM_MAX_INPUT 1000000   /* stem() takes words, not documents */

static const char *const diacritics_choices[] = {"keep", "remove", NULL};
static const char *const bool_choices[] = {"0", "1", NULL};

enum { OPT_DIACRITICS, OPT_STOPWORDS };

static int analyzer_opts(const nr_option *opts){
  return opts[OPT_DIACRITICS].value ? NR_OPT_STRIP_DIACRITICS : 0;
}

/* Reads the document-language-options triple every function here takes.
** Returns 0, 1 for a NULL document, or -1 with the error reported. */
static int read_args(sqlite3_context *ctx, const char *fn, int argc,
                     sqlite3_value **argv, nr_option *opts, int nopts,
                     const char **z, int *n, int *lang){
  nr_conn *c = sqlite3_user_data(ctx);
  char *err = NULL;
  int rc = nr_arg_text(fn, argv[0], 1, z, n, &err);
  if( rc == 0 ) rc = nr_arg_lang_cached(ctx, fn, argc, argv, 1, lang, &err);
  if( rc == 0 ){
    rc = nr_arg_options_cached(ctx, fn, argc, argv, 2, opts, nopts, &err);
  }
  if( rc == 0 && nr_resolve_lang(c, *lang, *z, *n, lang) ){
    rc = -1;
    err = NULL;
  }
  if( rc < 0 ) nr_result_error(ctx, err);
  return rc;
}

/* The result of stem() on a short ASCII word (no NUL inside), handed to
** SQLite NUL-terminated: then SQLite marks it so, and a function reading
** it as text (length(), lower()) need not copy it to add the NUL, which
** cost more than stemming the word. */
static void result_short(sqlite3_context *ctx, const char *z, size_t n){
  char buf[NR_STEM_MAX_BYTES + 1];
  if( n > NR_STEM_MAX_BYTES ){
    nr_result_text(ctx, "stem", z, n);
    return;
  }
  memcpy(buf, z, n);
  buf[n] = 0;
  if( (int)n > sqlite3_limit(sqlite3_context_db_handle(ctx),
                             SQLITE_LIMIT_LENGTH, -1) ){
    nr_result_text(ctx, "stem", z, n);    /* says so, as any result */
    return;
  }
  sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

static void stem_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  nr_conn *c = sqlite3_user_data(ctx);
  nr_option opts[] = {
    {"diacritics", NR_OPTION_CHOICE, 0, 0, diacritics_choices, 0},
  };
  const char *z;
  int n, lang;
  nr_term t;
  if( sqlite3_value_type(argv[0]) == SQLITE_TEXT ){
    /* the common case, a short ASCII word: nr_analyze_ascii's test of its
    ** bytes is all the checking of the text it needs, and the language
    ** and options are parsed once per statement */
    char *err = NULL;
    z = (const char *)sqlite3_value_text(argv[0]);
    n = sqlite3_value_bytes(argv[0]);
    if( z && nr_arg_lang_cached(ctx, "stem", argc, argv, 1, &lang, &err) == 0
     && nr_arg_options_cached(ctx, "stem", argc, argv, 2, opts, 1, &err) == 0
     && lang != NR_LANG_AUTO ){
      int r = nr_analyze_ascii(c->an, lang, NR_TOKEN_WORD, z, (size_t)n,
                               analyzer_opts(opts) | NR_OPT_NO_STOPWORDS, &t);
      if( r > 0 ){
        result_short(ctx, t.stem, t.stem_n);
        return;
      }
      if( r < 0 ){
        sqlite3_result_error_nomem(ctx);
        return;
      }
    }
    sqlite3_free(err);     /* read_args says it again, in its order */
  }
  if( read_args(ctx, "stem", argc, argv, opts, 1, &z, &n, &lang) ) return;
  if( n > STEM_MAX_INPUT ){
    nr_result_error(ctx, sqlite3_mprintf("stem(): a word of %d bytes is "
        "longer than %d; use stem_text() for documents", n, STEM_MAX_INPUT));
    return;
  }
  if( nr_analyze(c->an, lang, NR_TOKEN_WORD, z, (size_t)n,
                 analyzer_opts(opts) | NR_OPT_NO_STOPWORDS, &t) ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  nr_result_text(ctx, "stem", t.stem, t.stem_n);
}

static void stem_text_func(sqlite3_context *ctx, int argc,
                           sqlite3_value **argv){
  nr_conn *c = sqlite3_user_data(ctx);
  nr_option opts[] = {
    {"diacritics", NR_OPTION_CHOICE, 0, 0, diacritics_choices, 0},
    {"stopwords", NR_OPTION_CHOICE, 0, 0, bool_choices, 1},
  };
  const char *z;
  int n, lang;
  nr_scanner sc;
  nr_token tok;
  nr_term t;
  nr_buf out = {0};
  int aopts, r;
  if( read_args(ctx, "stem_text", argc, argv, opts, 2, &z, &n, &lang) ) return;
  nr_scanner_init(&sc, z, (size_t)n);
  sc.words_only = 1;
  aopts = analyzer_opts(opts)
        | (opts[OPT_STOPWORDS].value ? NR_OPT_NO_STOPWORDS : 0);
  /* stems are seldom longer than their words, and the spaces between
  ** them are no more than the gaps between words: one reservation
  ** nearly always holds the result */
  if( nr_buf_reserve(&out, (size_t)n + 1) ) goto oom;
  while( (r = nr_analyze_next(c->an, &sc, lang, aopts, &tok, &t)) > 0 ){
    if( t.stopword && opts[OPT_STOPWORDS].value == 0 ) continue;
    /* Irish Snowball stems the elided "m'" of "m'ainm" to nothing: no
    ** empty word between two spaces */
    if( t.stem_n == 0 ) continue;
    if( out.cap - out.n < t.stem_n + 1 ){
      if( nr_buf_reserve(&out, t.stem_n + 1) ) goto oom;
    }
    if( out.n ) out.p[out.n++] = ' ';
    memcpy(out.p + out.n, t.stem, t.stem_n);
    out.n += t.stem_n;
  }
  if( r < 0 ) goto oom;
  if( out.n == 0 || out.n > (size_t)sqlite3_limit(
          sqlite3_context_db_handle(ctx), SQLITE_LIMIT_LENGTH, -1) ){
    nr_result_text(ctx, "stem_text", out.n ? out.p : "", out.n);
    nr_buf_free(&out);
    return;
  }
  /* the buffer is SQLite's memory: hand it over rather than copy it */
  sqlite3_result_text64(ctx, out.p, out.n, sqlite3_free, SQLITE_UTF8);
  return;
oom:
  nr_buf_free(&out);
  sqlite3_result_error_nomem(ctx);
}

static void is_stopword_func(sqlite3_context *ctx, int argc,
                             sqlite3_value **argv){
  nr_conn *c = sqlite3_user_data(ctx);
  const char *z;
  int n, lang, rc;
  nr_term t;
  if( read_args(ctx, "is_stopword", argc, argv, NULL, 0, &z, &n, &lang) ){
    return;
  }
  if( nr_analyze(c->an, lang, NR_TOKEN_WORD, z, (size_t)n, NR_OPT_NO_STEM,
                 &t) ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  rc = t.stopword;
  sqlite3_result_int(ctx, rc);
}

static void detect_language_func(sqlite3_context *ctx, int argc,
                                 sqlite3_value **argv){
  nr_conn *c = sqlite3_user_data(ctx);
  const char *z;
  int n, lang;
  char *err = NULL;
  int rc = nr_arg_text("detect_language", argv[0], 1, &z, &n, &err);
  (void)argc;
  if( rc == 1 ) return;
  if( rc < 0 ){
    nr_result_error(ctx, err);
    return;
  }
  lang = nr_detect_language(c->an, z, (size_t)n);
  if( lang == NR_LANG_UNKNOWN ){
    sqlite3_result_error_nomem(ctx);
  }else if( lang >= 0 ){
    sqlite3_result_text(ctx, nr_lang_name(lang), -1, SQLITE_STATIC);
  }
}

static const nr_func_def funcs[] = {
  {"stem", 1, 3, "stem(word [, lang [, options]])", stem_func, 0},
  {"stem_text", 1, 3, "stem_text(document [, lang [, options]])",
   stem_text_func, 0},
  {"is_stopword", 1, 2, "is_stopword(word [, lang])", is_stopword_func, 0},
  {"detect_language", 1, 1, "detect_language(document)",
   detect_language_func, 0},
};
#define NFUNCS ((int)(sizeof(funcs) / sizeof(funcs[0])))

int nr_register_stem(sqlite3 *db, nr_conn *c){
  return nr_register_functions(db, c, funcs, NFUNCS);
}
