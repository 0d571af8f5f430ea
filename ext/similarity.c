/*
** similarity.c -- comparing articles, over the core's shingles:
**   SELECT * FROM shingles(document [, lang [, options]])
**       pos, shingle, hash, start, end, byte_start, byte_end
**   jaccard(a, b [, lang [, options]])       exact, over shingle sets
**   containment(a, b [, lang [, options]])   |A∩B| / |A|, exact
**   minhash(document [, lang [, options]])   signature BLOB
**   minhash_jaccard(s1, s2), minhash_containment(s1, s2)   estimates
**   minhash_agg(text [, lang [, options]])   aggregate: signs the rows
**   minhash_merge(sig)                       aggregate: union of signatures
**   simhash(document [, lang [, options]]), hamming(a, b)
**   SELECT * FROM shared_passages(a, b [, lang [, options]])
** Every function reads its options from one table (n, stopwords, perms,
** seed, gap, min_words), each taking the names that mean something to it.
*/
#include <string.h>
#include "args.h"

/* ---- Options ------------------------------------------------------------ */
#define USE_SHINGLE  0x01      /* every function that shingles text */
#define USE_MINHASH  0x02
#define USE_PASSAGES 0x04

static const char *const bool_choices[] = {"0", "1", NULL};

static const struct sim_option_def {
  nr_option opt;
  int uses;
} option_table[] = {
  {{"n", NR_OPTION_INT, 1, NR_SHINGLE_N_MAX, NULL, 3}, USE_SHINGLE},
  {{"stopwords", NR_OPTION_CHOICE, 0, 0, bool_choices, 1}, USE_SHINGLE},
  {{"perms", NR_OPTION_INT, NR_SIG_PERMS_MIN, NR_SIG_PERMS_MAX, NULL, 128},
   USE_MINHASH},
  /* the format stores 32 bits; the option parser reads an int */
  {{"seed", NR_OPTION_INT, 0, 2147483647, NULL, 0}, USE_MINHASH},
  {{"gap", NR_OPTION_INT, 0, 100, NULL, 3}, USE_PASSAGES},
  {{"min_words", NR_OPTION_INT, 1, 100000, NULL, 8}, USE_PASSAGES},
};
#define NOPTIONS ((int)(sizeof(option_table) / sizeof(option_table[0])))

typedef struct sim_opts {
  int n, keep_stopwords, perms, gap, min_words;
  uint32_t seed;
} sim_opts;

/* Parses v (NULL: defaults) with the options that `uses` selects. */
static int read_options(const char *fn, sqlite3_value *v, int argno, int uses,
                        sim_opts *o, char **err){
  nr_option opts[NOPTIONS];
  int idx[NOPTIONS];
  int i, k = 0;
  for(i = 0; i < NOPTIONS; i++){
    if( option_table[i].uses & uses ){
      opts[k] = option_table[i].opt;
      idx[k++] = i;
    }
  }
  if( nr_arg_options(fn, v, argno, opts, k, err) ) return -1;
  memset(o, 0, sizeof(*o));
  for(i = 0; i < NOPTIONS; i++){
    int val = option_table[i].opt.value;
    int j;
    for(j = 0; j < k; j++) if( idx[j] == i ) val = opts[j].value;
    switch( i ){
      case 0: o->n = val; break;
      case 1: o->keep_stopwords = val; break;
      case 2: o->perms = val; break;
      case 3: o->seed = (uint32_t)val; break;
      case 4: o->gap = val; break;
      default: o->min_words = val; break;
    }
  }
  return 0;
}

/* The document(s), language and options of a call: ndocs documents come
** first, then the language, then the options.  Returns 0, 1 when a
** document is NULL, or -1 with *err set (NULL: out of memory).  'auto'
** is resolved on the first document, so that both sides of a comparison
** are analyzed alike. */
static int read_doc_args(nr_conn *c, const char *fn, int argc,
                         sqlite3_value **argv, int ndocs, int uses,
                         const char **z, int *n, int *lang, sim_opts *o,
                         char **err){
  int i, rc = 0, null = 0;
  *err = NULL;
  for(i = 0; i < ndocs; i++){
    rc = nr_arg_text(fn, argv[i], i + 1, &z[i], &n[i], err);
    if( rc < 0 ) return -1;
    if( rc == 1 ) null = 1;
  }
  /* nr_arg_lang numbers the language argument 2: after two documents it
  ** is 3, so its text is checked here first, with the right number */
  if( ndocs > 1 && argc > ndocs && argv[ndocs] != NULL ){
    const char *lz;
    int ln;
    if( nr_arg_text(fn, argv[ndocs], ndocs + 1, &lz, &ln, err) < 0 ) return -1;
  }
  if( nr_arg_lang(fn, argc > ndocs ? argv[ndocs] : NULL, lang, err) ){
    return -1;
  }
  if( read_options(fn, argc > ndocs + 1 ? argv[ndocs + 1] : NULL, ndocs + 2,
                   uses, o, err) ){
    return -1;
  }
  if( null ) return 1;
  if( nr_resolve_lang(c, *lang, z[0], n[0], lang) ){
    *err = NULL;
    return -1;
  }
  return 0;
}

/* The distinct shingle hashes of a document, sorted. */
static int doc_set(nr_conn *c, int lang, const sim_opts *o, const char *z,
                   int n, uint64_t **set, size_t *count){
  nr_shingle_list list = {0};
  int rc = nr_shingle_text(c->an, lang, o->n, o->keep_stopwords, z,
                           (size_t)n, &list);
  if( rc == 0 ) rc = nr_shingle_set(&list, set, count);
  nr_shingle_list_free(&list);
  return rc;
}

/* ---- jaccard(), containment() ------------------------------------------ */
static void exact_func(sqlite3_context *ctx, int argc, sqlite3_value **argv,
                       const char *fn, int is_containment){
  nr_conn *c = sqlite3_user_data(ctx);
  const char *z[2];
  int n[2], lang, rc;
  sim_opts o;
  char *err;
  uint64_t *sa = NULL, *sb = NULL;
  size_t na = 0, nb = 0, same;
  rc = read_doc_args(c, fn, argc, argv, 2, USE_SHINGLE, z, n, &lang, &o,
                     &err);
  if( rc == 1 ) return;
  if( rc < 0 ){
    nr_result_error(ctx, err);
    return;
  }
  if( doc_set(c, lang, &o, z[0], n[0], &sa, &na)
   || doc_set(c, lang, &o, z[1], n[1], &sb, &nb) ){
    sqlite3_result_error_nomem(ctx);
    goto done;
  }
  same = nr_set_intersection(sa, na, sb, nb);
  /* 0/0 is not a similarity: NULL says "nothing to compare" */
  if( is_containment ){
    if( na > 0 ) sqlite3_result_double(ctx, (double)same / (double)na);
  }else{
    if( na + nb > 0 ){
      sqlite3_result_double(ctx, (double)same / (double)(na + nb - same));
    }
  }
done:
  nr_free(sa);
  nr_free(sb);
}

static void jaccard_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  exact_func(ctx, argc, argv, "jaccard", 0);
}

static void containment_func(sqlite3_context *ctx, int argc,
                             sqlite3_value **argv){
  exact_func(ctx, argc, argv, "containment", 1);
}

/* ---- minhash() ------------------------------------------------------------ */
static void sign_opts(int lang, const sim_opts *o, nr_sign_opts *so){
  so->lang = lang;
  so->n = o->n;
  so->perms = o->perms;
  so->keep_stopwords = o->keep_stopwords;
  so->seed = o->seed;
}

/* Signs z and returns the signature as the result. */
static void result_signature(sqlite3_context *ctx, nr_conn *c, int lang,
                             const sim_opts *o, const char *z, size_t n){
  nr_sign_opts so;
  size_t bytes = NR_SIG_BYTES(o->perms);
  unsigned char *out = sqlite3_malloc64(bytes);
  sign_opts(lang, o, &so);
  if( out == NULL || nr_minhash_text(c->an, &so, z, n, out) ){
    sqlite3_free(out);
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_blob64(ctx, out, bytes, sqlite3_free);
}

static void minhash_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  nr_conn *c = sqlite3_user_data(ctx);
  const char *z;
  int n, lang, rc;
  sim_opts o;
  char *err;
  rc = read_doc_args(c, "minhash", argc, argv, 1, USE_SHINGLE | USE_MINHASH,
                     &z, &n, &lang, &o, &err);
  if( rc == 1 ) return;
  if( rc < 0 ){
    nr_result_error(ctx, err);
    return;
  }
  result_signature(ctx, c, lang, &o, z, (size_t)n);
}

/* A signature argument.  Returns 0, 1 for NULL, or -1 with *err set. */
static int arg_signature(const char *fn, sqlite3_value *v, int argno,
                         nr_sig *sig, char **err){
  const char *msg;
  int type = sqlite3_value_type(v);
  if( type == SQLITE_NULL ) return 1;
  if( type != SQLITE_BLOB ){
    *err = sqlite3_mprintf("%s(): argument %d must be a signature blob "
        "(from minhash()), not %s", fn, argno,
        type == SQLITE_TEXT ? "text" : type == SQLITE_INTEGER ? "an integer"
                                                             : "a real");
    return -1;
  }
  msg = nr_sig_decode(sqlite3_value_blob(v), (size_t)sqlite3_value_bytes(v),
                      sig);
  if( msg ){
    *err = sqlite3_mprintf("%s(): argument %d: %s", fn, argno, msg);
    return -1;
  }
  return 0;
}

static const char *stopwords_text(const nr_sig *s){
  return (s->flags & NR_SIG_STOPWORDS) ? "1" : "0";
}

/* "signatures differ in perms (128 and 256)", or NULL when comparable. */
static char *mismatch_error(const char *fn, const nr_sig *a, const nr_sig *b,
                            int *oom){
  const char *what = nr_sig_mismatch(a, b);
  char *err;
  *oom = 0;
  if( what == NULL ) return NULL;
  if( strcmp(what, "language") == 0 ){
    err = sqlite3_mprintf("%s(): signatures differ in language (%s and %s)",
                          fn, a->lang, b->lang);
  }else if( strcmp(what, "stopwords") == 0 ){
    err = sqlite3_mprintf("%s(): signatures differ in stopwords (%s and %s)",
                          fn, stopwords_text(a), stopwords_text(b));
  }else{
    long long x = 0, y = 0;
    if( strcmp(what, "algorithm") == 0 ){ x = a->algorithm; y = b->algorithm; }
    else if( strcmp(what, "n") == 0 ){ x = a->n; y = b->n; }
    else if( strcmp(what, "perms") == 0 ){ x = a->perms; y = b->perms; }
    else { x = a->seed; y = b->seed; }
    err = sqlite3_mprintf("%s(): signatures differ in %s (%lld and %lld)",
                          fn, what, x, y);
  }
  if( err == NULL ) *oom = 1;
  return err;
}

static void estimate_func(sqlite3_context *ctx, sqlite3_value **argv,
                          const char *fn, int is_containment){
  nr_sig a, b;
  char *err = NULL;
  int rc, oom;
  double j, c;
  rc = arg_signature(fn, argv[0], 1, &a, &err);
  if( rc == 0 ) rc = arg_signature(fn, argv[1], 2, &b, &err);
  if( rc == 0 ){
    err = mismatch_error(fn, &a, &b, &oom);
    if( err || oom ) rc = -1;
  }
  if( rc < 0 ){
    nr_result_error(ctx, err);
    return;
  }
  if( rc == 1 ) return;
  nr_sig_estimate(&a, &b, &j, &c);
  /* as the exact functions: nothing to compare is NULL, not 0 */
  if( is_containment ){
    if( a.count > 0 ) sqlite3_result_double(ctx, c);
  }else{
    if( a.count > 0 || b.count > 0 ) sqlite3_result_double(ctx, j);
  }
}

static void minhash_jaccard_func(sqlite3_context *ctx, int argc,
                                 sqlite3_value **argv){
  (void)argc;
  estimate_func(ctx, argv, "minhash_jaccard", 0);
}

static void minhash_containment_func(sqlite3_context *ctx, int argc,
                                     sqlite3_value **argv){
  (void)argc;
  estimate_func(ctx, argv, "minhash_containment", 1);
}

/* ---- minhash_agg(): the rows, joined by blank lines, signed ------------- */
typedef struct agg_state {
  nr_buf text;
  int rows, lang, failed;
  sim_opts o;
} agg_state;

static void minhash_agg_step(sqlite3_context *ctx, int argc,
                             sqlite3_value **argv){
  nr_conn *c = sqlite3_user_data(ctx);
  agg_state *st = sqlite3_aggregate_context(ctx, sizeof(*st));
  const char *z;
  int n, lang = 0, rc;
  sim_opts o;
  char *err = NULL;
  if( st == NULL ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if( st->failed ) return;
  rc = nr_arg_text("minhash_agg", argv[0], 1, &z, &n, &err);
  if( rc == 0 ){
    rc = nr_arg_lang("minhash_agg", argc > 1 ? argv[1] : NULL, &lang, &err);
  }
  if( rc == 0 && read_options("minhash_agg", argc > 2 ? argv[2] : NULL, 3,
                              USE_SHINGLE | USE_MINHASH, &o, &err) ){
    rc = -1;
  }
  if( rc == 0 && st->rows > 0
   && (lang != st->lang || memcmp(&o, &st->o, sizeof(o)) != 0) ){
    err = sqlite3_mprintf("minhash_agg(): the language and options must be "
                          "the same on every row");
    rc = -1;
  }
  if( rc < 0 ){
    st->failed = 1;
    nr_result_error(ctx, err);
    return;
  }
  if( rc == 1 ) return;             /* NULL rows are skipped */
  if( (st->rows > 0 && nr_buf_append(&st->text, "\n\n", 2))
   || nr_buf_append(&st->text, z, (size_t)n) ){
    st->failed = 1;
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if( (sqlite3_int64)st->text.n
      > sqlite3_limit(sqlite3_context_db_handle(ctx), SQLITE_LIMIT_LENGTH, -1) ){
    st->failed = 1;
    nr_result_error(ctx, sqlite3_mprintf("minhash_agg(): the rows are longer "
                    "together than SQLITE_LIMIT_LENGTH"));
    return;
  }
  st->lang = lang;
  st->o = o;
  st->rows++;
  (void)c;
}

static void minhash_agg_final(sqlite3_context *ctx){
  nr_conn *c = sqlite3_user_data(ctx);
  agg_state *st = sqlite3_aggregate_context(ctx, 0);
  int lang;
  if( st == NULL ) return;          /* no row: NULL */
  if( !st->failed && st->rows > 0 ){
    const char *z = st->text.n ? st->text.p : "";
    if( nr_resolve_lang(c, st->lang, z, (int)st->text.n, &lang) ){
      sqlite3_result_error_nomem(ctx);
    }else{
      result_signature(ctx, c, lang, &st->o, z, st->text.n);
    }
  }
  nr_buf_free(&st->text);
}

/* ---- minhash_merge(): the union of signatures ---------------------------
** Values are those of the union's signature (nr_minhash_merge).  The
** union's size is estimated pairwise as each signature comes in: with J
** the share of equal values between the union so far (U) and the new
** signature (S),
** |U ∪ S| = (|U| + |S|) / (1 + J), kept between max(|U|, |S|) and
** |U| + |S|.  The result carries NR_SIG_COUNT_ESTIMATED. */
typedef struct merge_state {
  unsigned char *blob;           /* the union so far, a signature */
  nr_sig sig;                    /* decoded view of blob */
  double count;
  int inputs, flags, failed;
} merge_state;

static void minhash_merge_step(sqlite3_context *ctx, int argc,
                               sqlite3_value **argv){
  merge_state *st = sqlite3_aggregate_context(ctx, sizeof(*st));
  nr_sig s;
  char *err = NULL;
  int rc, i, same = 0, oom;
  (void)argc;
  if( st == NULL ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if( st->failed ) return;
  rc = arg_signature("minhash_merge", argv[0], 1, &s, &err);
  if( rc == 0 && st->inputs > 0 ){
    err = mismatch_error("minhash_merge", &st->sig, &s, &oom);
    if( err || oom ) rc = -1;
  }
  if( rc < 0 ){
    st->failed = 1;
    nr_result_error(ctx, err);
    return;
  }
  if( rc == 1 ) return;
  if( st->inputs == 0 ){
    size_t bytes = NR_SIG_BYTES(s.perms);
    st->blob = sqlite3_malloc64(bytes);
    if( st->blob == NULL ){
      st->failed = 1;
      sqlite3_result_error_nomem(ctx);
      return;
    }
    memcpy(st->blob, sqlite3_value_blob(argv[0]), bytes);
    nr_sig_decode(st->blob, bytes, &st->sig);
    st->count = s.count;
    st->flags = s.flags;
    st->inputs = 1;
    return;
  }
  for(i = 0; i < s.perms; i++){
    if( nr_sig_value(&st->sig, i) == nr_sig_value(&s, i) ) same++;
  }
  nr_minhash_merge(&st->sig, &s, st->blob + NR_SIG_HEADER);
  if( s.count > 0 ){
    double lo = st->count > s.count ? st->count : (double)s.count;
    double hi = st->count + s.count;
    double j = st->count > 0 ? (double)same / s.perms : 0.0;
    double u = hi / (1.0 + j);
    st->count = u < lo ? lo : u > hi ? hi : u;
  }
  st->flags |= s.flags | NR_SIG_COUNT_ESTIMATED;
  st->inputs++;
}

static void minhash_merge_final(sqlite3_context *ctx){
  merge_state *st = sqlite3_aggregate_context(ctx, 0);
  if( st == NULL ) return;
  if( !st->failed && st->inputs > 0 ){
    size_t bytes = NR_SIG_BYTES(st->sig.perms);
    st->sig.flags = st->flags;
    st->sig.count = st->count >= 4294967295.0 ? 0xFFFFFFFFu
                  : (uint32_t)(st->count + 0.5);
    nr_sig_write_header(&st->sig, st->blob);
    sqlite3_result_blob64(ctx, st->blob, bytes, sqlite3_free);
    st->blob = NULL;
  }
  sqlite3_free(st->blob);
}

/* ---- simhash(), hamming() ---------------------------------------------- */
static void simhash_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  nr_conn *c = sqlite3_user_data(ctx);
  const char *z;
  int n, lang, rc;
  sim_opts o;
  char *err;
  nr_shingle_list list = {0};
  rc = read_doc_args(c, "simhash", argc, argv, 1, USE_SHINGLE, &z, &n, &lang,
                     &o, &err);
  if( rc == 1 ) return;
  if( rc < 0 ){
    nr_result_error(ctx, err);
    return;
  }
  if( nr_shingle_text(c->an, lang, o.n, o.keep_stopwords, z, (size_t)n,
                      &list) ){
    sqlite3_result_error_nomem(ctx);
  }else if( list.n > 0 ){          /* no shingle, no fingerprint: NULL */
    sqlite3_result_int64(ctx, (sqlite3_int64)nr_simhash(&list));
  }
  nr_shingle_list_free(&list);
}

static void hamming_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  uint64_t x;
  int i;
  (void)argc;
  for(i = 0; i < 2; i++){
    int type = sqlite3_value_type(argv[i]);
    if( type == SQLITE_NULL ) return;
    if( type != SQLITE_INTEGER ){
      nr_result_error(ctx, sqlite3_mprintf("hamming(): argument %d must be "
                      "an integer (a simhash())", i + 1));
      return;
    }
  }
  x = (uint64_t)sqlite3_value_int64(argv[0])
    ^ (uint64_t)sqlite3_value_int64(argv[1]);
  for(i = 0; x; i++) x &= x - 1;
  sqlite3_result_int(ctx, i);
}

/* ---- shingles(): a table-valued function --------------------------------- */
enum {
  COL_POS, COL_SHINGLE, COL_HASH, COL_START, COL_END, COL_BYTE_START,
  COL_BYTE_END, COL_DOCUMENT, COL_LANG, COL_OPTIONS
};

typedef struct shingles_cursor {
  sqlite3_vtab_cursor base;
  nr_conn *conn;
  char *doc;
  int lang, n;
  nr_shingle_list list;
  nr_buf words;                  /* the kept words' stems, back to back */
  size_t *word_end;              /* where each ends in words */
  size_t nwords, cap_words;
  size_t row;
} shingles_cursor;

static int set_error(sqlite3_vtab_cursor *base, char *err){
  if( err == NULL ) return SQLITE_NOMEM;
  sqlite3_free(base->pVtab->zErrMsg);
  base->pVtab->zErrMsg = err;
  return SQLITE_ERROR;
}

static int shingles_connect(sqlite3 *db, void *aux, int argc,
                            const char *const *argv, sqlite3_vtab **out,
                            char **err){
  (void)argc; (void)argv; (void)err;
  return nr_vtab_connect(db, aux,
      "CREATE TABLE x(pos INTEGER, shingle TEXT, hash INTEGER, "
      "start INTEGER, \"end\" INTEGER, byte_start INTEGER, byte_end INTEGER, "
      "document HIDDEN, lang HIDDEN, options HIDDEN)",
      sizeof(nr_vtab), out);
}

static int shingles_best_index(sqlite3_vtab *vt, sqlite3_index_info *info){
  (void)vt;
  if( info->nOrderBy == 1 && info->aOrderBy[0].iColumn == COL_POS
   && !info->aOrderBy[0].desc ){
    info->orderByConsumed = 1;
  }
  return nr_best_index_args(info, COL_DOCUMENT, 3, 1, 500);
}

static int shingles_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out){
  shingles_cursor *cur = sqlite3_malloc(sizeof(*cur));
  if( cur == NULL ) return SQLITE_NOMEM;
  memset(cur, 0, sizeof(*cur));
  cur->conn = ((nr_vtab *)vt)->conn;
  *out = &cur->base;
  return SQLITE_OK;
}

static void shingles_reset(shingles_cursor *cur){
  sqlite3_free(cur->doc);
  cur->doc = NULL;
  nr_shingle_list_free(&cur->list);
  cur->words.n = 0;
  cur->nwords = 0;
  cur->row = 0;
}

static int shingles_close(sqlite3_vtab_cursor *base){
  shingles_cursor *cur = (shingles_cursor *)base;
  shingles_reset(cur);
  nr_buf_free(&cur->words);
  sqlite3_free(cur->word_end);
  sqlite3_free(cur);
  return SQLITE_OK;
}

/* The words the core shingled, kept by the same rule as nr_shingle_text,
** for the shingle column's text. */
static int collect_words(shingles_cursor *cur, int keep_stopwords,
                         size_t len){
  nr_scanner sc;
  nr_token tok;
  nr_scanner_init(&sc, cur->doc, len);
  while( nr_scanner_next(&sc, &tok) ){
    nr_term t;
    if( nr_analyze(cur->conn->an, cur->lang, tok.kind,
                   cur->doc + tok.byte_start, tok.byte_end - tok.byte_start,
                   0, &t) ) return -1;
    if( t.stem_n == 0 || (t.stopword && !keep_stopwords) ) continue;
    if( cur->nwords == cur->cap_words ){
      size_t cap = cur->cap_words ? cur->cap_words * 2 : 256;
      size_t *v = sqlite3_realloc64(cur->word_end, cap * sizeof(*v));
      if( v == NULL ) return -1;
      cur->word_end = v;
      cur->cap_words = cap;
    }
    if( nr_buf_append(&cur->words, t.stem, t.stem_n) ) return -1;
    cur->word_end[cur->nwords++] = cur->words.n;
  }
  return 0;
}

static int shingles_filter(sqlite3_vtab_cursor *base, int idx_num,
                           const char *idx_str, int argc,
                           sqlite3_value **argv){
  shingles_cursor *cur = (shingles_cursor *)base;
  sqlite3_value *args[3] = {NULL, NULL, NULL};
  const char *z;
  int n, i, k = 0, rc;
  sim_opts o;
  char *err = NULL;
  (void)idx_str; (void)argc;
  for(i = 0; i < 3; i++){
    if( idx_num & (1 << i) ) args[i] = argv[k++];
  }
  shingles_reset(cur);
  if( args[0] == NULL ){
    return set_error(base, sqlite3_mprintf("shingles(): the document "
        "argument is missing: shingles(document [, lang [, options]])"));
  }
  rc = read_doc_args(cur->conn, "shingles", 3, args, 1, USE_SHINGLE, &z, &n,
                     &cur->lang, &o, &err);
  if( rc == 1 ) return SQLITE_OK;
  if( rc < 0 ) return set_error(base, err);
  cur->doc = sqlite3_malloc64((sqlite3_uint64)n + 1);
  if( cur->doc == NULL ) return SQLITE_NOMEM;
  memcpy(cur->doc, z, (size_t)n);
  cur->n = o.n;
  if( nr_shingle_text(cur->conn->an, cur->lang, o.n, o.keep_stopwords,
                      cur->doc, (size_t)n, &cur->list)
   || collect_words(cur, o.keep_stopwords, (size_t)n) ){
    return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

static int shingles_next(sqlite3_vtab_cursor *base){
  ((shingles_cursor *)base)->row++;
  return SQLITE_OK;
}

static int shingles_eof(sqlite3_vtab_cursor *base){
  shingles_cursor *cur = (shingles_cursor *)base;
  return cur->row >= cur->list.n;
}

static int shingles_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx,
                           int col){
  shingles_cursor *cur = (shingles_cursor *)base;
  const nr_shingle *sh = &cur->list.v[cur->row];
  switch( col ){
    case COL_POS: sqlite3_result_int64(ctx, (sqlite3_int64)cur->row); break;
    case COL_SHINGLE: {
      size_t first = sh->word, last = sh->word + (size_t)cur->n;
      size_t from, to, i;
      nr_buf out = {0};
      if( last > cur->nwords ) last = cur->nwords;
      for(i = first; i < last; i++){
        from = i ? cur->word_end[i - 1] : 0;
        to = cur->word_end[i];
        if( (i > first && nr_buf_append(&out, " ", 1))
         || nr_buf_append(&out, cur->words.p + from, to - from) ){
          nr_buf_free(&out);
          return SQLITE_NOMEM;
        }
      }
      nr_result_text(ctx, "shingles", out.n ? out.p : "", out.n);
      nr_buf_free(&out);
      break;
    }
    case COL_HASH: sqlite3_result_int64(ctx, (sqlite3_int64)sh->hash); break;
    case COL_START: sqlite3_result_int64(ctx, (sqlite3_int64)sh->start); break;
    case COL_END: sqlite3_result_int64(ctx, (sqlite3_int64)sh->end); break;
    case COL_BYTE_START:
      sqlite3_result_int64(ctx, (sqlite3_int64)sh->byte_start);
      break;
    case COL_BYTE_END:
      sqlite3_result_int64(ctx, (sqlite3_int64)sh->byte_end);
      break;
    case COL_LANG:
      sqlite3_result_text(ctx, nr_lang_name(cur->lang), -1, SQLITE_STATIC);
      break;
    default:
      break;
  }
  return SQLITE_OK;
}

static int shingles_rowid(sqlite3_vtab_cursor *base, sqlite_int64 *rowid){
  *rowid = (sqlite3_int64)((shingles_cursor *)base)->row;
  return SQLITE_OK;
}

static sqlite3_module shingles_module = {
  0, 0, shingles_connect, shingles_best_index, nr_vtab_disconnect, 0,
  shingles_open, shingles_close, shingles_filter, shingles_next, shingles_eof,
  shingles_column, shingles_rowid,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

/* ---- shared_passages(): a table-valued function -------------------------- */
enum {
  PCOL_A_START, PCOL_A_END, PCOL_B_START, PCOL_B_END, PCOL_WORDS,
  PCOL_A_TEXT, PCOL_B_TEXT, PCOL_A_BYTE_START, PCOL_A_BYTE_END,
  PCOL_B_BYTE_START, PCOL_B_BYTE_END, PCOL_A, PCOL_B, PCOL_LANG, PCOL_OPTIONS
};

typedef struct passages_cursor {
  sqlite3_vtab_cursor base;
  nr_conn *conn;
  char *a, *b;
  nr_passage_list list;
  size_t row;
} passages_cursor;

static int passages_connect(sqlite3 *db, void *aux, int argc,
                            const char *const *argv, sqlite3_vtab **out,
                            char **err){
  (void)argc; (void)argv; (void)err;
  return nr_vtab_connect(db, aux,
      "CREATE TABLE x(a_start INTEGER, a_end INTEGER, b_start INTEGER, "
      "b_end INTEGER, words INTEGER, a_text TEXT, b_text TEXT, "
      "a_byte_start INTEGER, a_byte_end INTEGER, b_byte_start INTEGER, "
      "b_byte_end INTEGER, a HIDDEN, b HIDDEN, lang HIDDEN, options HIDDEN)",
      sizeof(nr_vtab), out);
}

static int passages_best_index(sqlite3_vtab *vt, sqlite3_index_info *info){
  (void)vt;
  return nr_best_index_args(info, PCOL_A, 4, 2, 10);
}

static int passages_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out){
  passages_cursor *cur = sqlite3_malloc(sizeof(*cur));
  if( cur == NULL ) return SQLITE_NOMEM;
  memset(cur, 0, sizeof(*cur));
  cur->conn = ((nr_vtab *)vt)->conn;
  *out = &cur->base;
  return SQLITE_OK;
}

static void passages_reset(passages_cursor *cur){
  sqlite3_free(cur->a);
  sqlite3_free(cur->b);
  cur->a = cur->b = NULL;
  nr_passage_list_free(&cur->list);
  cur->row = 0;
}

static int passages_close(sqlite3_vtab_cursor *base){
  passages_cursor *cur = (passages_cursor *)base;
  passages_reset(cur);
  sqlite3_free(cur);
  return SQLITE_OK;
}

static char *copy_text(const char *z, int n){
  char *p = sqlite3_malloc64((sqlite3_uint64)n + 1);
  if( p ){
    memcpy(p, z, (size_t)n);
    p[n] = 0;
  }
  return p;
}

static int passages_filter(sqlite3_vtab_cursor *base, int idx_num,
                           const char *idx_str, int argc,
                           sqlite3_value **argv){
  passages_cursor *cur = (passages_cursor *)base;
  sqlite3_value *args[4] = {NULL, NULL, NULL, NULL};
  const char *z[2];
  int n[2], i, k = 0, rc, lang;
  sim_opts o;
  char *err = NULL;
  nr_shingle_list la = {0}, lb = {0};
  (void)idx_str; (void)argc;
  for(i = 0; i < 4; i++){
    if( idx_num & (1 << i) ) args[i] = argv[k++];
  }
  passages_reset(cur);
  if( args[0] == NULL || args[1] == NULL ){
    return set_error(base, sqlite3_mprintf("shared_passages(): both "
        "documents are needed: shared_passages(a, b [, lang [, options]])"));
  }
  rc = read_doc_args(cur->conn, "shared_passages", 4, args, 2,
                     USE_SHINGLE | USE_PASSAGES, z, n, &lang, &o, &err);
  if( rc == 1 ) return SQLITE_OK;
  if( rc < 0 ) return set_error(base, err);
  cur->a = copy_text(z[0], n[0]);
  cur->b = copy_text(z[1], n[1]);
  rc = SQLITE_NOMEM;
  if( cur->a && cur->b
   && nr_shingle_text(cur->conn->an, lang, o.n, o.keep_stopwords, cur->a,
                      (size_t)n[0], &la) == 0
   && nr_shingle_text(cur->conn->an, lang, o.n, o.keep_stopwords, cur->b,
                      (size_t)n[1], &lb) == 0
   && nr_shared_passages(&la, &lb, o.n, o.gap, o.min_words, &cur->list)
      == 0 ){
    rc = SQLITE_OK;
  }
  nr_shingle_list_free(&la);
  nr_shingle_list_free(&lb);
  return rc;
}

static int passages_next(sqlite3_vtab_cursor *base){
  ((passages_cursor *)base)->row++;
  return SQLITE_OK;
}

static int passages_eof(sqlite3_vtab_cursor *base){
  passages_cursor *cur = (passages_cursor *)base;
  return cur->row >= cur->list.n;
}

static int passages_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx,
                           int col){
  passages_cursor *cur = (passages_cursor *)base;
  const nr_passage *p = &cur->list.v[cur->row];
  sqlite3_int64 v;
  switch( col ){
    case PCOL_A_START: v = (sqlite3_int64)p->a_start; break;
    case PCOL_A_END: v = (sqlite3_int64)p->a_end; break;
    case PCOL_B_START: v = (sqlite3_int64)p->b_start; break;
    case PCOL_B_END: v = (sqlite3_int64)p->b_end; break;
    case PCOL_WORDS: v = (sqlite3_int64)p->words; break;
    case PCOL_A_BYTE_START: v = (sqlite3_int64)p->a_byte_start; break;
    case PCOL_A_BYTE_END: v = (sqlite3_int64)p->a_byte_end; break;
    case PCOL_B_BYTE_START: v = (sqlite3_int64)p->b_byte_start; break;
    case PCOL_B_BYTE_END: v = (sqlite3_int64)p->b_byte_end; break;
    case PCOL_A_TEXT:
      nr_result_text(ctx, "shared_passages", cur->a + p->a_byte_start,
                     p->a_byte_end - p->a_byte_start);
      return SQLITE_OK;
    case PCOL_B_TEXT:
      nr_result_text(ctx, "shared_passages", cur->b + p->b_byte_start,
                     p->b_byte_end - p->b_byte_start);
      return SQLITE_OK;
    default:
      return SQLITE_OK;
  }
  sqlite3_result_int64(ctx, v);
  return SQLITE_OK;
}

static int passages_rowid(sqlite3_vtab_cursor *base, sqlite_int64 *rowid){
  *rowid = (sqlite3_int64)((passages_cursor *)base)->row;
  return SQLITE_OK;
}

static sqlite3_module passages_module = {
  0, 0, passages_connect, passages_best_index, nr_vtab_disconnect, 0,
  passages_open, passages_close, passages_filter, passages_next, passages_eof,
  passages_column, passages_rowid,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

/* ---- Registration -------------------------------------------------------- */
static const nr_func_def funcs[] = {
  {"jaccard", 2, 4, "jaccard(a, b [, lang [, options]])", jaccard_func, 0},
  {"containment", 2, 4, "containment(a, b [, lang [, options]])",
   containment_func, 0},
  {"minhash", 1, 3, "minhash(document [, lang [, options]])", minhash_func, 0},
  {"minhash_jaccard", 2, 2, "minhash_jaccard(s1, s2)", minhash_jaccard_func,
   0},
  {"minhash_containment", 2, 2, "minhash_containment(s1, s2)",
   minhash_containment_func, 0},
  {"minhash_agg", 1, 3, "minhash_agg(text [, lang [, options]])",
   minhash_agg_step, minhash_agg_final},
  {"minhash_merge", 1, 1, "minhash_merge(signature)", minhash_merge_step,
   minhash_merge_final},
  {"simhash", 1, 3, "simhash(document [, lang [, options]])", simhash_func, 0},
  {"hamming", 2, 2, "hamming(a, b)", hamming_func, 0},
};
#define NFUNCS ((int)(sizeof(funcs) / sizeof(funcs[0])))

int nr_register_similarity(sqlite3 *db, nr_conn *c){
  int rc = nr_register_functions(db, c, funcs, NFUNCS);
  if( rc == SQLITE_OK ){
    rc = sqlite3_create_module_v2(db, "shingles", &shingles_module,
                                  nr_conn_ref(c), nr_conn_unref);
  }
  if( rc == SQLITE_OK ){
    rc = sqlite3_create_module_v2(db, "shared_passages", &passages_module,
                                  nr_conn_ref(c), nr_conn_unref);
  }
  return rc;
}
