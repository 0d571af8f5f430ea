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
  if( rc == 0 ) rc = nr_arg_lang(fn, argc > 1 ? argv[1] : NULL, lang, &err);
  if( rc == 0 ){
    rc = nr_arg_options(fn, argc > 2 ? argv[2] : NULL, 3, opts, nopts, &err);
  }
  if( rc == 0 && nr_resolve_lang(c, *lang, *z, *n, lang) ){
    rc = -1;
    err = NULL;
  }
  if( rc < 0 ) nr_result_error(ctx, err);
  return rc;
}

static void stem_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  nr_conn *c = sqlite3_user_data(ctx);
  nr_option opts[] = {
    {"diacritics", NR_OPTION_CHOICE, 0, 0, diacritics_choices, 0},
  };
  const char *z;
  int n, lang;
  nr_term t;
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
  nr_buf out = {0};
  if( read_args(ctx, "stem_text", argc, argv, opts, 2, &z, &n, &lang) ) return;
  nr_scanner_init(&sc, z, (size_t)n);
  sc.words_only = 1;
  while( nr_scanner_next(&sc, &tok) ){
    nr_term t;
    if( nr_analyze(c->an, lang, tok.kind, z + tok.byte_start,
                   tok.byte_end - tok.byte_start, analyzer_opts(opts)
                   | (opts[OPT_STOPWORDS].value ? NR_OPT_NO_STOPWORDS : 0),
                   &t) ){
      goto oom;
    }
    if( t.stopword && opts[OPT_STOPWORDS].value == 0 ) continue;
    /* Irish Snowball stems the elided "m'" of "m'ainm" to nothing: no
    ** empty word between two spaces */
    if( t.stem_n == 0 ) continue;
    if( out.n && nr_buf_append(&out, " ", 1) ) goto oom;
    if( nr_buf_append(&out, t.stem, t.stem_n) ) goto oom;
  }
  nr_result_text(ctx, "stem_text", out.n ? out.p : "", out.n);
  nr_buf_free(&out);
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

static const struct stem_func_def {
  const char *name;
  int min_args, max_args;
  const char *usage;
  void (*fn)(sqlite3_context *, int, sqlite3_value **);
} funcs[] = {
  {"stem", 1, 3, "stem(word [, lang [, options]])", stem_func},
  {"stem_text", 1, 3, "stem_text(document [, lang [, options]])",
   stem_text_func},
  {"is_stopword", 1, 2, "is_stopword(word [, lang])", is_stopword_func},
  {"detect_language", 1, 1, "detect_language(document)",
   detect_language_func},
};
#define NFUNCS ((int)(sizeof(funcs) / sizeof(funcs[0])))

/* Registered for any number of arguments besides the right ones (SQLite
** prefers an exact match), so that a call with the wrong number fails
** with "stem(): ..." like every other error, not SQLite's own words. */
static void wrong_args_func(sqlite3_context *ctx, int argc,
                            sqlite3_value **argv){
  const struct stem_func_def *f = sqlite3_user_data(ctx);
  (void)argv;
  nr_result_error(ctx, sqlite3_mprintf("%s(): wrong number of arguments "
      "(%d): %s", f->name, argc, f->usage));
}

int nr_register_stem(sqlite3 *db, nr_conn *c){
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int i, nargs, rc = SQLITE_OK;
  for(i = 0; rc == SQLITE_OK && i < NFUNCS; i++){
    for(nargs = funcs[i].min_args; rc == SQLITE_OK && nargs <= funcs[i].max_args;
        nargs++){
      rc = sqlite3_create_function_v2(db, funcs[i].name, nargs, flags,
                                      nr_conn_ref(c), funcs[i].fn, NULL, NULL,
                                      nr_conn_unref);
    }
    if( rc == SQLITE_OK ){
      rc = sqlite3_create_function_v2(db, funcs[i].name, -1, flags,
                                      (void *)&funcs[i], wrong_args_func,
                                      NULL, NULL, NULL);
    }
  }
  return rc;
}
