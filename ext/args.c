/*
** args.c -- argument checking, option parsing and error text for every
** SQL function, so that all of them speak with one voice:
**   stem(): unknown language 'klingon' (SELECT name FROM stem_languages)
**   stem_text(): unknown option 'foo' (known: stopwords, diacritics)
** It also routes the core's allocations through SQLite's allocator.
*/
#include <string.h>
#include "args.h"

void *nr_realloc(void *p, size_t n){
  return sqlite3_realloc64(p, (sqlite3_uint64)n);
}

void nr_free(void *p){
  sqlite3_free(p);
}

nr_conn *nr_conn_new(void){
  nr_conn *c = sqlite3_malloc(sizeof(*c));
  if( c == NULL ) return NULL;
  c->refs = 1;
  c->lsh_cache_bytes = 0;
  c->lsh_cache_loads = c->lsh_cache_queries = 0;
  c->an = nr_analyzer_new();
  if( c->an == NULL ){
    sqlite3_free(c);
    return NULL;
  }
  return c;
}

nr_conn *nr_conn_ref(nr_conn *c){
  c->refs++;
  return c;
}

void nr_conn_unref(void *p){
  nr_conn *c = (nr_conn *)p;
  if( c == NULL || --c->refs > 0 ) return;
  nr_analyzer_free(c->an);
  sqlite3_free(c);
}

int nr_arg_text(const char *fn, sqlite3_value *v, int argno,
                const char **z, int *n, char **err){
  size_t bad;
  const char *nul;
  switch( sqlite3_value_type(v) ){
    case SQLITE_NULL:
      return 1;
    case SQLITE_BLOB:
      *err = sqlite3_mprintf("%s(): argument %d must be text, not a blob",
                             fn, argno);
      return -1;
    default:
      break;
  }
  *z = (const char *)sqlite3_value_text(v);
  *n = sqlite3_value_bytes(v);
  if( *z == NULL ){
    *err = NULL;     /* out of memory */
    return -1;
  }
  bad = nr_utf8_check(*z, (size_t)*n);
  if( bad < (size_t)*n ){
    *err = sqlite3_mprintf("%s(): argument %d is not valid UTF-8 (at byte %lld)",
                           fn, argno, (long long)bad);
    return -1;
  }
  /* SQLite's own text functions stop at a NUL (length(), substr()), so
  ** offsets past one would point nowhere: refuse it rather than guess */
  nul = memchr(*z, 0, (size_t)*n);
  if( nul ){
    *err = sqlite3_mprintf("%s(): argument %d contains a NUL character "
                           "(at byte %lld)", fn, argno,
                           (long long)(nul - *z));
    return -1;
  }
  return 0;
}

/* How many bytes of z (n bytes) an error message quotes: at most
** QUOTE_MAX, cut at a character boundary so that the message stays valid
** UTF-8, and never past a NUL.  *more is set to "..." when that is not
** all of z. */
#define QUOTE_MAX 40
static int quote_len(const char *z, int n, const char **more){
  int len = n;
  const char *nul;
  *more = "";
  if( len > QUOTE_MAX ){
    len = QUOTE_MAX;
    while( len > 0 && ((unsigned char)z[len] & 0xC0) == 0x80 ) len--;
  }
  nul = memchr(z, 0, (size_t)len);
  if( nul ) len = (int)(nul - z);
  if( len < n ) *more = "...";
  return len;
}

int nr_arg_lang(const char *fn, sqlite3_value *v, int *lang, char **err){
  const char *z;
  int n, rc;
  *lang = nr_lang_default();
  if( v == NULL ) return 0;
  rc = nr_arg_text(fn, v, 2, &z, &n, err);
  if( rc == 1 ) return 0;
  if( rc < 0 ) return -1;
  *lang = nr_lang_find(z, (size_t)n);
  if( *lang == NR_LANG_UNKNOWN ){
    const char *more;
    int len = quote_len(z, n, &more);
    *err = sqlite3_mprintf("%s(): unknown language '%.*s%s' "
                           "(SELECT name, code FROM stem_languages)",
                           fn, len, z, more);
    return -1;
  }
  return 0;
}

int nr_arg_lang_cached(sqlite3_context *ctx, const char *fn, int argc,
                       sqlite3_value **argv, int argi, int *lang, char **err){
  int *cached;
  if( argi >= argc ){
    *lang = nr_lang_default();
    return 0;
  }
  cached = sqlite3_get_auxdata(ctx, argi);
  if( cached ){
    *lang = *cached;
    return 0;
  }
  if( nr_arg_lang(fn, argv[argi], lang, err) ) return -1;
  /* without memory it is only not remembered */
  cached = sqlite3_malloc(sizeof(*cached));
  if( cached ){
    *cached = *lang;
    sqlite3_set_auxdata(ctx, argi, cached, sqlite3_free);
  }
  return 0;
}

int nr_arg_options_cached(sqlite3_context *ctx, const char *fn, int argc,
                          sqlite3_value **argv, int argi, nr_option *opts,
                          int nopts, char **err){
  int *cached, i;
  if( argi >= argc ) return 0;
  cached = sqlite3_get_auxdata(ctx, argi);
  if( cached ){
    for(i = 0; i < nopts; i++) opts[i].value = cached[i];
    return 0;
  }
  if( nr_arg_options(fn, argv[argi], argi + 1, opts, nopts, err) ) return -1;
  cached = nopts > 0 ? sqlite3_malloc64(sizeof(*cached) * (size_t)nopts) : NULL;
  if( cached ){
    for(i = 0; i < nopts; i++) cached[i] = opts[i].value;
    sqlite3_set_auxdata(ctx, argi, cached, sqlite3_free);
  }
  return 0;
}

int nr_resolve_lang(nr_conn *c, int lang, const char *doc, int n,
                    int *resolved){
  *resolved = lang;
  if( lang != NR_LANG_AUTO ) return 0;
  *resolved = nr_detect_language(c->an, doc, (size_t)n);
  return *resolved == NR_LANG_UNKNOWN ? -1 : 0;
}

static int is_space(char c){
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',';
}

static char *known_options(const char *fn, const char *what, nr_option *opts,
                           int nopts){
  char *list = sqlite3_mprintf("");
  int i;
  for(i = 0; list && i < nopts; i++){
    char *next = sqlite3_mprintf("%s%s%s", list, i ? ", " : "", opts[i].name);
    sqlite3_free(list);
    list = next;
  }
  if( list == NULL ) return NULL;
  {
    char *err = sqlite3_mprintf("%s(): %s (known options: %s)", fn, what,
                                nopts ? list : "none");
    sqlite3_free(list);
    return err;
  }
}

static char *choices_text(const char *const *choices){
  char *list = sqlite3_mprintf("");
  int i;
  for(i = 0; list && choices[i]; i++){
    char *next = sqlite3_mprintf("%s%s'%s'", list,
                                 i == 0 ? "" : (choices[i+1] ? ", " : " or "),
                                 choices[i]);
    sqlite3_free(list);
    list = next;
  }
  return list;
}

static int set_option(const char *fn, nr_option *o, const char *val, int vn,
                      char **err){
  if( o->kind == NR_OPTION_INT ){
    long long v = 0;
    int i;
    int ok = (vn > 0 && vn <= 10);
    for(i = 0; ok && i < vn; i++){
      if( val[i] < '0' || val[i] > '9' ) ok = 0;
      else v = v * 10 + (val[i] - '0');
    }
    if( !ok || v < o->min || v > o->max ){
      *err = sqlite3_mprintf("%s(): %s must be between %d and %d", fn,
                             o->name, o->min, o->max);
      return -1;
    }
    o->value = (int)v;
    return 0;
  }else{
    int i;
    char *list;
    for(i = 0; o->choices[i]; i++){
      if( (int)strlen(o->choices[i]) == vn
       && sqlite3_strnicmp(o->choices[i], val, vn) == 0 ){
        o->value = i;
        return 0;
      }
    }
    list = choices_text(o->choices);
    *err = list ? sqlite3_mprintf("%s(): %s must be %s", fn, o->name, list)
                : NULL;
    sqlite3_free(list);
    return -1;
  }
}

int nr_parse_options(const char *fn, const char *z, int n, nr_option *opts,
                     int nopts, char **err){
  int i = 0;
  while( i < n ){
    int name, name_n, val, val_n, k, len;
    const char *more;
    while( i < n && is_space(z[i]) ) i++;
    if( i >= n ) break;
    name = i;
    while( i < n && !is_space(z[i]) && z[i] != '=' ) i++;
    name_n = i - name;
    len = quote_len(z + name, name_n, &more);
    if( i >= n || z[i] != '=' ){
      *err = sqlite3_mprintf("%s(): option '%.*s%s' needs a value "
                             "(write name=value)", fn, len, z + name, more);
      return -1;
    }
    val = ++i;
    while( i < n && !is_space(z[i]) ) i++;
    val_n = i - val;
    for(k = 0; k < nopts; k++){
      if( (int)strlen(opts[k].name) == name_n
       && sqlite3_strnicmp(opts[k].name, z + name, name_n) == 0 ) break;
    }
    if( k == nopts ){
      char *what = sqlite3_mprintf("unknown option '%.*s%s'", len, z + name,
                                   more);
      *err = what ? known_options(fn, what, opts, nopts) : NULL;
      sqlite3_free(what);
      return -1;
    }
    if( set_option(fn, &opts[k], z + val, val_n, err) ) return -1;
  }
  return 0;
}

int nr_arg_options(const char *fn, sqlite3_value *v, int argno,
                   nr_option *opts, int nopts, char **err){
  const char *z;
  int n, rc;
  if( v == NULL ) return 0;
  rc = nr_arg_text(fn, v, argno, &z, &n, err);
  if( rc == 1 ) return 0;
  if( rc < 0 ) return -1;
  return nr_parse_options(fn, z, n, opts, nopts, err);
}

void nr_result_error(sqlite3_context *ctx, char *err){
  if( err == NULL ){
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_error(ctx, err, -1);
  sqlite3_free(err);
}

void nr_result_text(sqlite3_context *ctx, const char *fn, const char *z,
                    size_t n){
  sqlite3 *db = sqlite3_context_db_handle(ctx);
  if( n > (size_t)sqlite3_limit(db, SQLITE_LIMIT_LENGTH, -1) ){
    nr_result_error(ctx, sqlite3_mprintf("%s(): result of %lld bytes is "
                    "longer than SQLITE_LIMIT_LENGTH", fn, (long long)n));
    return;
  }
  sqlite3_result_text64(ctx, z, (sqlite3_uint64)n, SQLITE_TRANSIENT,
                        SQLITE_UTF8);
}

int nr_vtab_connect(sqlite3 *db, void *conn, const char *schema, size_t size,
                    sqlite3_vtab **out){
  nr_vtab *vt;
  int rc = sqlite3_declare_vtab(db, schema);
  if( rc != SQLITE_OK ) return rc;
  vt = sqlite3_malloc64(size);
  if( vt == NULL ) return SQLITE_NOMEM;
  memset(vt, 0, size);
  vt->conn = conn;
  sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
  *out = &vt->base;
  return SQLITE_OK;
}

int nr_vtab_disconnect(sqlite3_vtab *vt){
  sqlite3_free(vt);
  return SQLITE_OK;
}

int nr_best_index_args(sqlite3_index_info *info, int first_arg, int nargs,
                       int required, double rows){
  int arg_of_col[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
  int i, n = 0, mask = 0, need = (1 << required) - 1;
  for(i = 0; i < info->nConstraint; i++){
    const struct sqlite3_index_constraint *c = &info->aConstraint[i];
    int col = c->iColumn - first_arg;
    if( col < 0 || col >= nargs || col >= 8 ) continue;
    if( c->op != SQLITE_INDEX_CONSTRAINT_EQ ) continue;
    if( !c->usable ) return SQLITE_CONSTRAINT;
    arg_of_col[col] = i;
  }
  for(i = 0; i < nargs && i < 8; i++){
    if( arg_of_col[i] < 0 ) continue;
    info->aConstraintUsage[arg_of_col[i]].argvIndex = ++n;
    info->aConstraintUsage[arg_of_col[i]].omit = 1;
    mask |= 1 << i;
  }
  info->idxNum = mask;
  info->estimatedCost = (mask & need) == need ? 1000.0 : 1e12;
  info->estimatedRows = (mask & need) == need ? (sqlite3_int64)rows : 1;
  return SQLITE_OK;
}

static void wrong_args_func(sqlite3_context *ctx, int argc,
                            sqlite3_value **argv){
  const nr_func_def *f = sqlite3_user_data(ctx);
  (void)argv;
  nr_result_error(ctx, sqlite3_mprintf("%s(): wrong number of arguments "
      "(%d): %s", f->name, argc, f->usage));
}

int nr_register_functions(sqlite3 *db, nr_conn *c, const nr_func_def *defs,
                          int n){
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int i, nargs, rc = SQLITE_OK;
  for(i = 0; rc == SQLITE_OK && i < n; i++){
    const nr_func_def *f = &defs[i];
    for(nargs = f->min_args; rc == SQLITE_OK && nargs <= f->max_args;
        nargs++){
      rc = sqlite3_create_function_v2(db, f->name, nargs, flags,
                                      nr_conn_ref(c),
                                      f->final ? NULL : f->fn,
                                      f->final ? f->fn : NULL, f->final,
                                      nr_conn_unref);
    }
    if( rc == SQLITE_OK ){
      rc = sqlite3_create_function_v2(db, f->name, -1, flags, (void *)f,
                                      wrong_args_func, NULL, NULL, NULL);
    }
  }
  return rc;
}
