/*
** tokens.c -- the table-valued function
**   SELECT * FROM tokens(document [, lang [, options]]);
** one row per word: pos, token (as written), norm (case-folded), stem,
** start, end (0-based character offsets, substr(document, start+1,
** end-start) = token), byte_start, byte_end, stopword, sentence,
** paragraph, kind.  Options as stem_text(): diacritics=keep|remove,
** stopwords=1|0.  The row's analysis is done only if a column needs it.
*/
#include <string.h>
#include "args.h"

enum {
  COL_POS, COL_TOKEN, COL_NORM, COL_STEM, COL_START, COL_END, COL_BYTE_START,
  COL_BYTE_END, COL_STOPWORD, COL_SENTENCE, COL_PARAGRAPH, COL_KIND,
  COL_DOCUMENT, COL_LANG, COL_OPTIONS
};
#define NUM_ARGS 3

typedef struct tokens_cursor {
  sqlite3_vtab_cursor base;
  nr_conn *conn;
  char *doc;                 /* our copy of the document */
  size_t doc_n;
  int lang, opts, keep_stopwords;
  nr_scanner sc;
  nr_token tok;
  sqlite3_int64 pos;
  int eof;
  int analyzed;              /* norm, stem, stopword hold this row's */
  nr_buf norm, stem;
  int stopword;
} tokens_cursor;

static const char *const diacritics_choices[] = {"keep", "remove", NULL};
static const char *const bool_choices[] = {"0", "1", NULL};

static int tokens_connect(sqlite3 *db, void *aux, int argc,
                          const char *const *argv, sqlite3_vtab **out,
                          char **err){
  (void)argc; (void)argv; (void)err;
  return nr_vtab_connect(db, aux,
      "CREATE TABLE x(pos INTEGER, token TEXT, norm TEXT, stem TEXT, "
      "start INTEGER, \"end\" INTEGER, byte_start INTEGER, byte_end INTEGER, "
      "stopword INTEGER, sentence INTEGER, paragraph INTEGER, kind TEXT, "
      "document HIDDEN, lang HIDDEN, options HIDDEN)",
      sizeof(nr_vtab), out);
}

static int tokens_best_index(sqlite3_vtab *vt, sqlite3_index_info *info){
  (void)vt;
  if( info->nOrderBy == 1 && info->aOrderBy[0].iColumn == COL_POS
   && !info->aOrderBy[0].desc ){
    info->orderByConsumed = 1;
  }
  return nr_best_index_args(info, COL_DOCUMENT, NUM_ARGS, 1, 500);
}

static int tokens_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out){
  tokens_cursor *cur = sqlite3_malloc(sizeof(*cur));
  if( cur == NULL ) return SQLITE_NOMEM;
  memset(cur, 0, sizeof(*cur));
  cur->conn = ((nr_vtab *)vt)->conn;
  cur->eof = 1;
  *out = &cur->base;
  return SQLITE_OK;
}

static int tokens_close(sqlite3_vtab_cursor *base){
  tokens_cursor *cur = (tokens_cursor *)base;
  sqlite3_free(cur->doc);
  nr_buf_free(&cur->norm);
  nr_buf_free(&cur->stem);
  sqlite3_free(cur);
  return SQLITE_OK;
}

/* Folds and stems the current token into the cursor's own buffers: the
** connection's analyzer may serve other functions between two columns. */
static int analyze_row(tokens_cursor *cur){
  nr_term t;
  if( cur->analyzed ) return SQLITE_OK;
  if( nr_analyze(cur->conn->an, cur->lang, cur->tok.kind,
                 cur->doc + cur->tok.byte_start,
                 cur->tok.byte_end - cur->tok.byte_start, cur->opts, &t) ){
    return SQLITE_NOMEM;
  }
  cur->norm.n = cur->stem.n = 0;
  if( nr_buf_append(&cur->norm, t.norm, t.norm_n)
   || nr_buf_append(&cur->stem, t.stem, t.stem_n) ) return SQLITE_NOMEM;
  cur->stopword = t.stopword;
  cur->analyzed = 1;
  return SQLITE_OK;
}

static int tokens_next(sqlite3_vtab_cursor *base){
  tokens_cursor *cur = (tokens_cursor *)base;
  for(;;){
    int rc;
    cur->analyzed = 0;
    if( !nr_scanner_next(&cur->sc, &cur->tok) ){
      cur->eof = 1;
      return SQLITE_OK;
    }
    if( cur->keep_stopwords ) break;
    rc = analyze_row(cur);
    if( rc != SQLITE_OK ) return rc;
    if( !cur->stopword ) break;
  }
  cur->pos++;
  return SQLITE_OK;
}

static int set_error(sqlite3_vtab_cursor *base, char *err){
  if( err == NULL ) return SQLITE_NOMEM;
  sqlite3_free(base->pVtab->zErrMsg);
  base->pVtab->zErrMsg = err;
  return SQLITE_ERROR;
}

static int tokens_filter(sqlite3_vtab_cursor *base, int idx_num,
                         const char *idx_str, int argc, sqlite3_value **argv){
  tokens_cursor *cur = (tokens_cursor *)base;
  sqlite3_value *args[NUM_ARGS] = {NULL, NULL, NULL};
  nr_option opts[] = {
    {"diacritics", NR_OPTION_CHOICE, 0, 0, diacritics_choices, 0},
    {"stopwords", NR_OPTION_CHOICE, 0, 0, bool_choices, 1},
  };
  const char *z;
  int n, i, k = 0, rc;
  char *err = NULL;
  (void)idx_str; (void)argc;
  for(i = 0; i < NUM_ARGS; i++){
    if( idx_num & (1 << i) ) args[i] = argv[k++];
  }
  sqlite3_free(cur->doc);
  cur->doc = NULL;
  cur->eof = 1;
  cur->pos = -1;
  if( args[0] == NULL ){
    return set_error(base, sqlite3_mprintf("tokens(): the document "
                     "argument is missing: tokens(document [, lang [, options]])"));
  }
  rc = nr_arg_text("tokens", args[0], 1, &z, &n, &err);
  if( rc == 1 ) return SQLITE_OK;            /* NULL: no rows */
  if( rc == 0 ) rc = nr_arg_lang("tokens", args[1], &cur->lang, &err);
  if( rc == 0 ) rc = nr_arg_options("tokens", args[2], 3, opts, 2, &err);
  if( rc < 0 ) return set_error(base, err);
  cur->doc = sqlite3_malloc64((sqlite3_uint64)n + 1);
  if( cur->doc == NULL ) return SQLITE_NOMEM;
  memcpy(cur->doc, z, (size_t)n);
  cur->doc_n = (size_t)n;
  if( nr_resolve_lang(cur->conn, cur->lang, cur->doc, n, &cur->lang) ){
    return SQLITE_NOMEM;
  }
  cur->opts = opts[0].value ? NR_OPT_STRIP_DIACRITICS : 0;
  cur->keep_stopwords = opts[1].value;
  cur->eof = 0;
  nr_scanner_init(&cur->sc, cur->doc, cur->doc_n);
  return tokens_next(base);
}

static int tokens_eof(sqlite3_vtab_cursor *base){
  return ((tokens_cursor *)base)->eof;
}

static int tokens_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx,
                         int col){
  tokens_cursor *cur = (tokens_cursor *)base;
  const nr_token *t = &cur->tok;
  int rc;
  switch( col ){
    case COL_POS:        sqlite3_result_int64(ctx, cur->pos); break;
    case COL_TOKEN:
      sqlite3_result_text(ctx, cur->doc + t->byte_start,
                          (int)(t->byte_end - t->byte_start), SQLITE_TRANSIENT);
      break;
    case COL_NORM: case COL_STEM: case COL_STOPWORD:
      rc = analyze_row(cur);
      if( rc != SQLITE_OK ) return rc;
      if( col == COL_STOPWORD ){
        sqlite3_result_int(ctx, cur->stopword);
      }else{
        const nr_buf *b = (col == COL_NORM) ? &cur->norm : &cur->stem;
        sqlite3_result_text(ctx, b->n ? b->p : "", (int)b->n, SQLITE_TRANSIENT);
      }
      break;
    case COL_START:      sqlite3_result_int64(ctx, (sqlite3_int64)t->start); break;
    case COL_END:        sqlite3_result_int64(ctx, (sqlite3_int64)t->end); break;
    case COL_BYTE_START: sqlite3_result_int64(ctx, (sqlite3_int64)t->byte_start); break;
    case COL_BYTE_END:   sqlite3_result_int64(ctx, (sqlite3_int64)t->byte_end); break;
    case COL_SENTENCE:   sqlite3_result_int(ctx, t->sentence); break;
    case COL_PARAGRAPH:  sqlite3_result_int(ctx, t->paragraph); break;
    case COL_KIND:
      sqlite3_result_text(ctx, nr_token_kind_name(t->kind), -1, SQLITE_STATIC);
      break;
    case COL_LANG:
      sqlite3_result_text(ctx, nr_lang_name(cur->lang), -1, SQLITE_STATIC);
      break;
    default:
      break;     /* document and options read back as NULL */
  }
  return SQLITE_OK;
}

static int tokens_rowid(sqlite3_vtab_cursor *base, sqlite_int64 *rowid){
  *rowid = ((tokens_cursor *)base)->pos;
  return SQLITE_OK;
}

static sqlite3_module tokens_module = {
  0,                  /* iVersion */
  0,                  /* xCreate: eponymous only */
  tokens_connect, tokens_best_index, nr_vtab_disconnect, 0,
  tokens_open, tokens_close, tokens_filter, tokens_next, tokens_eof,
  tokens_column, tokens_rowid,
  0, 0, 0, 0, 0, 0, 0,   /* no writes, transactions, functions, rename */
  0, 0, 0, 0             /* savepoints, shadow names */
};

int nr_register_tokens(sqlite3 *db, nr_conn *c){
  return sqlite3_create_module_v2(db, "tokens", &tokens_module, nr_conn_ref(c),
                                  nr_conn_unref);
}
