/*
** quotes.c -- quotations in SQL:
**   SELECT * FROM quotes(document [, lang]);
** one row per direct quotation: quote (the words between the marks),
** start, end (0-based character offsets, substr(document, start+1,
** end-start) = quote), byte_start, byte_end, open_mark, close_mark, kind,
** depth, parent, flags, speaker, speaker_mention, speaker_start,
** speaker_end, speaker_type, verb, cue_start, cue_end, paragraph,
** sentence, confidence.  lang picks the cue words ('auto' detects it).
** And the scalar functions
**   quote_key(quote [, lang])             stems without stopwords, spaced
**   quote_similarity(q1, q2 [, lang])     0..1, one statement in two wordings
** The finding and attribution are the core's (ext/core/quotes.c,
** ext/core/attrib.c); this is the glue.
*/
#include <string.h>
#include "args.h"

enum {
  COL_QUOTE, COL_START, COL_END, COL_BYTE_START, COL_BYTE_END, COL_OPEN,
  COL_CLOSE, COL_KIND, COL_DEPTH, COL_PARENT, COL_FLAGS, COL_SPEAKER,
  COL_MENTION, COL_SPEAKER_START, COL_SPEAKER_END, COL_SPEAKER_TYPE,
  COL_VERB, COL_CUE_START, COL_CUE_END, COL_PARAGRAPH, COL_SENTENCE,
  COL_CONFIDENCE, COL_DOCUMENT, COL_LANG
};
#define NUM_ARGS 2

typedef struct quotes_vtab {
  nr_vtab base;
  nr_cues **cues;            /* per language (+1 for none), built on use */
  int ncues;
} quotes_vtab;

typedef struct quotes_cursor {
  sqlite3_vtab_cursor base;
  nr_conn *conn;
  quotes_vtab *vt;
  char *doc;                 /* our copy of the document */
  size_t doc_n;
  int lang;
  nr_quotes qs;
  size_t i;
} quotes_cursor;

static int quotes_connect(sqlite3 *db, void *aux, int argc,
                          const char *const *argv, sqlite3_vtab **out,
                          char **err){
  quotes_vtab *vt;
  int rc;
  (void)argc; (void)argv; (void)err;
  rc = nr_vtab_connect(db, aux,
      "CREATE TABLE x(quote TEXT, start INTEGER, \"end\" INTEGER, "
      "byte_start INTEGER, byte_end INTEGER, open_mark TEXT, close_mark TEXT, "
      "kind TEXT, depth INTEGER, parent INTEGER, flags TEXT, speaker TEXT, "
      "speaker_mention TEXT, speaker_start INTEGER, speaker_end INTEGER, "
      "speaker_type TEXT, verb TEXT, cue_start INTEGER, cue_end INTEGER, "
      "paragraph INTEGER, sentence INTEGER, confidence REAL, "
      "document HIDDEN, lang HIDDEN)", sizeof(quotes_vtab), out);
  if( rc != SQLITE_OK ) return rc;
  vt = (quotes_vtab *)*out;
  vt->ncues = nr_lang_count() + 1;
  vt->cues = sqlite3_malloc64((sqlite3_uint64)vt->ncues * sizeof(nr_cues *));
  if( vt->cues == NULL ){
    sqlite3_free(vt);
    return SQLITE_NOMEM;
  }
  memset(vt->cues, 0, (size_t)vt->ncues * sizeof(nr_cues *));
  return SQLITE_OK;
}

static int quotes_disconnect(sqlite3_vtab *base){
  quotes_vtab *vt = (quotes_vtab *)base;
  int i;
  for(i = 0; i < vt->ncues; i++) nr_cues_free(vt->cues[i]);
  sqlite3_free(vt->cues);
  sqlite3_free(vt);
  return SQLITE_OK;
}

/* The cue words of lang, built on first use by this connection. */
static const nr_cues *cues_for(quotes_vtab *vt, int lang){
  int i = lang < 0 ? 0 : lang + 1;
  if( i >= vt->ncues ) i = 0;
  if( vt->cues[i] == NULL ) vt->cues[i] = nr_cues_new(lang < 0 ? NR_LANG_NONE : lang);
  return vt->cues[i];
}

static int quotes_best_index(sqlite3_vtab *vt, sqlite3_index_info *info){
  (void)vt;
  return nr_best_index_args(info, COL_DOCUMENT, NUM_ARGS, 1, 20);
}

static int quotes_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out){
  quotes_cursor *cur = sqlite3_malloc(sizeof(*cur));
  if( cur == NULL ) return SQLITE_NOMEM;
  memset(cur, 0, sizeof(*cur));
  cur->conn = ((nr_vtab *)vt)->conn;
  cur->vt = (quotes_vtab *)vt;
  *out = &cur->base;
  return SQLITE_OK;
}

static int quotes_close(sqlite3_vtab_cursor *base){
  quotes_cursor *cur = (quotes_cursor *)base;
  sqlite3_free(cur->doc);
  nr_quotes_free(&cur->qs);
  sqlite3_free(cur);
  return SQLITE_OK;
}

static int set_error(sqlite3_vtab_cursor *base, char *err){
  if( err == NULL ) return SQLITE_NOMEM;
  sqlite3_free(base->pVtab->zErrMsg);
  base->pVtab->zErrMsg = err;
  return SQLITE_ERROR;
}

static int quotes_filter(sqlite3_vtab_cursor *base, int idx_num,
                         const char *idx_str, int argc, sqlite3_value **argv){
  quotes_cursor *cur = (quotes_cursor *)base;
  sqlite3_value *args[NUM_ARGS] = {NULL, NULL};
  const char *z;
  int n, i, k = 0, rc;
  char *err = NULL;
  (void)idx_str; (void)argc;
  for(i = 0; i < NUM_ARGS; i++){
    if( idx_num & (1 << i) ) args[i] = argv[k++];
  }
  sqlite3_free(cur->doc);
  cur->doc = NULL;
  cur->qs.n = 0;
  cur->i = 0;
  if( args[0] == NULL ){
    return set_error(base, sqlite3_mprintf("quotes(): the document "
                     "argument is missing: quotes(document [, lang])"));
  }
  rc = nr_arg_text("quotes", args[0], 1, &z, &n, &err);
  if( rc == 1 ) return SQLITE_OK;            /* NULL: no rows */
  if( rc == 0 ) rc = nr_arg_lang("quotes", args[1], &cur->lang, &err);
  if( rc < 0 ) return set_error(base, err);
  cur->doc = sqlite3_malloc64((sqlite3_uint64)n + 1);
  if( cur->doc == NULL ) return SQLITE_NOMEM;
  memcpy(cur->doc, z, (size_t)n);
  cur->doc[n] = 0;
  cur->doc_n = (size_t)n;
  if( nr_resolve_lang(cur->conn, cur->lang, cur->doc, n, &cur->lang) ){
    return SQLITE_NOMEM;
  }
  cur->qs.no_dash = !nr_quotes_dash_speech(cur->lang);
  if( nr_quotes_find(cur->doc, cur->doc_n, &cur->qs) ) return SQLITE_NOMEM;
  if( cur->qs.n ){
    const nr_cues *cues = cues_for(cur->vt, cur->lang);
    if( cues == NULL
     || nr_quotes_attribute(cur->doc, cur->doc_n, cues, &cur->qs) ){
      return SQLITE_NOMEM;
    }
  }
  return SQLITE_OK;
}

static int quotes_next(sqlite3_vtab_cursor *base){
  ((quotes_cursor *)base)->i++;
  return SQLITE_OK;
}

static int quotes_eof(sqlite3_vtab_cursor *base){
  quotes_cursor *cur = (quotes_cursor *)base;
  return cur->i >= cur->qs.n;
}

static void result_span_text(sqlite3_context *ctx, const quotes_cursor *cur,
                             const nr_span *s){
  if( s->byte_end <= s->byte_start ) return;     /* NULL */
  nr_result_text(ctx, "quotes", cur->doc + s->byte_start,
                 s->byte_end - s->byte_start);
}

static int quotes_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx,
                         int col){
  quotes_cursor *cur = (quotes_cursor *)base;
  const nr_quote *q = &cur->qs.q[cur->i];
  int has_speaker = q->speaker_type != NR_SPEAKER_NONE;
  switch( col ){
    case COL_QUOTE:
      nr_result_text(ctx, "quotes", cur->doc + q->text.byte_start,
                     q->text.byte_end - q->text.byte_start);
      break;
    case COL_START:      sqlite3_result_int64(ctx, (sqlite3_int64)q->text.start); break;
    case COL_END:        sqlite3_result_int64(ctx, (sqlite3_int64)q->text.end); break;
    case COL_BYTE_START: sqlite3_result_int64(ctx, (sqlite3_int64)q->text.byte_start); break;
    case COL_BYTE_END:   sqlite3_result_int64(ctx, (sqlite3_int64)q->text.byte_end); break;
    case COL_OPEN:       result_span_text(ctx, cur, &q->open); break;
    case COL_CLOSE:      result_span_text(ctx, cur, &q->close); break;
    case COL_KIND:
      sqlite3_result_text(ctx, nr_quote_kind_name(q->kind), -1, SQLITE_STATIC);
      break;
    case COL_DEPTH:      sqlite3_result_int(ctx, q->depth); break;
    case COL_PARENT:
      if( q->parent >= 0 ) sqlite3_result_int(ctx, q->parent);
      break;
    case COL_FLAGS: {
      char buf[64];
      size_t n = 0;
      static const struct { int bit; const char *name; } names[] = {
        {NR_QUOTE_MISDIRECTED, "misdirected"}, {NR_QUOTE_UNCLOSED, "unclosed"},
        {NR_QUOTE_MULTIPARA, "multi-paragraph"}, {NR_QUOTE_DASH, "dash"},
      };
      size_t j;
      buf[0] = 0;
      for(j = 0; j < sizeof(names) / sizeof(names[0]); j++){
        size_t l;
        if( !(q->flags & names[j].bit) ) continue;
        l = strlen(names[j].name);
        if( n ) buf[n++] = ' ';
        memcpy(buf + n, names[j].name, l);
        n += l;
      }
      sqlite3_result_text(ctx, buf, (int)n, SQLITE_TRANSIENT);
      break;
    }
    case COL_SPEAKER:
      if( has_speaker ) result_span_text(ctx, cur, &q->speaker);
      break;
    case COL_MENTION:
      if( has_speaker ) result_span_text(ctx, cur, &q->mention);
      break;
    case COL_SPEAKER_START:
      if( has_speaker ) sqlite3_result_int64(ctx, (sqlite3_int64)q->mention.start);
      break;
    case COL_SPEAKER_END:
      if( has_speaker ) sqlite3_result_int64(ctx, (sqlite3_int64)q->mention.end);
      break;
    case COL_SPEAKER_TYPE:
      if( has_speaker ){
        sqlite3_result_text(ctx, nr_speaker_type_name(q->speaker_type), -1,
                            SQLITE_STATIC);
      }
      break;
    case COL_VERB:       result_span_text(ctx, cur, &q->cue); break;
    case COL_CUE_START:
      if( q->cue.byte_end > q->cue.byte_start ){
        sqlite3_result_int64(ctx, (sqlite3_int64)q->cue.start);
      }
      break;
    case COL_CUE_END:
      if( q->cue.byte_end > q->cue.byte_start ){
        sqlite3_result_int64(ctx, (sqlite3_int64)q->cue.end);
      }
      break;
    case COL_PARAGRAPH:  sqlite3_result_int(ctx, q->paragraph); break;
    case COL_SENTENCE:   sqlite3_result_int(ctx, q->sentence); break;
    case COL_CONFIDENCE: sqlite3_result_double(ctx, q->confidence); break;
    case COL_LANG:
      sqlite3_result_text(ctx, nr_lang_name(cur->lang), -1, SQLITE_STATIC);
      break;
    default:
      break;     /* the document reads back as NULL */
  }
  return SQLITE_OK;
}

static int quotes_rowid(sqlite3_vtab_cursor *base, sqlite_int64 *rowid){
  *rowid = (sqlite_int64)((quotes_cursor *)base)->i;
  return SQLITE_OK;
}

static sqlite3_module quotes_module = {
  0,                  /* iVersion */
  0,                  /* xCreate: eponymous only */
  quotes_connect, quotes_best_index, quotes_disconnect, 0,
  quotes_open, quotes_close, quotes_filter, quotes_next, quotes_eof,
  quotes_column, quotes_rowid,
  0, 0, 0, 0, 0, 0, 0,   /* no writes, transactions, functions, rename */
  0, 0, 0, 0             /* savepoints, shadow names */
};

/* ---- quote_key and quote_similarity ---------------------------------- */

/* The terms of argument i (a quote) in lang, into out, and the language
** they were made in (lang, or the one 'auto' found) into *resolved.
** Returns 0, 1 for NULL, or -1 with the error reported. */
static int quote_terms_arg(sqlite3_context *ctx, const char *fn,
                           sqlite3_value *v, int argno, int lang, nr_buf *out,
                           int *resolved){
  nr_conn *c = sqlite3_user_data(ctx);
  const char *z;
  int n, rc;
  char *err = NULL;
  rc = nr_arg_text(fn, v, argno, &z, &n, &err);
  if( rc == 1 ) return 1;
  if( rc < 0 ){
    nr_result_error(ctx, err);
    return -1;
  }
  if( nr_resolve_lang(c, lang, z, n, resolved)
   || nr_quote_terms(c->an, *resolved, z, (size_t)n, out) ){
    sqlite3_result_error_nomem(ctx);
    return -1;
  }
  return 0;
}

static void quote_key_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  nr_buf out = {0};
  char *err = NULL;
  int lang, resolved;
  if( nr_arg_lang("quote_key", argc > 1 ? argv[1] : NULL, &lang, &err) ){
    nr_result_error(ctx, err);
    return;
  }
  if( quote_terms_arg(ctx, "quote_key", argv[0], 1, lang, &out,
                      &resolved) == 0 ){
    nr_result_text(ctx, "quote_key", out.n ? out.p : "", out.n);
  }
  nr_buf_free(&out);
}

static void quote_similarity_func(sqlite3_context *ctx, int argc,
                                  sqlite3_value **argv){
  nr_conn *c = sqlite3_user_data(ctx);
  nr_buf a = {0}, b = {0};
  char *err = NULL;
  int lang, ra, rb, la = -1, lb = -1;
  const nr_quote_weights *w = NULL;
  double score;
  if( nr_arg_lang("quote_similarity", argc > 2 ? argv[2] : NULL, &lang, &err) ){
    nr_result_error(ctx, err);
    return;
  }
  ra = quote_terms_arg(ctx, "quote_similarity", argv[0], 1, lang, &a, &la);
  rb = ra < 0 ? -1 : quote_terms_arg(ctx, "quote_similarity", argv[1], 2,
                                     lang, &b, &lb);
  if( ra == 0 && rb == 0 ){
    /* 'auto' may find two languages; weights of one would misjudge the
    ** stems of the other, so such a pair is scored without weights */
    if( (la == lb && nr_analyzer_quote_weights(c->an, la, &w))
     || nr_quote_similarity(a.p ? a.p : "", a.n, b.p ? b.p : "", b.n, w,
                            &score) ){
      sqlite3_result_error_nomem(ctx);
    }else{
      sqlite3_result_double(ctx, score);
    }
  }
  nr_buf_free(&a);
  nr_buf_free(&b);
}

static const nr_func_def funcs[] = {
  {"quote_key", 1, 2, "quote_key(quote [, lang])", quote_key_func, 0},
  {"quote_similarity", 2, 3, "quote_similarity(quote1, quote2 [, lang])",
   quote_similarity_func, 0},
};
#define NFUNCS ((int)(sizeof(funcs) / sizeof(funcs[0])))

int nr_register_quotes(sqlite3 *db, nr_conn *c){
  int rc = sqlite3_create_module_v2(db, "quotes", &quotes_module,
                                    nr_conn_ref(c), nr_conn_unref);
  if( rc == SQLITE_OK ) rc = nr_register_functions(db, c, funcs, NFUNCS);
  return rc;
}
