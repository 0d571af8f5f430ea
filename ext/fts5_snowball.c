/*
** fts5_snowball.c -- the FTS5 tokenizer "snowball".
**
**   CREATE VIRTUAL TABLE t USING fts5(body,
**       tokenize = 'snowball [LANG ...] [OPTION VALUE ...] [PARENT ARGS...]');
**
** The syntax is fts5-snowball's, so its tables open unchanged: languages
** first (default english), then a parent tokenizer and its arguments.
** Without a parent, text is segmented by the newsroom scanner, as
** tokens() does it (apostrophes, abbreviations, URLs, CJK bigrams); with
** one (e.g. "unicode61 remove_diacritics 2") the parent's tokens are
** stemmed.  With several languages the first one whose stemmer changes a
** word stems it.  Options, as "name value" or a quoted "name=value":
** diacritics keep|remove (after stemming), stopwords 1|0, surface 0|1
** (also index the case-folded word itself at the same position, so that
** prefix queries match what was written).
**
** Prefix query terms (universit*) are folded but not stemmed: a stem is
** not a prefix of the words it stands for.  Every tokenizer instance owns
** its analyzer, so nothing is shared between connections or threads.
*/
#include <string.h>
#include "args.h"

#define MAX_LANGS 8

typedef struct snowball_module {
  fts5_api *api;
} snowball_module;

typedef struct snowball {
  nr_analyzer *an;
  int langs[MAX_LANGS], nlangs;
  int strip, keep_stopwords, surface;
  fts5_tokenizer parent;
  Fts5Tokenizer *parent_inst;     /* NULL: use our own scanner */
  nr_buf stem, surface_buf;
} snowball;

typedef struct emit_ctx {
  snowball *sb;
  void *ctx;
  int flags;
  int (*xToken)(void *, int, const char *, int, int, int);
  /* a parent's plain ASCII word is held back one word, its stem cache
  ** memory fetched meanwhile (one language only) */
  int hold, opts;
  int pending, pending_key, next_key, pending_start, pending_end;
  nr_word_key keys[2];
} emit_ctx;

static const char *const diacritics_choices[] = {"keep", "remove", NULL};
static const char *const bool_choices[] = {"0", "1", NULL};

static void snowball_delete(Fts5Tokenizer *p){
  snowball *sb = (snowball *)p;
  if( sb == NULL ) return;
  if( sb->parent_inst ) sb->parent.xDelete(sb->parent_inst);
  nr_analyzer_free(sb->an);
  nr_buf_free(&sb->stem);
  nr_buf_free(&sb->surface_buf);
  sqlite3_free(sb);
}

static int parse_option(snowball *sb, const char *z, int n){
  nr_option opts[] = {
    {"diacritics", NR_OPTION_CHOICE, 0, 0, diacritics_choices, sb->strip},
    {"stopwords", NR_OPTION_CHOICE, 0, 0, bool_choices, sb->keep_stopwords},
    {"surface", NR_OPTION_CHOICE, 0, 0, bool_choices, sb->surface},
  };
  char *err = NULL;
  if( nr_parse_options("snowball", z, n, opts, 3, &err) ){
    sqlite3_free(err);    /* FTS5's xCreate has no way to pass it on */
    return SQLITE_ERROR;
  }
  sb->strip = opts[0].value;
  sb->keep_stopwords = opts[1].value;
  sb->surface = opts[2].value;
  return SQLITE_OK;
}

/* FTS5 splits its tokenize directive into barewords, and "=" is not part
** of one, so an option is also accepted as two words, as unicode61 takes
** its own: "surface 1", "diacritics remove". */
static int is_option_name(const char *arg){
  return strcmp(arg, "diacritics") == 0 || strcmp(arg, "stopwords") == 0
      || strcmp(arg, "surface") == 0;
}

static int snowball_create(void *user, const char **argv, int argc,
                           Fts5Tokenizer **out){
  snowball_module *mod = user;
  snowball *sb = sqlite3_malloc(sizeof(*sb));
  int i = 0, rc = SQLITE_OK;
  *out = NULL;
  if( sb == NULL ) return SQLITE_NOMEM;
  memset(sb, 0, sizeof(*sb));
  sb->keep_stopwords = 1;
  sb->an = nr_analyzer_new();
  if( sb->an == NULL ) rc = SQLITE_NOMEM;
  for(; rc == SQLITE_OK && i < argc; i++){
    int lang = nr_lang_find(argv[i], strlen(argv[i]));
    if( lang == NR_LANG_AUTO ){
      rc = SQLITE_ERROR;     /* a query has too few words to tell */
    }else if( lang != NR_LANG_UNKNOWN ){
      if( sb->nlangs == MAX_LANGS ) rc = SQLITE_ERROR;
      else sb->langs[sb->nlangs++] = lang;
    }else if( strchr(argv[i], '=') ){
      rc = parse_option(sb, argv[i], (int)strlen(argv[i]));
    }else if( is_option_name(argv[i]) ){
      char *pair;
      if( i + 1 >= argc ) rc = SQLITE_ERROR;
      pair = rc ? NULL : sqlite3_mprintf("%s=%s", argv[i], argv[i + 1]);
      if( rc == SQLITE_OK && pair == NULL ) rc = SQLITE_NOMEM;
      if( rc == SQLITE_OK ) rc = parse_option(sb, pair, (int)strlen(pair));
      sqlite3_free(pair);
      i++;
    }else{
      break;                 /* the parent tokenizer and its arguments */
    }
  }
  if( sb->nlangs == 0 ) sb->langs[sb->nlangs++] = nr_lang_default();
  if( rc == SQLITE_OK && i < argc ){
    void *parent_user = NULL;
    rc = mod->api->xFindTokenizer(mod->api, argv[i], &parent_user, &sb->parent);
    if( rc == SQLITE_OK ){
      rc = sb->parent.xCreate(parent_user, argv + i + 1, argc - i - 1,
                              &sb->parent_inst);
    }
  }
  if( rc != SQLITE_OK ){
    snowball_delete((Fts5Tokenizer *)sb);
    return rc;
  }
  *out = (Fts5Tokenizer *)sb;
  return SQLITE_OK;
}

/* memcmp() may not be given NULL, which an empty nr_buf holds. */
static int same_bytes(const char *a, size_t an, const char *b, size_t bn){
  /* The analyzer misses that an == bn > 0 means neither is NULL. */
  return an == bn && (an == 0 || memcmp(a, b, an) == 0);  /* NOLINT */
}

/* Stems with the first language whose stemmer changes the word. */
static int stem_word(snowball *sb, int kind, const char *w, int n,
                     int opts, nr_term *t, int *stopword){
  int i;
  *stopword = 0;
  for(i = 0; i < sb->nlangs; i++){
    if( nr_analyze(sb->an, sb->langs[i], kind, w, (size_t)n, opts, t) ){
      return SQLITE_NOMEM;
    }
    *stopword |= t->stopword;
    /* with one language (the usual case) there is nothing to choose */
    if( i + 1 == sb->nlangs
     || !same_bytes(t->stem, t->stem_n, t->norm, t->norm_n) ) break;
  }
  return SQLITE_OK;
}

/* The analyzer's options for a call of xTokenize with these flags. */
static int analyzer_opts(const snowball *sb, int flags){
  /* with stopwords kept, nobody asks whether a word is one */
  return (sb->strip ? NR_OPT_STRIP_DIACRITICS : 0)
       | ((flags & FTS5_TOKENIZE_PREFIX) ? NR_OPT_NO_STEM : 0)
       | (sb->keep_stopwords ? NR_OPT_NO_STOPWORDS : 0);
}

/* Hands FTS5 the term t of a token at start..end, and its surface form
** when asked. */
static int emit_term(emit_ctx *e, const nr_term *tp, int start, int end){
  snowball *sb = e->sb;
  int strip = sb->strip;
  int is_document = (e->flags & FTS5_TOKENIZE_QUERY) == 0;
  int rc;
  nr_term t = *tp;
  if( !sb->surface || !is_document ){
    return e->xToken(e->ctx, 0, t.stem_n ? t.stem : "", (int)t.stem_n,
                     start, end);
  }
  /* keep the stem: emitting the surface form may reuse the analyzer */
  sb->stem.n = 0;
  if( nr_buf_append(&sb->stem, t.stem, t.stem_n) ) return SQLITE_NOMEM;
  if( sb->surface && is_document ){
    sb->surface_buf.n = 0;
    if( strip ){
      if( nr_strip_diacritics(t.norm, t.norm_n, &sb->surface_buf) ){
        return SQLITE_NOMEM;
      }
    }else if( nr_buf_append(&sb->surface_buf, t.norm, t.norm_n) ){
      return SQLITE_NOMEM;
    }
  }
  rc = e->xToken(e->ctx, 0, sb->stem.p ? sb->stem.p : "", (int)sb->stem.n,
                 start, end);
  if( rc == SQLITE_OK && sb->surface && is_document
   && !same_bytes(sb->surface_buf.p, sb->surface_buf.n, sb->stem.p,
                  sb->stem.n) ){
    rc = e->xToken(e->ctx, FTS5_TOKEN_COLOCATED, sb->surface_buf.p,
                   (int)sb->surface_buf.n, start, end);
  }
  return rc;
}

static int emit(emit_ctx *e, int kind, const char *w, int n, int start,
                int end){
  snowball *sb = e->sb;
  int stopword, rc;
  nr_term t;
  memset(&t, 0, sizeof(t));
  rc = stem_word(sb, kind, w, n, analyzer_opts(sb, e->flags), &t, &stopword);
  if( rc != SQLITE_OK ) return rc;
  if( stopword && !sb->keep_stopwords ) return SQLITE_OK;
  return emit_term(e, &t, start, end);
}

/* Hands FTS5 the word held back, if any. */
static int flush_held(emit_ctx *e){
  nr_term t;
  if( !e->pending ) return SQLITE_OK;
  e->pending = 0;
  if( nr_analyze_prepared(e->sb->an, e->sb->langs[0], &e->keys[e->pending_key],
                          e->opts, &t) ){
    return SQLITE_NOMEM;
  }
  if( t.stopword && !e->sb->keep_stopwords ) return SQLITE_OK;
  return emit_term(e, &t, e->pending_start, e->pending_end);
}

static int parent_token(void *ctx, int tflags, const char *w, int n,
                        int start, int end){
  emit_ctx *e = (emit_ctx *)ctx;
  (void)tflags;
  if( e->hold ){
    nr_word_key *k = &e->keys[e->next_key];
    int plain = nr_word_prepare(e->sb->an, e->sb->langs[0], w, (size_t)n, k);
    int rc = flush_held(e);
    if( rc != SQLITE_OK ) return rc;
    if( plain ){
      e->pending = 1;
      e->pending_key = e->next_key;
      e->next_key ^= 1;
      e->pending_start = start;
      e->pending_end = end;
      return SQLITE_OK;
    }
  }
  return emit(e, NR_TOKEN_WORD, w, n, start, end);
}

static int snowball_tokenize(Fts5Tokenizer *p, void *ctx, int flags,
                             const char *text, int n,
                             int (*xToken)(void *, int, const char *, int,
                                           int, int)){
  snowball *sb = (snowball *)p;
  emit_ctx e;
  nr_scanner sc;
  nr_token tok;
  int rc = SQLITE_OK;
  e.sb = sb;
  e.ctx = ctx;
  e.flags = flags;
  e.xToken = xToken;
  if( sb->parent_inst ){
    e.hold = (sb->nlangs == 1);
    e.opts = analyzer_opts(sb, flags);
    e.pending = 0;
    e.next_key = 0;
    rc = sb->parent.xTokenize(sb->parent_inst, &e, flags, text, n,
                              parent_token);
    if( rc == SQLITE_OK ) rc = flush_held(&e);
    return rc;
  }
  nr_scanner_init(&sc, text, (size_t)n);
  sc.words_only = 1;
  if( sb->nlangs == 1 ){
    /* the usual case: scan, fold and stem in one loop, and call FTS5
    ** straight from it */
    int opts = analyzer_opts(sb, flags), lang = sb->langs[0], r;
    int plain = !sb->surface && sb->keep_stopwords;
    nr_term t;
    while( (r = nr_analyze_next(sb->an, &sc, lang, opts, &tok, &t)) > 0 ){
      if( plain ){
        rc = xToken(ctx, 0, t.stem_n ? t.stem : "", (int)t.stem_n,
                    (int)tok.byte_start, (int)tok.byte_end);
      }else if( t.stopword && !sb->keep_stopwords ){
        continue;
      }else{
        rc = emit_term(&e, &t, (int)tok.byte_start, (int)tok.byte_end);
      }
      if( rc != SQLITE_OK ) return rc;
    }
    return r < 0 ? SQLITE_NOMEM : SQLITE_OK;
  }
  while( rc == SQLITE_OK && nr_scanner_next(&sc, &tok) ){
    rc = emit(&e, tok.kind, text + tok.byte_start,
              (int)(tok.byte_end - tok.byte_start), (int)tok.byte_start,
              (int)tok.byte_end);
  }
  return rc;
}

static fts5_api *find_fts5_api(sqlite3 *db){
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  if( sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK ){
    return NULL;     /* this SQLite has no FTS5 */
  }
  sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

int nr_register_fts5(sqlite3 *db){
  static fts5_tokenizer tokenizer = {
    snowball_create, snowball_delete, snowball_tokenize
  };
  snowball_module *mod;
  fts5_api *api = find_fts5_api(db);
  if( api == NULL || api->iVersion < 2 ) return SQLITE_OK;
  mod = sqlite3_malloc(sizeof(*mod));
  if( mod == NULL ) return SQLITE_NOMEM;
  mod->api = api;
  return api->xCreateTokenizer(api, "snowball", mod, &tokenizer, sqlite3_free);
}
