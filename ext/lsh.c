/*
** lsh.c -- the minhash_lsh virtual table, a near-duplicate index kept in
** the database file:
**   CREATE VIRTUAL TABLE x USING minhash_lsh(threshold=0.5, lang=english,
**                                            n=3, perms=128);
**   INSERT INTO x(rowid, document) VALUES(...);    -- or (rowid, signature)
**   SELECT rowid, jaccard, containment FROM x WHERE x MATCH :text_or_sig
**    ORDER BY jaccard DESC;
**   INSERT INTO x(x) VALUES('integrity-check');     -- 'rebuild', 'optimize'
** Everything lives in three ordinary shadow tables, x_config, x_sig and
** x_band, written with SQL inside the caller's statement, so transactions,
** savepoints and a connection without the extension all see plain tables.
** The table-valued functions minhash_lsh_pairs() and minhash_lsh_clusters()
** are in lsh_pairs.c.
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#include "args.h"
#include "lsh.h"

enum {
  COL_DOCUMENT, COL_SIGNATURE, COL_JACCARD, COL_CONTAINMENT, COL_THRESHOLD,
  COL_TABLE
};

enum {
  S_SIG_INSERT, S_SIG_GET, S_SIG_DELETE, S_BAND_INSERT, S_BAND_DELETE,
  S_BAND_LOOKUP, S_BAND_DELETE_ROWID, S_COUNT
};

/* A band row written in this transaction, not yet in <name>_band. */
typedef struct lsh_band_row {
  int32_t band, bucket;
  sqlite3_int64 rowid;
} lsh_band_row;

/* A slot of a band's table in the query cache: a bucket and its document
** (ref >= 0, the signature's index) or its run in cache_post (-1 - ref). */
typedef struct lsh_slot {
  int32_t bucket, ref;
} lsh_slot;

typedef struct lsh_vtab {
  sqlite3_vtab base;
  sqlite3 *db;
  nr_conn *conn;
  char *schema, *name;
  nr_lsh_params p;
  sqlite3_stmt *stmt[S_COUNT];   /* prepared on first use, see get_stmt */
  /* The band rows in memory, for a connection that queries an index it
  ** does not change: each band's buckets sorted, with their rowids.  Valid
  ** while the file's data version (any commit, this connection's or
  ** another's) is cache_dv; never used inside a write transaction, whose
  ** rows may yet be rolled back (see band_cache_usable). */
  int cache_ok;
  unsigned int cache_dv;
  int cache_misses;              /* queries by SQL since the version changed */
  unsigned int miss_dv;
  int cache_nsig;                /* signatures (see "the query cache") */
  sqlite3_int64 *cache_rowid;    /* their rowids, ascending (loading) */
  uint32_t *cache_docs;          /* their records, CACHE_STRIDE each */
  uint32_t *cache_table;         /* bands + 1 offsets into cache_slots */
  struct lsh_slot *cache_slots;
  int32_t *cache_post;           /* runs of documents sharing a bucket */
  sqlite3_int64 cache_bytes;     /* what the cache holds */
  /* The band rows of inserted documents wait here, as FTS5's pending
  ** terms do, and reach <name>_band sorted: inserted in key order they
  ** touch each b-tree page once, where one by one each lands on a random
  ** page.  Written before anything reads or deletes band rows (a query,
  ** a delete, a command, minhash_lsh_pairs()), at every savepoint, at
  ** COMMIT, and when PENDING_MAX wait; dropped by ROLLBACK (TO), whose
  ** savepoint saw them written. */
  lsh_band_row *pending;
  int npending, pending_cap;
} lsh_vtab;

typedef struct lsh_hit {
  sqlite3_int64 rowid;
  double jaccard, containment;
} lsh_hit;

typedef struct lsh_cursor {
  sqlite3_vtab_cursor base;
  sqlite3_stmt *scan;            /* full scan or rowid lookup */
  lsh_hit *hits;                 /* MATCH results, best first */
  int nhits, i;
  int match;
  double threshold;
  int eof;
} lsh_cursor;

/* ---- parameters and config ---------------------------------------------- */

static const char *const option_names =
    "threshold, lang, n, perms, seed, stopwords, bands, rows, margin";

/* Strips spaces and one pair of matching quotes. */
static void trim(const char **z, int *n){
  while( *n > 0 && (**z == ' ' || **z == '\t' || **z == '\n') ){ (*z)++; (*n)--; }
  while( *n > 0 && ((*z)[*n-1] == ' ' || (*z)[*n-1] == '\t'
                    || (*z)[*n-1] == '\n') ) (*n)--;
  if( *n >= 2 && ((*z)[0] == '\'' || (*z)[0] == '"') && (*z)[*n-1] == (*z)[0] ){
    (*z)++;
    *n -= 2;
  }
}

static int parse_int(const char *z, int n, long long lo, long long hi,
                     long long *out){
  long long v = 0;
  int i;
  if( n <= 0 || n > 12 ) return -1;
  for(i = 0; i < n; i++){
    if( z[i] < '0' || z[i] > '9' ) return -1;
    v = v * 10 + (z[i] - '0');
  }
  if( v < lo || v > hi ) return -1;
  *out = v;
  return 0;
}

static int parse_real(const char *z, int n, double *out){
  char buf[32];
  char *end;
  if( n <= 0 || n >= (int)sizeof(buf) ) return -1;
  memcpy(buf, z, (size_t)n);
  buf[n] = 0;
  *out = strtod(buf, &end);
  if( end != buf + n || !(*out == *out) ) return -1;
  return 0;
}

void nr_lsh_defaults(nr_lsh_params *p){
  memset(p, 0, sizeof(*p));
  p->version = NR_LSH_FORMAT;
  p->threshold = 0.5;
  p->opts.lang = nr_lang_default();
  p->opts.n = 3;
  p->opts.perms = 128;
  p->opts.seed = 0;
  p->opts.keep_stopwords = 1;
}

/* Writes an error into err (NR_LSH_ERR bytes) and returns it: these
** errors need no allocation, so running out of memory cannot lose one. */
static const char *fmt_err(char *err, const char *fmt, ...){
  va_list ap;
  va_start(ap, fmt);
  sqlite3_vsnprintf(NR_LSH_ERR, err, fmt, ap);
  va_end(ap);
  return err;
}

/* Sets one parameter from its text (version too: the config table's).
** Returns NULL or err, holding the error without the "who:" prefix. */
const char *nr_lsh_set(nr_lsh_params *p, const char *k, int kn,
                       const char *v, int vn, char *err){
  long long iv;
#define KEY(s) (kn == (int)sizeof(s) - 1 && sqlite3_strnicmp(k, s, kn) == 0)
  if( KEY("threshold") ){
    double t;
    if( parse_real(v, vn, &t) || t <= 0.0 || t > 1.0 ){
      return fmt_err(err, "threshold must be a number above 0 and at "
                             "most 1, not '%.*s'", vn, v);
    }
    p->threshold = t;
  }else if( KEY("margin") ){
    double m;
    if( parse_real(v, vn, &m) || m < 0.0 || m >= 1.0 ){
      return fmt_err(err, "margin must be a number from 0 to below 1, "
                             "not '%.*s'", vn, v);
    }
    p->margin = m;
    p->margin_set = 1;
  }else if( KEY("lang") ){
    int lang = nr_lang_find(v, (size_t)vn);
    if( lang == NR_LANG_UNKNOWN ){
      return fmt_err(err, "unknown language '%.*s' (SELECT name, code "
                             "FROM stem_languages)", vn, v);
    }
    if( lang == NR_LANG_AUTO ){
      return fmt_err(err, "lang=auto is not allowed: signatures made in "
                             "different languages cannot be compared");
    }
    p->opts.lang = lang;
  }else if( KEY("n") ){
    if( parse_int(v, vn, 1, NR_SHINGLE_N_MAX, &iv) ){
      return fmt_err(err, "n must be between 1 and %d", NR_SHINGLE_N_MAX);
    }
    p->opts.n = (int)iv;
  }else if( KEY("perms") ){
    if( parse_int(v, vn, NR_SIG_PERMS_MIN, NR_SIG_PERMS_MAX, &iv) ){
      return fmt_err(err, "perms must be between %d and %d",
                             NR_SIG_PERMS_MIN, NR_SIG_PERMS_MAX);
    }
    p->opts.perms = (int)iv;
  }else if( KEY("seed") ){
    if( parse_int(v, vn, 0, 2147483647LL, &iv) ){   /* as minhash() */
      return fmt_err(err, "seed must be between 0 and 2147483647");
    }
    p->opts.seed = (uint32_t)iv;
  }else if( KEY("stopwords") ){
    if( parse_int(v, vn, 0, 1, &iv) ){
      return fmt_err(err, "stopwords must be 0 or 1");
    }
    p->opts.keep_stopwords = (int)iv;
  }else if( KEY("bands") ){
    if( parse_int(v, vn, 1, NR_SIG_PERMS_MAX, &iv) ){
      return fmt_err(err, "bands must be between 1 and %d",
                             NR_SIG_PERMS_MAX);
    }
    p->bands = (int)iv;
  }else if( KEY("rows") ){
    if( parse_int(v, vn, 1, NR_SIG_PERMS_MAX, &iv) ){
      return fmt_err(err, "rows must be between 1 and %d",
                             NR_SIG_PERMS_MAX);
    }
    p->rows = (int)iv;
  }else if( KEY("version") ){
    if( parse_int(v, vn, 0, 1000000, &iv) || iv < 1 ){
      return fmt_err(err, "format version '%.*s' is not a version", vn, v);
    }
    p->version = (int)iv;
  }else{
    return fmt_err(err, "unknown option '%.*s' (known options: %s)", kn, k,
                           option_names);
  }
#undef KEY
  return NULL;
}

/* Checks the parameters as a whole, choosing bands x rows when not given. */
const char *nr_lsh_finish(nr_lsh_params *p, char *err){
  if( p->bands == 0 && p->rows == 0 ){
    if( nr_lsh_choose(p->threshold, p->opts.perms, NR_LSH_BANDS_MAX,
                      &p->bands, &p->rows) ){
      return fmt_err(err, "no bands x rows within %d bands reach recall "
                             "%.2f at threshold %g with perms=%d (raise perms "
                             "or give bands= and rows=)", NR_LSH_BANDS_MAX,
                             NR_LSH_RECALL, p->threshold, p->opts.perms);
    }
  }else if( p->bands == 0 || p->rows == 0 ){
    return fmt_err(err, "bands and rows go together: give both or neither");
  }
  if( !p->margin_set ){
    /* half the standard error of the estimate at the threshold, to 4
    ** places: a pair of Jaccard exactly t is estimated below t half of
    ** the time, so a strict cut loses many true pairs near t, while a
    ** wide one admits pairs well below it (README, "Near-duplicates at corpus scale", "Accuracy") */
    p->margin = floor(0.5 * sqrt(p->threshold * (1.0 - p->threshold)
                                 / p->opts.perms) * 1e4 + 0.5) / 1e4;
    p->margin_set = 1;
  }
  if( p->margin >= p->threshold ){
    return fmt_err(err, "margin (%g) must be below the threshold (%g)",
                           p->margin, p->threshold);
  }
  if( p->bands * p->rows > p->opts.perms ){
    return fmt_err(err, "bands x rows (%d x %d) is more than perms (%d)",
                           p->bands, p->rows, p->opts.perms);
  }
  return NULL;
}

/* The signature header every row of the index must have. */
void nr_lsh_expected_sig(const nr_lsh_params *p, nr_sig *sig){
  memset(sig, 0, sizeof(*sig));
  sig->version = NR_SIG_VERSION;
  sig->algorithm = NR_SIG_ALGO_MINHASH;
  sig->n = p->opts.n;
  sig->perms = p->opts.perms;
  sig->seed = p->opts.seed;
  sig->flags = p->opts.keep_stopwords ? NR_SIG_STOPWORDS : 0;
  strncpy(sig->lang, nr_lang_name(p->opts.lang), NR_SIG_LANG_MAX);
}

const char *nr_lsh_check_sig(const nr_lsh_params *p,
                             const unsigned char *blob, int n, nr_sig *sig,
                             char *err){
  nr_sig want;
  const char *what = nr_sig_decode(blob, (size_t)(n < 0 ? 0 : n), sig);
  if( what ) return fmt_err(err, "%s", what);
  nr_lsh_expected_sig(p, &want);
  what = nr_sig_mismatch(sig, &want);
  if( what == NULL ) return NULL;
  if( strcmp(what, "n") == 0 ){
    return fmt_err(err, "signature made with n=%d, the index uses n=%d",
                           sig->n, want.n);
  }
  if( strcmp(what, "perms") == 0 ){
    return fmt_err(err, "signature made with perms=%d, the index uses "
                           "perms=%d", sig->perms, want.perms);
  }
  if( strcmp(what, "seed") == 0 ){
    return fmt_err(err, "signature made with seed=%u, the index uses "
                           "seed=%u", sig->seed, want.seed);
  }
  if( strcmp(what, "language") == 0 ){
    return fmt_err(err, "signature made with lang=%s, the index uses "
                           "lang=%s", sig->lang, want.lang);
  }
  if( strcmp(what, "stopwords") == 0 ){
    return fmt_err(err, "signature made with stopwords=%d, the index "
                           "uses stopwords=%d",
                           (sig->flags & NR_SIG_STOPWORDS) ? 1 : 0,
                           p->opts.keep_stopwords);
  }
  return fmt_err(err, "signature made with another %s", what);
}

const char *nr_lsh_load(sqlite3 *db, const char *schema, const char *name,
                        nr_lsh_params *p, char *err){
  sqlite3_stmt *st = NULL;
  char inner[NR_LSH_ERR];
  const char *bad = NULL;
  char *sql;
  int rc, seen = 0;
  nr_lsh_defaults(p);
  p->version = 0;
  sql = sqlite3_mprintf("SELECT key, value FROM \"%w\".\"%w_config\"",
                        schema, name);
  if( sql == NULL ) return fmt_err(err, "out of memory");
  rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  sqlite3_free(sql);
  if( rc != SQLITE_OK ){
    return fmt_err(err, "cannot read %s_config: %s", name,
                   sqlite3_errmsg(db));
  }
  while( bad == NULL && (rc = sqlite3_step(st)) == SQLITE_ROW ){
    const char *k = (const char *)sqlite3_column_text(st, 0);
    int kn = sqlite3_column_bytes(st, 0);
    const char *v = (const char *)sqlite3_column_text(st, 1);
    int vn = sqlite3_column_bytes(st, 1);
    if( k == NULL || v == NULL ){
      bad = fmt_err(err, "%s_config has a NULL key or value (or memory ran "
                    "out)", name);
      break;
    }
    if( nr_lsh_set(p, k, kn, v, vn, inner) ){
      bad = fmt_err(err, "%s_config: %s", name, inner);
    }
    seen++;
  }
  if( bad == NULL && rc != SQLITE_DONE ){
    bad = fmt_err(err, "cannot read %s_config: %s", name, sqlite3_errmsg(db));
  }
  sqlite3_finalize(st);
  if( bad ) return bad;
  if( p->version == 0 ){
    return fmt_err(err, "%s_config has no format version", name);
  }
  if( p->version > NR_LSH_FORMAT ){
    return fmt_err(err, "%s was written by format version %d of "
                   "minhash_lsh; this build of newsroom reads "
                   "version %d and older (upgrade newsroom)",
                   name, p->version, NR_LSH_FORMAT);
  }
  if( seen != 10 ){
    return fmt_err(err, "%s_config has %d keys, expected 10 (version, %s)",
                   name, seen, option_names);
  }
  if( nr_lsh_finish(p, inner) ){
    return fmt_err(err, "%s_config: %s", name, inner);
  }
  return NULL;
}

/* ---- create, connect ------------------------------------------------------ */

static void cache_drop(lsh_vtab *vt){
  if( vt->cache_ok ) vt->conn->lsh_cache_bytes -= vt->cache_bytes;
  sqlite3_free(vt->cache_rowid);
  sqlite3_free(vt->cache_docs);
  sqlite3_free(vt->cache_table);
  sqlite3_free(vt->cache_slots);
  sqlite3_free(vt->cache_post);
  vt->cache_rowid = NULL;
  vt->cache_docs = NULL;
  vt->cache_table = NULL;
  vt->cache_slots = NULL;
  vt->cache_post = NULL;
  vt->cache_nsig = 0;
  vt->cache_bytes = 0;
  vt->cache_ok = 0;
}

static void vtab_free(lsh_vtab *vt){
  int i;
  if( vt == NULL ) return;
  cache_drop(vt);
  sqlite3_free(vt->pending);
  for(i = 0; i < S_COUNT; i++) sqlite3_finalize(vt->stmt[i]);
  nr_conn_unref(vt->conn);
  sqlite3_free(vt->schema);
  sqlite3_free(vt->name);
  sqlite3_free(vt);
}

static int exec_fmt(sqlite3 *db, char **err, const char *fmt, ...){
  va_list ap;
  char *sql;
  int rc;
  va_start(ap, fmt);
  sql = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  if( sql == NULL ) return SQLITE_NOMEM;
  rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
  sqlite3_free(sql);
  if( rc != SQLITE_OK && err ){
    sqlite3_free(*err);
    *err = sqlite3_mprintf("%s", sqlite3_errmsg(db));
  }
  return rc;
}

static int write_config(sqlite3 *db, const char *schema, const char *name,
                        const nr_lsh_params *p, char **err){
  return exec_fmt(db, err,
      "INSERT INTO \"%w\".\"%w_config\"(key, value) VALUES"
      "('version', %d), ('threshold', %!.17g), ('lang', %Q), ('n', %d), "
      "('perms', %d), ('seed', %u), ('stopwords', %d), ('bands', %d), "
      "('rows', %d), ('margin', %!.17g)",
      schema, name, p->version, p->threshold, nr_lang_name(p->opts.lang),
      p->opts.n, p->opts.perms, (unsigned)p->opts.seed,
      p->opts.keep_stopwords, p->bands, p->rows, p->margin);
}

static int lsh_init(sqlite3 *db, void *aux, int argc, const char *const *argv,
                    sqlite3_vtab **out, char **err, int create){
  lsh_vtab *vt;
  char *msg = NULL;
  int rc, i;
  *out = NULL;
  vt = sqlite3_malloc(sizeof(*vt));
  if( vt == NULL ) return SQLITE_NOMEM;
  memset(vt, 0, sizeof(*vt));
  vt->db = db;
  vt->conn = nr_conn_ref(aux);
  vt->schema = sqlite3_mprintf("%s", argv[1]);
  vt->name = sqlite3_mprintf("%s", argv[2]);
  if( vt->schema == NULL || vt->name == NULL ){
    vtab_free(vt);
    return SQLITE_NOMEM;
  }
  if( create ){
    char buf[NR_LSH_ERR];
    const char *bad = NULL;
    nr_lsh_defaults(&vt->p);
    for(i = 3; i < argc && bad == NULL; i++){
      const char *z = argv[i], *eq = strchr(z, '=');
      const char *k = z, *v;
      int kn, vn;
      if( eq == NULL ){
        kn = (int)strlen(z);
        trim(&k, &kn);
        sqlite3_snprintf(sizeof(buf), buf, "option '%.*s' needs a value "
                         "(write name=value)", kn, k);
        bad = buf;
        break;
      }
      kn = (int)(eq - z);
      v = eq + 1;
      vn = (int)strlen(v);
      trim(&k, &kn);
      trim(&v, &vn);
      bad = nr_lsh_set(&vt->p, k, kn, v, vn, buf);
      if( bad == NULL && kn == 7 && sqlite3_strnicmp(k, "version", 7) == 0 ){
        sqlite3_snprintf(sizeof(buf), buf, "unknown option 'version' (known "
                         "options: %s)", option_names);
        bad = buf;
      }
    }
    if( bad == NULL ) bad = nr_lsh_finish(&vt->p, buf);
    if( bad ){
      *err = sqlite3_mprintf("minhash_lsh: %s", bad);
      vtab_free(vt);
      return *err ? SQLITE_ERROR : SQLITE_NOMEM;
    }
    rc = exec_fmt(db, &msg,
        "CREATE TABLE \"%w\".\"%w_config\"(key TEXT PRIMARY KEY, value) "
        "WITHOUT ROWID;"
        "CREATE TABLE \"%w\".\"%w_sig\"(rowid INTEGER PRIMARY KEY, sig BLOB);"
        "CREATE TABLE \"%w\".\"%w_band\"(band INTEGER, bucket INTEGER, "
        "rowid INTEGER, PRIMARY KEY(band, bucket, rowid)) WITHOUT ROWID;",
        vt->schema, vt->name, vt->schema, vt->name, vt->schema, vt->name);
    if( rc == SQLITE_OK ) rc = write_config(db, vt->schema, vt->name, &vt->p,
                                            &msg);
    if( rc != SQLITE_OK ){
      *err = sqlite3_mprintf("minhash_lsh: %s", msg ? msg : "out of memory");
      sqlite3_free(msg);
      vtab_free(vt);
      return rc;
    }
  }else{
    char buf[NR_LSH_ERR];
    const char *bad = nr_lsh_load(db, vt->schema, vt->name, &vt->p, buf);
    if( bad ){
      *err = sqlite3_mprintf("minhash_lsh: %s", bad);
      vtab_free(vt);
      return *err ? SQLITE_ERROR : SQLITE_NOMEM;
    }
  }
  {
    char *decl = sqlite3_mprintf(
        "CREATE TABLE x(document HIDDEN, signature, jaccard, containment, "
        "threshold HIDDEN, \"%w\" HIDDEN)", vt->name);
    rc = decl ? sqlite3_declare_vtab(db, decl) : SQLITE_NOMEM;
    sqlite3_free(decl);
  }
  if( rc != SQLITE_OK ){
    vtab_free(vt);
    return rc;
  }
  sqlite3_vtab_config(db, SQLITE_VTAB_CONSTRAINT_SUPPORT, 1);
  *out = &vt->base;
  return SQLITE_OK;
}

static int lsh_create(sqlite3 *db, void *aux, int argc,
                      const char *const *argv, sqlite3_vtab **out, char **err){
  return lsh_init(db, aux, argc, argv, out, err, 1);
}

static int lsh_connect(sqlite3 *db, void *aux, int argc,
                       const char *const *argv, sqlite3_vtab **out,
                       char **err){
  return lsh_init(db, aux, argc, argv, out, err, 0);
}

static int lsh_disconnect(sqlite3_vtab *base){
  vtab_free((lsh_vtab *)base);
  return SQLITE_OK;
}

static int lsh_destroy(sqlite3_vtab *base){
  lsh_vtab *vt = (lsh_vtab *)base;
  int rc = exec_fmt(vt->db, NULL,
      "DROP TABLE IF EXISTS \"%w\".\"%w_config\";"
      "DROP TABLE IF EXISTS \"%w\".\"%w_sig\";"
      "DROP TABLE IF EXISTS \"%w\".\"%w_band\";",
      vt->schema, vt->name, vt->schema, vt->name, vt->schema, vt->name);
  if( rc == SQLITE_OK ) vtab_free(vt);
  return rc;
}

static int flush_pending(lsh_vtab *vt);

static int lsh_rename(sqlite3_vtab *base, const char *new_name){
  lsh_vtab *vt = (lsh_vtab *)base;
  char *name;
  int rc, i;
  rc = flush_pending(vt);
  if( rc != SQLITE_OK ) return rc;
  for(i = 0; i < S_COUNT; i++){
    sqlite3_finalize(vt->stmt[i]);
    vt->stmt[i] = NULL;
  }
  cache_drop(vt);
  rc = exec_fmt(vt->db, &vt->base.zErrMsg,
      "ALTER TABLE \"%w\".\"%w_config\" RENAME TO \"%w_config\";"
      "ALTER TABLE \"%w\".\"%w_sig\" RENAME TO \"%w_sig\";"
      "ALTER TABLE \"%w\".\"%w_band\" RENAME TO \"%w_band\";",
      vt->schema, vt->name, new_name, vt->schema, vt->name, new_name,
      vt->schema, vt->name, new_name);
  if( rc != SQLITE_OK ) return rc;
  name = sqlite3_mprintf("%s", new_name);
  if( name == NULL ) return SQLITE_NOMEM;
  sqlite3_free(vt->name);
  vt->name = name;
  return SQLITE_OK;
}

static int lsh_shadow_name(const char *suffix){
  return sqlite3_stricmp(suffix, "config") == 0
      || sqlite3_stricmp(suffix, "sig") == 0
      || sqlite3_stricmp(suffix, "band") == 0;
}

/* ---- statements ----------------------------------------------------------- */

/* Prepared when first needed rather than at connect: in defensive mode a
** statement that writes a shadow table may only be prepared while the
** virtual table's own statement runs. */
static sqlite3_stmt *get_stmt(lsh_vtab *vt, int which){
  static const char *const fmt[S_COUNT] = {
    "INSERT INTO \"%w\".\"%w_sig\"(rowid, sig) VALUES(?1, ?2)",
    "SELECT sig FROM \"%w\".\"%w_sig\" WHERE rowid = ?1",
    "DELETE FROM \"%w\".\"%w_sig\" WHERE rowid = ?1",
    "INSERT INTO \"%w\".\"%w_band\"(band, bucket, rowid) VALUES(?1, ?2, ?3)",
    "DELETE FROM \"%w\".\"%w_band\" WHERE band = ?1 AND bucket = ?2 AND rowid = ?3",
    "SELECT rowid FROM \"%w\".\"%w_band\" WHERE band = ?1 AND bucket = ?2",
    "DELETE FROM \"%w\".\"%w_band\" WHERE rowid = ?1",
  };
  if( vt->stmt[which] == NULL ){
    char *sql = sqlite3_mprintf(fmt[which], vt->schema, vt->name);
    int rc;
    if( sql == NULL ) return NULL;
    rc = sqlite3_prepare_v3(vt->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                            &vt->stmt[which], NULL);
    sqlite3_free(sql);
    if( rc != SQLITE_OK ){
      sqlite3_free(vt->base.zErrMsg);
      vt->base.zErrMsg = sqlite3_mprintf("%s", sqlite3_errmsg(vt->db));
      return NULL;
    }
  }
  return vt->stmt[which];
}

/* Runs a statement that returns no row, then resets it. */
static int run(lsh_vtab *vt, sqlite3_stmt *st){
  int rc = sqlite3_step(st);
  if( rc == SQLITE_DONE ) rc = SQLITE_OK;
  else{
    sqlite3_free(vt->base.zErrMsg);
    vt->base.zErrMsg = sqlite3_mprintf("%s", sqlite3_errmsg(vt->db));
  }
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return rc;
}

static int set_error(lsh_vtab *vt, int rc, const char *fmt, ...){
  va_list ap;
  char *msg;
  va_start(ap, fmt);
  msg = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  sqlite3_free(vt->base.zErrMsg);
  vt->base.zErrMsg = msg;
  return msg ? rc : SQLITE_NOMEM;
}

/* The stored signature of rowid, copied into *blob (sqlite3_malloc), or
** *blob NULL when there is no such row. */
static int read_sig(lsh_vtab *vt, sqlite3_int64 rowid, unsigned char **blob,
                    int *n){
  sqlite3_stmt *st = get_stmt(vt, S_SIG_GET);
  int rc;
  *blob = NULL;
  *n = 0;
  if( st == NULL ) return vt->base.zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
  sqlite3_bind_int64(st, 1, rowid);
  rc = sqlite3_step(st);
  if( rc == SQLITE_ROW ){
    int len = sqlite3_column_bytes(st, 0);
    const void *p = sqlite3_column_blob(st, 0);
    *blob = sqlite3_malloc(len > 0 ? len : 1);
    if( *blob == NULL ){
      rc = SQLITE_NOMEM;
    }else{
      if( len > 0 ) memcpy(*blob, p, (size_t)len);
      *n = len;
      rc = SQLITE_OK;
    }
  }else if( rc == SQLITE_DONE ){
    rc = SQLITE_OK;
  }else{
    set_error(vt, rc, "%s", sqlite3_errmsg(vt->db));
  }
  sqlite3_reset(st);
  return rc;
}

/* Adds (add=1) or removes the band rows of a decoded signature. */
static int write_bands(lsh_vtab *vt, const nr_sig *sig, sqlite3_int64 rowid,
                       int add){
  sqlite3_stmt *st;
  int b, rc = SQLITE_OK;
  if( sig->count == 0 ) return SQLITE_OK;  /* no shingle: similar to none */
  st = get_stmt(vt, add ? S_BAND_INSERT : S_BAND_DELETE);
  if( st == NULL ) return vt->base.zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
  for(b = 0; b < vt->p.bands && rc == SQLITE_OK; b++){
    sqlite3_bind_int(st, 1, b);
    sqlite3_bind_int(st, 2, nr_lsh_bucket(sig, b, vt->p.rows));
    sqlite3_bind_int64(st, 3, rowid);
    rc = run(vt, st);
  }
  return rc;
}

static int cmp_band_row(const void *a, const void *b){
  const lsh_band_row *x = a, *y = b;
  if( x->band != y->band ) return x->band < y->band ? -1 : 1;
  if( x->bucket != y->bucket ) return x->bucket < y->bucket ? -1 : 1;
  return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

/* Writes the pending band rows, in key order.  On an error the rows not
** yet written stay pending; the statement or COMMIT fails. */
static int flush_pending(lsh_vtab *vt){
  sqlite3_stmt *st;
  int i, rc = SQLITE_OK;
  if( vt->npending == 0 ) return SQLITE_OK;
  st = get_stmt(vt, S_BAND_INSERT);
  if( st == NULL ) return vt->base.zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
  qsort(vt->pending, (size_t)vt->npending, sizeof(lsh_band_row),
        cmp_band_row);
  for(i = 0; i < vt->npending && rc == SQLITE_OK; i++){
    sqlite3_bind_int(st, 1, vt->pending[i].band);
    sqlite3_bind_int(st, 2, vt->pending[i].bucket);
    sqlite3_bind_int64(st, 3, vt->pending[i].rowid);
    rc = run(vt, st);
  }
  if( rc != SQLITE_OK ){
    i--;
    memmove(vt->pending, vt->pending + i,
            sizeof(lsh_band_row) * (size_t)(vt->npending - i));
    vt->npending -= i;
    return rc;
  }
  vt->npending = 0;
  return SQLITE_OK;
}

#define PENDING_MAX (1 << 20)    /* 16 MB of band rows */

/* Queues the band rows of a decoded signature. */
static int pend_bands(lsh_vtab *vt, const nr_sig *sig, sqlite3_int64 rowid){
  int b;
  if( sig->count == 0 ) return SQLITE_OK;  /* no shingle: similar to none */
  if( vt->npending + vt->p.bands > vt->pending_cap ){
    int ncap = vt->pending_cap ? vt->pending_cap * 2 : 4096;
    lsh_band_row *p;
    if( vt->pending_cap >= PENDING_MAX ){
      int rc = flush_pending(vt);
      if( rc != SQLITE_OK ) return rc;
      ncap = vt->pending_cap;
    }
    if( ncap != vt->pending_cap ){
      p = sqlite3_realloc64(vt->pending, sizeof(*p) * (size_t)ncap);
      if( p == NULL ) return SQLITE_NOMEM;
      vt->pending = p;
      vt->pending_cap = ncap;
    }
  }
  for(b = 0; b < vt->p.bands; b++){
    lsh_band_row *r = &vt->pending[vt->npending++];
    r->band = b;
    r->bucket = nr_lsh_bucket(sig, b, vt->p.rows);
    r->rowid = rowid;
  }
  return SQLITE_OK;
}

/* Removes rowid from the index; *found says whether it was there. */
static int delete_row(lsh_vtab *vt, sqlite3_int64 rowid, int *found){
  char buf[NR_LSH_ERR];
  unsigned char *blob;
  int n, rc;
  nr_sig sig;
  sqlite3_stmt *st;
  *found = 0;
  rc = flush_pending(vt);
  if( rc != SQLITE_OK ) return rc;
  rc = read_sig(vt, rowid, &blob, &n);
  if( rc != SQLITE_OK || blob == NULL ) return rc;
  *found = 1;
  if( nr_lsh_check_sig(&vt->p, blob, n, &sig, buf) == NULL ){
    rc = write_bands(vt, &sig, rowid, 0);
  }else{
    /* a damaged signature no longer tells its buckets: find them all */
    st = get_stmt(vt, S_BAND_DELETE_ROWID);
    if( st == NULL ) rc = vt->base.zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
    else{
      sqlite3_bind_int64(st, 1, rowid);
      rc = run(vt, st);
    }
  }
  sqlite3_free(blob);
  if( rc == SQLITE_OK ){
    st = get_stmt(vt, S_SIG_DELETE);
    if( st == NULL ) return vt->base.zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
    sqlite3_bind_int64(st, 1, rowid);
    rc = run(vt, st);
  }
  return rc;
}

/* Stores a checked signature under rowid (NULL: a new rowid). */
static int insert_row(lsh_vtab *vt, sqlite3_value *rowid_v,
                      const unsigned char *blob, int n, sqlite3_int64 *rowid){
  sqlite3_stmt *st = get_stmt(vt, S_SIG_INSERT);
  nr_sig sig;
  int rc;
  if( st == NULL ) return vt->base.zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
  if( rowid_v == NULL ) sqlite3_bind_null(st, 1);
  else sqlite3_bind_int64(st, 1, *rowid);
  sqlite3_bind_blob(st, 2, blob, n, SQLITE_STATIC);
  rc = run(vt, st);
  if( rc != SQLITE_OK ) return rc;
  if( rowid_v == NULL ) *rowid = sqlite3_last_insert_rowid(vt->db);
  nr_sig_decode(blob, (size_t)n, &sig);
  return pend_bands(vt, &sig, *rowid);
}

/* The signature to store for a written row: of the document column when
** it has text, else the signature column; checked against the index's
** parameters.  *out is ours to free, or NULL when neither was given. */
static int new_signature(lsh_vtab *vt, sqlite3_value *doc, sqlite3_value *sigv,
                         unsigned char **out, int *n){
  nr_sig sig;
  char buf[NR_LSH_ERR];
  const char *why;
  *out = NULL;
  *n = 0;
  if( doc && !sqlite3_value_nochange(doc)
   && sqlite3_value_type(doc) != SQLITE_NULL ){
    const char *z;
    size_t len, bad;
    if( sqlite3_value_type(doc) == SQLITE_BLOB ){
      return set_error(vt, SQLITE_ERROR, "%s: document must be text, not a "
                       "blob (write signatures to the signature column)",
                       vt->name);
    }
    if( sigv && !sqlite3_value_nochange(sigv)
     && sqlite3_value_type(sigv) != SQLITE_NULL ){
      /* UPDATE passes the stored signature along with the new document */
      if( sqlite3_value_type(sigv) != SQLITE_BLOB ){
        return set_error(vt, SQLITE_ERROR, "%s: give a document or a "
                         "signature, not both", vt->name);
      }
    }
    z = (const char *)sqlite3_value_text(doc);
    len = (size_t)sqlite3_value_bytes(doc);
    if( z == NULL ) return SQLITE_NOMEM;
    bad = nr_utf8_check(z, len);
    if( bad < len ){
      return set_error(vt, SQLITE_ERROR, "%s: document is not valid UTF-8 "
                       "(at byte %lld)", vt->name, (long long)bad);
    }
    if( memchr(z, 0, len) ){
      return set_error(vt, SQLITE_ERROR, "%s: document contains a NUL "
                       "character", vt->name);
    }
    *n = (int)NR_SIG_BYTES(vt->p.opts.perms);
    *out = sqlite3_malloc(*n);
    if( *out == NULL ) return SQLITE_NOMEM;
    if( nr_minhash_text(vt->conn->an, &vt->p.opts, z, len, *out) ){
      sqlite3_free(*out);
      *out = NULL;
      return SQLITE_NOMEM;
    }
    return SQLITE_OK;
  }
  if( sigv == NULL || sqlite3_value_nochange(sigv)
   || sqlite3_value_type(sigv) == SQLITE_NULL ){
    return SQLITE_OK;
  }
  if( sqlite3_value_type(sigv) != SQLITE_BLOB ){
    return set_error(vt, SQLITE_ERROR, "%s: signature must be a blob made by "
                     "minhash()", vt->name);
  }
  *n = sqlite3_value_bytes(sigv);
  why = nr_lsh_check_sig(&vt->p, sqlite3_value_blob(sigv), *n, &sig, buf);
  if( why ){
    return set_error(vt, SQLITE_ERROR, "%s: signature refused: %s", vt->name,
                     why);
  }
  *out = sqlite3_malloc(*n > 0 ? *n : 1);
  if( *out == NULL ) return SQLITE_NOMEM;
  memcpy(*out, sqlite3_value_blob(sigv), (size_t)*n);
  return SQLITE_OK;
}

static int lsh_update(sqlite3_vtab *base, int argc, sqlite3_value **argv,
                      sqlite3_int64 *rowid){
  lsh_vtab *vt = (lsh_vtab *)base;
  unsigned char *blob = NULL;
  int n = 0, rc, found;
  sqlite3_int64 old = 0;
  int is_update;
  if( argc == 1 ){
    return delete_row(vt, sqlite3_value_int64(argv[0]), &found);
  }
  is_update = sqlite3_value_type(argv[0]) != SQLITE_NULL;
  if( !is_update && sqlite3_value_type(argv[2 + COL_TABLE]) != SQLITE_NULL ){
    rc = flush_pending(vt);
    if( rc != SQLITE_OK ) return rc;
    return nr_lsh_command(vt->db, vt->schema, vt->name, &vt->p,
                          argv[2 + COL_TABLE], &base->zErrMsg);
  }
  if( !is_update && (sqlite3_value_type(argv[2 + COL_JACCARD]) != SQLITE_NULL
       || sqlite3_value_type(argv[2 + COL_CONTAINMENT]) != SQLITE_NULL
       || sqlite3_value_type(argv[2 + COL_THRESHOLD]) != SQLITE_NULL) ){
    return set_error(vt, SQLITE_ERROR, "%s: only document or signature can "
                     "be written (jaccard, containment and threshold belong "
                     "to queries)", vt->name);
  }
  rc = new_signature(vt, argv[2 + COL_DOCUMENT], argv[2 + COL_SIGNATURE],
                     &blob, &n);
  if( rc != SQLITE_OK ) return rc;
  if( is_update ){
    old = sqlite3_value_int64(argv[0]);
    if( blob == NULL ){
      /* SET signature = NULL is not "unchanged": refuse it rather than
      ** keep the old signature behind the user's back */
      if( !sqlite3_value_nochange(argv[2 + COL_SIGNATURE]) ){
        return set_error(vt, SQLITE_CONSTRAINT, "%s: a row needs a "
                         "document or a signature (DELETE removes a row)",
                         vt->name);
      }
      rc = read_sig(vt, old, &blob, &n);   /* only the rowid changes */
      if( rc != SQLITE_OK ) return rc;
    }
  }
  if( blob == NULL ){
    return set_error(vt, SQLITE_CONSTRAINT, "%s: a row needs a document or "
                     "a signature", vt->name);
  }
  if( sqlite3_value_type(argv[1]) != SQLITE_NULL ){
    unsigned char *other;
    int other_n;
    *rowid = sqlite3_value_int64(argv[1]);
    if( !is_update || *rowid != old ){
      rc = read_sig(vt, *rowid, &other, &other_n);
      if( rc == SQLITE_OK && other ){
        sqlite3_free(other);
        if( sqlite3_vtab_on_conflict(vt->db) == SQLITE_REPLACE ){
          rc = delete_row(vt, *rowid, &found);
        }else{
          rc = set_error(vt, SQLITE_CONSTRAINT, "UNIQUE constraint failed: "
                         "%s.rowid", vt->name);
        }
      }
    }
  }
  if( rc == SQLITE_OK && is_update ) rc = delete_row(vt, old, &found);
  if( rc == SQLITE_OK ){
    rc = insert_row(vt, sqlite3_value_type(argv[1]) == SQLITE_NULL
                        ? NULL : argv[1], blob, n, rowid);
  }
  sqlite3_free(blob);
  return rc;
}

/* ---- queries --------------------------------------------------------------- */

#define PLAN_MATCH     1
#define PLAN_THRESHOLD 2
#define PLAN_ROWID     4
#define PLAN_ORDERED   8

static int lsh_best_index(sqlite3_vtab *base, sqlite3_index_info *info){
  int i, plan = 0, match = -1, thr = -1, rid = -1, argn = 0;
  (void)base;
  for(i = 0; i < info->nConstraint; i++){
    const struct sqlite3_index_constraint *c = &info->aConstraint[i];
    if( c->iColumn == COL_TABLE && c->op == SQLITE_INDEX_CONSTRAINT_MATCH ){
      if( !c->usable ) return SQLITE_CONSTRAINT;
      match = i;
    }else if( c->iColumn == COL_THRESHOLD
           && c->op == SQLITE_INDEX_CONSTRAINT_EQ ){
      if( !c->usable ) return SQLITE_CONSTRAINT;
      thr = i;
    }else if( c->iColumn == -1 && c->op == SQLITE_INDEX_CONSTRAINT_EQ
           && c->usable ){
      rid = i;
    }
  }
  if( match >= 0 ){
    plan |= PLAN_MATCH;
    info->aConstraintUsage[match].argvIndex = ++argn;
    info->aConstraintUsage[match].omit = 1;
    info->estimatedCost = 100.0;
    info->estimatedRows = 10;
    if( info->nOrderBy == 1 && info->aOrderBy[0].iColumn == COL_JACCARD
     && info->aOrderBy[0].desc ){
      info->orderByConsumed = 1;
    }
  }else if( rid >= 0 ){
    plan |= PLAN_ROWID;
    info->aConstraintUsage[rid].argvIndex = ++argn;
    info->aConstraintUsage[rid].omit = 1;
    info->estimatedCost = 1.0;
    info->estimatedRows = 1;
    info->idxFlags = SQLITE_INDEX_SCAN_UNIQUE;
  }else{
    info->estimatedCost = 1e6;
    info->estimatedRows = 100000;
    if( info->nOrderBy == 1 && info->aOrderBy[0].iColumn == -1
     && !info->aOrderBy[0].desc ){
      info->orderByConsumed = 1;
    }
  }
  if( thr >= 0 ){
    plan |= PLAN_THRESHOLD;
    info->aConstraintUsage[thr].argvIndex = ++argn;
    info->aConstraintUsage[thr].omit = 1;
  }
  info->idxNum = plan;
  return SQLITE_OK;
}

static int lsh_open(sqlite3_vtab *base, sqlite3_vtab_cursor **out){
  lsh_cursor *cur = sqlite3_malloc(sizeof(*cur));
  (void)base;
  if( cur == NULL ) return SQLITE_NOMEM;
  memset(cur, 0, sizeof(*cur));
  *out = &cur->base;
  return SQLITE_OK;
}

static void cursor_reset(lsh_cursor *cur){
  sqlite3_finalize(cur->scan);
  cur->scan = NULL;
  sqlite3_free(cur->hits);
  cur->hits = NULL;
  cur->nhits = cur->i = 0;
  cur->match = 0;
  cur->eof = 1;
}

static int lsh_close(sqlite3_vtab_cursor *base){
  cursor_reset((lsh_cursor *)base);
  sqlite3_free(base);
  return SQLITE_OK;
}

static int cmp_rowid(const void *a, const void *b){
  sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
  return x < y ? -1 : x > y;
}

static int cmp_hit(const void *a, const void *b){
  const lsh_hit *x = a, *y = b;
  if( x->jaccard != y->jaccard ) return x->jaccard > y->jaccard ? -1 : 1;
  return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

/* ---- the query cache ------------------------------------------------------
** What a warm connection answers MATCH from, built from the shadow tables
** after CACHE_AFTER queries on an unchanged index:
**   - every signature, checked once here rather than at each query, as a
**     record of CACHE_STRIDE words: its values as native integers, its
**     count and its rowid, so that a candidate's estimate and its hit read
**     one run of memory; records are numbered 0..nsig-1 in rowid order;
**   - per band, an open-addressing table (linear probing) from bucket to
**     the record of its one document, or to a run in cache_post (length,
**     then the records) when several share it.  A lookup mostly touches
**     one slot's cache line, which is asked for (prefetched) for every
**     band of a group before the first lookup waits on it.
** About 4 perms + 16 + 12 bands bytes per document (128 perms, 23 bands:
** 800 bytes); an index whose cache would pass NR_LSH_CACHE_MAX bytes is
** queried by SQL instead.  The large arrays ask Linux for huge pages: the
** lookups land on random pages, and under virtualization a TLB miss costs
** more than the cache miss. */
#ifndef NR_LSH_CACHE_MAX
#define NR_LSH_CACHE_MAX ((sqlite3_int64)512 << 20)
#endif

#define CACHE_STRIDE(perms) ((size_t)(perms) + 4)
#define REC_COUNT(perms) (perms)          /* word of the count */
#define REC_ROWID(perms) ((perms) + 2)    /* two words of the rowid */

#define SLOT_EMPTY INT32_MIN      /* ref of a free slot */

/* The bucket's home slot in a table of size slots: buckets are already
** hashes, the multiply only spreads the ones a crafted signature chose. */
static uint32_t slot_home(int32_t bucket, uint32_t size){
  uint32_t h = (uint32_t)bucket * 0x9E3779B1u;
  return (uint32_t)(((uint64_t)h * size) >> 32);
}

/* A query in this many on one unchanged index loads the cache: loading
** reads every band row once, which a few dozen queries by SQL cost too,
** so a one-off query never pays for it. */
#define CACHE_AFTER 32

static int cache_version(lsh_vtab *vt, unsigned int *dv){
  *dv = 0;
  return sqlite3_file_control(vt->db, vt->schema, SQLITE_FCNTL_DATA_VERSION,
                              dv);
}

/* sqlite3_malloc64, asking for huge pages when it is large: a hint the
** kernel may ignore, and no change to whose memory it is. */
static void *cache_alloc(sqlite3_int64 bytes){
  void *p = sqlite3_malloc64((sqlite3_uint64)(bytes > 0 ? bytes : 1));
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if( p && bytes >= ((sqlite3_int64)4 << 20) ){
    uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
    uintptr_t e = ((uintptr_t)p + (uintptr_t)bytes) & ~(uintptr_t)4095;
    if( e > a ) (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
  }
#endif
  return p;
}

static int cache_grow(void **p, sqlite3_int64 size){
  void *np = sqlite3_realloc64(*p, (sqlite3_uint64)size);
  if( np == NULL ) return SQLITE_NOMEM;
  *p = np;
  return SQLITE_OK;
}

/* Every stored signature, in rowid order, each checked as a MATCH would
** check it; SQLITE_DONE, or an error when one is damaged (the SQL path
** then reports it) or the cache would be too big. */
static int cache_load_sigs(lsh_vtab *vt){
  int perms = vt->p.opts.perms;
  size_t stride = CACHE_STRIDE(perms);
  sqlite3_int64 nsig = 0;
  sqlite3_stmt *st = NULL;
  int rc;
  char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\".\"%w_sig\"",
                              vt->schema, vt->name);
  if( sql == NULL ) return SQLITE_NOMEM;
  rc = sqlite3_prepare_v2(vt->db, sql, -1, &st, NULL);
  sqlite3_free(sql);
  if( rc != SQLITE_OK ) return rc;
  if( sqlite3_step(st) == SQLITE_ROW ) nsig = sqlite3_column_int64(st, 0);
  rc = sqlite3_finalize(st);
  if( rc != SQLITE_OK ) return rc;
  vt->cache_bytes = nsig * (sqlite3_int64)(4 * stride);
  if( nsig > 0x7fffffff || vt->cache_bytes > NR_LSH_CACHE_MAX ){
    return SQLITE_FULL;
  }
  vt->cache_docs = cache_alloc(vt->cache_bytes);
  vt->cache_rowid = sqlite3_malloc64(8 * (size_t)(nsig > 0 ? nsig : 1));
  if( vt->cache_docs == NULL || vt->cache_rowid == NULL ) return SQLITE_NOMEM;
  sql = sqlite3_mprintf("SELECT rowid, sig FROM \"%w\".\"%w_sig\" "
                        "ORDER BY rowid", vt->schema, vt->name);
  if( sql == NULL ) return SQLITE_NOMEM;
  rc = sqlite3_prepare_v2(vt->db, sql, -1, &st, NULL);
  sqlite3_free(sql);
  if( rc != SQLITE_OK ) return rc;
  while( (rc = sqlite3_step(st)) == SQLITE_ROW ){
    char buf[NR_LSH_ERR];
    nr_sig sig;
    sqlite3_int64 rowid = sqlite3_column_int64(st, 0);
    uint32_t *rec;
    if( sqlite3_column_type(st, 1) != SQLITE_BLOB
     || nr_lsh_check_sig(&vt->p, sqlite3_column_blob(st, 1),
                         sqlite3_column_bytes(st, 1), &sig, buf) ){
      rc = SQLITE_CORRUPT_VTAB;
      break;
    }
    if( vt->cache_nsig >= nsig ){ rc = SQLITE_CORRUPT_VTAB; break; }
    rec = vt->cache_docs + stride * (size_t)vt->cache_nsig;
    nr_sig_load_values(&sig, rec);
    rec[REC_COUNT(perms)] = sig.count;
    rec[REC_COUNT(perms) + 1] = 0;
    memcpy(rec + REC_ROWID(perms), &rowid, 8);
    vt->cache_rowid[vt->cache_nsig++] = rowid;
  }
  sqlite3_finalize(st);
  return rc;
}

/* The index of rowid's signature, or -1. */
static int cache_index(const lsh_vtab *vt, sqlite3_int64 rowid){
  int lo = 0, hi = vt->cache_nsig;
  if( hi > 0 && rowid >= vt->cache_rowid[0]
   && rowid - vt->cache_rowid[0] < hi
   && vt->cache_rowid[rowid - vt->cache_rowid[0]] == rowid ){
    return (int)(rowid - vt->cache_rowid[0]);      /* dense rowids */
  }
  while( lo < hi ){
    int mid = lo + (hi - lo) / 2;
    if( vt->cache_rowid[mid] < rowid ) lo = mid + 1;
    else hi = mid;
  }
  return lo < vt->cache_nsig && vt->cache_rowid[lo] == rowid ? lo : -1;
}

/* The band tables from the band rows of each band, sorted by bucket:
** start[b]..start[b+1] of bucket[] and doc[]. */
static int cache_build_tables(lsh_vtab *vt, const int *start,
                              const int32_t *bucket, const int32_t *doc){
  sqlite3_int64 nslot = 0, npost = 0, bytes;
  int b, i, j;
  for(b = 0; b < vt->p.bands; b++){
    int distinct = 0;
    for(i = start[b]; i < start[b + 1]; i = j){
      for(j = i + 1; j < start[b + 1] && bucket[j] == bucket[i]; j++){}
      distinct++;
      if( j - i > 1 ) npost += 1 + (j - i);
    }
    /* at most 2/3 full: a probe then mostly stops in its home line */
    vt->cache_table[b] = (uint32_t)nslot;
    nslot += distinct + distinct / 2 + 1;
  }
  vt->cache_table[vt->p.bands] = (uint32_t)nslot;
  bytes = nslot * (sqlite3_int64)sizeof(lsh_slot) + npost * 4;
  if( nslot > 0x7fffffff || npost > 0x7fffffff
   || vt->cache_bytes + bytes > NR_LSH_CACHE_MAX ){
    return SQLITE_FULL;
  }
  vt->cache_bytes += bytes;
  vt->cache_slots = cache_alloc(nslot * (sqlite3_int64)sizeof(lsh_slot));
  vt->cache_post = cache_alloc(npost * 4);
  if( vt->cache_slots == NULL || vt->cache_post == NULL ) return SQLITE_NOMEM;
  for(i = 0; i < nslot; i++) vt->cache_slots[i].ref = SLOT_EMPTY;
  npost = 0;
  for(b = 0; b < vt->p.bands; b++){
    lsh_slot *table = vt->cache_slots + vt->cache_table[b];
    uint32_t size = vt->cache_table[b + 1] - vt->cache_table[b];
    for(i = start[b]; i < start[b + 1]; i = j){
      uint32_t s = slot_home(bucket[i], size);
      for(j = i + 1; j < start[b + 1] && bucket[j] == bucket[i]; j++){}
      while( table[s].ref != SLOT_EMPTY ){
        if( ++s == size ) s = 0;
      }
      table[s].bucket = bucket[i];
      if( j - i == 1 ){
        table[s].ref = doc[i];
      }else{
        int k;
        table[s].ref = -1 - (int32_t)npost;
        vt->cache_post[npost++] = j - i;
        for(k = i; k < j; k++) vt->cache_post[npost++] = doc[k];
      }
    }
  }
  return SQLITE_OK;
}

/* Reads the band rows and builds the tables; SQLITE_DONE when done. */
static int cache_load_bands(lsh_vtab *vt){
  sqlite3_stmt *st = NULL;
  char *sql;
  sqlite3_int64 n = 0, cap = 0;
  int *start;
  int32_t *bucket = NULL, *doc = NULL;
  int b = 0, rc;
  /* the primary key's order: each band's buckets come sorted */
  sql = sqlite3_mprintf("SELECT band, bucket, rowid FROM \"%w\".\"%w_band\" "
                        "ORDER BY band, bucket, rowid", vt->schema, vt->name);
  if( sql == NULL ) return SQLITE_NOMEM;
  rc = sqlite3_prepare_v2(vt->db, sql, -1, &st, NULL);
  sqlite3_free(sql);
  if( rc != SQLITE_OK ) return rc;
  start = sqlite3_malloc64(sizeof(int) * (size_t)(vt->p.bands + 1));
  vt->cache_table = sqlite3_malloc64(sizeof(uint32_t)
                                     * (size_t)(vt->p.bands + 1));
  if( start == NULL || vt->cache_table == NULL ){
    sqlite3_finalize(st);
    sqlite3_free(start);
    return SQLITE_NOMEM;
  }
  start[0] = 0;
  while( (rc = sqlite3_step(st)) == SQLITE_ROW ){
    sqlite3_int64 band = sqlite3_column_int64(st, 0);
    sqlite3_int64 bk = sqlite3_column_int64(st, 1);
    int d;
    /* a row the SQL lookup could never find (damaged) is left out */
    if( sqlite3_column_type(st, 0) != SQLITE_INTEGER
     || sqlite3_column_type(st, 1) != SQLITE_INTEGER
     || sqlite3_column_type(st, 2) != SQLITE_INTEGER
     || band < b || band >= vt->p.bands
     || bk < INT32_MIN || bk > INT32_MAX ) continue;
    /* a band row without its signature: the SQL path reports it */
    d = cache_index(vt, sqlite3_column_int64(st, 2));
    if( d < 0 ){ rc = SQLITE_CORRUPT_VTAB; break; }
    if( n >= 0x7fffffff ){ rc = SQLITE_FULL; break; }
    while( b < band ) start[++b] = (int)n;
    if( n == cap ){
      sqlite3_int64 ncap = cap ? cap * 2 : 4096;
      if( cache_grow((void **)&bucket, ncap * 4)
       || cache_grow((void **)&doc, ncap * 4) ){
        rc = SQLITE_NOMEM;
        break;
      }
      cap = ncap;
    }
    bucket[n] = (int32_t)bk;
    doc[n] = d;
    n++;
  }
  sqlite3_finalize(st);
  if( rc == SQLITE_DONE ){
    while( b < vt->p.bands ) start[++b] = (int)n;
    if( cache_build_tables(vt, start, bucket, doc) != SQLITE_OK ){
      rc = SQLITE_NOMEM;
    }
  }
  sqlite3_free(start);
  sqlite3_free(bucket);
  sqlite3_free(doc);
  return rc;
}

/* Whether the cache may answer now, loading it when it is worth it.  In a
** write transaction (an explicit one, or the statement that writes) it is
** neither used nor loaded: rows written there may yet be rolled back, and
** a commit changes the data version, which drops the cache. */
static int band_cache_usable(lsh_vtab *vt){
  unsigned int dv;
  int rc;
#if SQLITE_VERSION_NUMBER >= 3034000
  if( sqlite3_txn_state(vt->db, vt->schema) == SQLITE_TXN_WRITE ) return 0;
#else
  return 0;
#endif
  if( cache_version(vt, &dv) != SQLITE_OK ) return 0;
  if( vt->cache_ok && vt->cache_dv == dv ) return 1;
  cache_drop(vt);
  if( vt->miss_dv != dv ){
    vt->miss_dv = dv;
    vt->cache_misses = 0;
  }
  if( ++vt->cache_misses < CACHE_AFTER ) return 0;
  vt->cache_misses = 0;
  rc = cache_load_sigs(vt);
  if( rc == SQLITE_DONE ) rc = cache_load_bands(vt);
  sqlite3_free(vt->cache_rowid);       /* only loading looks rowids up */
  vt->cache_rowid = NULL;
  if( rc != SQLITE_DONE || vt->cache_table == NULL || vt->cache_slots == NULL
   || vt->cache_post == NULL || vt->cache_docs == NULL ){
    /* the queries go by SQL, which tells of any damage; no new attempt
    ** until the index changes */
    cache_drop(vt);
    vt->cache_misses = -0x7fffffff;
    return 0;
  }
  vt->cache_ok = 1;
  vt->cache_dv = dv;
  vt->conn->lsh_cache_bytes += vt->cache_bytes;
  vt->conn->lsh_cache_loads++;
  return 1;
}

static void prefetch(const void *p){
#if defined(__GNUC__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

/* The slot's ref of bucket in band b's table, or SLOT_EMPTY. */
static int32_t cache_probe(const lsh_vtab *vt, int b, int32_t bucket){
  const lsh_slot *table = vt->cache_slots + vt->cache_table[b];
  uint32_t size = vt->cache_table[b + 1] - vt->cache_table[b];
  uint32_t s = slot_home(bucket, size);
  for(;;){
    if( table[s].ref == SLOT_EMPTY || table[s].bucket == bucket ){
      return table[s].ref;
    }
    if( ++s == size ) s = 0;
  }
}

/* Appends the documents of a slot's ref to cand (*n of them, room for
** *cap, grown on the heap past the caller's stack buffer local). */
static int cache_append(const lsh_vtab *vt, int32_t ref, int32_t **cand,
                        int *n, int *cap, const int32_t *local){
  const int32_t *docs = NULL;
  int count = 1, k;
  if( ref < 0 ){
    docs = vt->cache_post + (-1 - (sqlite3_int64)ref);
    count = *docs++;
  }
  if( *n + count > *cap ){
    int ncap = (*n + count) * 2;
    int32_t *p = sqlite3_malloc64(sizeof(int32_t) * (size_t)ncap);
    if( p == NULL ) return SQLITE_NOMEM;
    memcpy(p, *cand, sizeof(int32_t) * (size_t)*n);
    if( *cand != local ) sqlite3_free(*cand);
    *cand = p;
    *cap = ncap;
  }
  if( docs == NULL ) (*cand)[(*n)++] = ref;
  else for(k = 0; k < count; k++) (*cand)[(*n)++] = docs[k];
  return SQLITE_OK;
}

/* Keeps the first of each document in cand[0..n), in a small
** open-addressing set (no sort, and no allocation for the usual few
** dozen); returns the new count, or -1 out of memory. */
static int cache_dedup(int32_t *cand, int n){
  int32_t local[512], *set = local;
  uint32_t size = 64, mask;
  int i, u = 0;
  while( size < 2 * (uint32_t)n ) size *= 2;
  if( size > sizeof(local) / sizeof(local[0]) ){
    set = sqlite3_malloc64(sizeof(int32_t) * size);
    if( set == NULL ) return -1;
  }
  mask = size - 1;
  memset(set, 0xff, sizeof(int32_t) * size);      /* -1: free */
  for(i = 0; i < n; i++){
    uint32_t s = ((uint32_t)cand[i] * 0x9E3779B1u) >> 7 & mask;
    while( set[s] >= 0 && set[s] != cand[i] ) s = (s + 1) & mask;
    if( set[s] < 0 ){
      set[s] = cand[i];
      cand[u++] = cand[i];
    }
  }
  if( set != local ) sqlite3_free(set);
  return u;
}

/* MATCH from the cache: the same hits, in the same order, as by SQL. */
static int cache_match(lsh_vtab *vt, lsh_cursor *cur, const nr_sig *q){
  int perms = vt->p.opts.perms, bands = vt->p.bands;
  uint32_t qv[NR_SIG_PERMS_MAX];
  int32_t bucket[32], ref[32], local[256] = {0}, *cand = local;
  int ncand = 0, cap = 256, g, k, i, rc = SQLITE_OK;
  double jmin = cur->threshold - vt->p.margin - 1e-12;
  vt->conn->lsh_cache_queries++;
  nr_sig_load_values(q, qv);
  for(g = 0; g < bands && rc == SQLITE_OK; g += 32){
    int nb = bands - g < 32 ? bands - g : 32;
    nr_lsh_buckets(qv + (size_t)g * vt->p.rows, nb, vt->p.rows, bucket);
    for(k = 0; k < nb; k++){
      uint32_t t = vt->cache_table[g + k];
      prefetch(vt->cache_slots + t
               + slot_home(bucket[k], vt->cache_table[g + k + 1] - t));
    }
    /* then every slot, asking for the runs and records they lead to
    ** before reading any */
    for(k = 0; k < nb; k++){
      ref[k] = cache_probe(vt, g + k, bucket[k]);
      if( ref[k] >= 0 ){
        prefetch(vt->cache_docs + CACHE_STRIDE(perms) * (size_t)ref[k]);
      }else if( ref[k] != SLOT_EMPTY ){
        prefetch(vt->cache_post + (-1 - (sqlite3_int64)ref[k]));
      }
    }
    for(k = 0; k < nb && rc == SQLITE_OK; k++){
      if( ref[k] == SLOT_EMPTY ) continue;
      rc = cache_append(vt, ref[k], &cand, &ncand, &cap, local);
    }
  }
  if( rc == SQLITE_OK && ncand > 0 ){
    ncand = cache_dedup(cand, ncand);
    if( ncand < 0 ) rc = SQLITE_NOMEM;
  }
  if( rc == SQLITE_OK && ncand > 0 ){
    size_t size = 4 * CACHE_STRIDE(perms), off;
    /* every candidate's record asked for at once: a few hundred bytes
    ** each, all far apart */
    for(i = 0; i < ncand && i < 64; i++){
      const char *v = (const char *)(vt->cache_docs
                                     + CACHE_STRIDE(perms) * (size_t)cand[i]);
      for(off = 0; off < size; off += 64) prefetch(v + off);
      prefetch(v + size - 1);
    }
    cur->hits = sqlite3_malloc64(sizeof(lsh_hit) * (size_t)ncand);
    if( cur->hits == NULL ) rc = SQLITE_NOMEM;
  }
  for(i = 0; rc == SQLITE_OK && i < ncand; i++){
    const uint32_t *rec = vt->cache_docs + CACHE_STRIDE(perms) * (size_t)cand[i];
    int eq, lt;
    double j, c;
    nr_sig_order_counts(qv, rec, perms, &eq, &lt);
    if( nr_sig_estimate_below(q->count, rec[REC_COUNT(perms)], eq, lt,
                              perms - eq - lt, jmin) ) continue;
    nr_sig_estimate_counts(q->count, rec[REC_COUNT(perms)], eq, lt,
                           perms - eq - lt, &j, &c);
    if( j >= jmin ){
      lsh_hit *hit = &cur->hits[cur->nhits++];
      memcpy(&hit->rowid, rec + REC_ROWID(perms), 8);
      hit->jaccard = j;
      hit->containment = c;
    }
  }
  if( cand != local ) sqlite3_free(cand);
  if( rc == SQLITE_OK && cur->nhits > 1 ){
    qsort(cur->hits, (size_t)cur->nhits, sizeof(lsh_hit), cmp_hit);
  }
  return rc;
}

/* The candidates of signature q (bands), verified and scored. */
static int run_match(lsh_vtab *vt, lsh_cursor *cur, const nr_sig *q){
  sqlite3_stmt *st;
  sqlite3_int64 *cand = NULL;
  int ncand = 0, cap = 0, b, i, rc = SQLITE_OK;
  if( q->count == 0 ) return SQLITE_OK;
  if( band_cache_usable(vt) ) return cache_match(vt, cur, q);
  if( (st = get_stmt(vt, S_BAND_LOOKUP)) == NULL ){
    return vt->base.zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  for(b = 0; b < vt->p.bands && rc == SQLITE_OK; b++){
    sqlite3_bind_int(st, 1, b);
    sqlite3_bind_int(st, 2, nr_lsh_bucket(q, b, vt->p.rows));
    while( (rc = sqlite3_step(st)) == SQLITE_ROW ){
      if( ncand == cap ){
        int ncap = cap ? cap * 2 : 64;
        sqlite3_int64 *p = sqlite3_realloc64(cand, sizeof(*p) * (size_t)ncap);
        if( p == NULL ){ rc = SQLITE_NOMEM; break; }
        cand = p;
        cap = ncap;
      }
      cand[ncand++] = sqlite3_column_int64(st, 0);
    }
    if( rc == SQLITE_DONE ) rc = SQLITE_OK;
    else if( rc != SQLITE_NOMEM ){
      set_error(vt, rc, "%s", sqlite3_errmsg(vt->db));
    }
    sqlite3_reset(st);
  }
  if( rc == SQLITE_OK && ncand > 0 ){
    int u = 0;
    qsort(cand, (size_t)ncand, sizeof(*cand), cmp_rowid);
    for(i = 0; i < ncand; i++){
      if( u == 0 || cand[u-1] != cand[i] ) cand[u++] = cand[i];
    }
    ncand = u;
    cur->hits = sqlite3_malloc64(sizeof(lsh_hit) * (size_t)ncand);
    if( cur->hits == NULL ) rc = SQLITE_NOMEM;
  }
  for(i = 0; rc == SQLITE_OK && i < ncand; i++){
    unsigned char *blob = NULL;
    int n = 0;
    nr_sig h;
    char buf[NR_LSH_ERR];
    const char *why;
    double j, c;
    rc = read_sig(vt, cand[i], &blob, &n);
    if( rc != SQLITE_OK ) break;
    if( blob == NULL ){
      rc = set_error(vt, SQLITE_CORRUPT_VTAB, "%s: band row for rowid %lld "
                     "has no signature (run 'integrity-check')", vt->name,
                     (long long)cand[i]);
      break;
    }
    why = nr_lsh_check_sig(&vt->p, blob, n, &h, buf);
    if( why ){
      rc = set_error(vt, SQLITE_CORRUPT_VTAB, "%s: stored signature of rowid "
                     "%lld is damaged: %s", vt->name, (long long)cand[i], why);
      sqlite3_free(blob);
      break;
    }
    nr_sig_estimate(q, &h, &j, &c);
    if( j >= cur->threshold - vt->p.margin - 1e-12 ){
      lsh_hit *hit = &cur->hits[cur->nhits++];
      hit->rowid = cand[i];
      hit->jaccard = j;
      hit->containment = c;
    }
    sqlite3_free(blob);
  }
  sqlite3_free(cand);
  if( rc == SQLITE_OK && cur->nhits > 1 ){
    qsort(cur->hits, (size_t)cur->nhits, sizeof(lsh_hit), cmp_hit);
  }
  return rc;
}

static int lsh_filter(sqlite3_vtab_cursor *base, int plan, const char *idx,
                      int argc, sqlite3_value **argv){
  lsh_cursor *cur = (lsh_cursor *)base;
  lsh_vtab *vt = (lsh_vtab *)base->pVtab;
  int argn = 0, rc;
  (void)idx; (void)argc;
  cursor_reset(cur);
  rc = flush_pending(vt);
  if( rc != SQLITE_OK ) return rc;
  cur->threshold = vt->p.threshold;
  if( plan & PLAN_THRESHOLD ){
    sqlite3_value *t = argv[(plan & (PLAN_MATCH | PLAN_ROWID)) ? 1 : 0];
    int type = sqlite3_value_numeric_type(t);
    double v = sqlite3_value_double(t);
    if( !(plan & PLAN_MATCH) ){
      return set_error(vt, SQLITE_ERROR, "%s: a threshold applies to a MATCH "
                       "query only", vt->name);
    }
    if( (type != SQLITE_INTEGER && type != SQLITE_FLOAT) || v > 1.0 ){
      return set_error(vt, SQLITE_ERROR, "%s: threshold must be a number "
                       "at most 1", vt->name);
    }
    if( v < vt->p.threshold - 1e-12 ){
      return set_error(vt, SQLITE_ERROR, "%s: threshold %g is below the "
                       "index's %g (its bands were chosen for that; a query "
                       "may only raise it)", vt->name, v, vt->p.threshold);
    }
    cur->threshold = v;
  }
  if( plan & PLAN_MATCH ){
    sqlite3_value *m = argv[argn++];
    unsigned char *own = NULL;
    const unsigned char *blob;
    int n;
    nr_sig q;
    cur->match = 1;
    if( sqlite3_value_type(m) == SQLITE_NULL ){
      cur->eof = 1;
      return SQLITE_OK;
    }
    if( sqlite3_value_type(m) == SQLITE_BLOB ){
      char buf[NR_LSH_ERR];
      const char *why;
      blob = sqlite3_value_blob(m);
      n = sqlite3_value_bytes(m);
      why = nr_lsh_check_sig(&vt->p, blob, n, &q, buf);
      if( why ){
        return set_error(vt, SQLITE_ERROR, "%s: MATCH signature refused: %s",
                         vt->name, why);
      }
      rc = run_match(vt, cur, &q);
    }else{
      rc = new_signature(vt, m, NULL, &own, &n);
      if( rc != SQLITE_OK ) return rc;
      nr_sig_decode(own, (size_t)n, &q);
      rc = run_match(vt, cur, &q);
      sqlite3_free(own);
    }
    if( rc != SQLITE_OK ) return rc;
    cur->i = 0;
    cur->eof = cur->nhits == 0;
    return SQLITE_OK;
  }
  {
    char *sql = sqlite3_mprintf(
        "SELECT rowid, sig FROM \"%w\".\"%w_sig\"%s ORDER BY rowid",
        vt->schema, vt->name, (plan & PLAN_ROWID) ? " WHERE rowid = ?1" : "");
    if( sql == NULL ) return SQLITE_NOMEM;
    rc = sqlite3_prepare_v2(vt->db, sql, -1, &cur->scan, NULL);
    sqlite3_free(sql);
    if( rc != SQLITE_OK ){
      return set_error(vt, rc, "%s", sqlite3_errmsg(vt->db));
    }
    if( plan & PLAN_ROWID ) sqlite3_bind_value(cur->scan, 1, argv[argn]);
    rc = sqlite3_step(cur->scan);
    if( rc == SQLITE_ROW ){ cur->eof = 0; return SQLITE_OK; }
    cur->eof = 1;
    if( rc == SQLITE_DONE ) return SQLITE_OK;
    return set_error(vt, rc, "%s", sqlite3_errmsg(vt->db));
  }
}

static int lsh_next(sqlite3_vtab_cursor *base){
  lsh_cursor *cur = (lsh_cursor *)base;
  int rc;
  if( cur->match ){
    cur->i++;
    cur->eof = cur->i >= cur->nhits;
    return SQLITE_OK;
  }
  rc = sqlite3_step(cur->scan);
  if( rc == SQLITE_ROW ) return SQLITE_OK;
  cur->eof = 1;
  if( rc == SQLITE_DONE ) return SQLITE_OK;
  return set_error((lsh_vtab *)base->pVtab, rc, "%s",
                   sqlite3_errmsg(((lsh_vtab *)base->pVtab)->db));
}

static int lsh_eof(sqlite3_vtab_cursor *base){
  return ((lsh_cursor *)base)->eof;
}

static int lsh_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid){
  lsh_cursor *cur = (lsh_cursor *)base;
  *rowid = cur->match ? cur->hits[cur->i].rowid
                      : sqlite3_column_int64(cur->scan, 0);
  return SQLITE_OK;
}

static int lsh_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx,
                      int col){
  lsh_cursor *cur = (lsh_cursor *)base;
  lsh_vtab *vt = (lsh_vtab *)base->pVtab;
  switch( col ){
    case COL_SIGNATURE:
      if( sqlite3_vtab_nochange(ctx) ) return SQLITE_OK;
      if( cur->match ){
        unsigned char *blob;
        int n, rc = read_sig(vt, cur->hits[cur->i].rowid, &blob, &n);
        if( rc != SQLITE_OK ) return rc;
        if( blob ) sqlite3_result_blob(ctx, blob, n, sqlite3_free);
      }else{
        sqlite3_result_value(ctx, sqlite3_column_value(cur->scan, 1));
      }
      break;
    case COL_JACCARD:
      if( cur->match ) sqlite3_result_double(ctx, cur->hits[cur->i].jaccard);
      break;
    case COL_CONTAINMENT:
      if( cur->match ){
        sqlite3_result_double(ctx, cur->hits[cur->i].containment);
      }
      break;
    case COL_THRESHOLD:
      sqlite3_result_double(ctx, cur->threshold);
      break;
    default:     /* document and the table column are write-only */
      break;
  }
  return SQLITE_OK;
}

/* ---- transactions: when the pending band rows are written ---------------- */

static int lsh_begin(sqlite3_vtab *base){
  (void)base;
  return SQLITE_OK;
}

static int lsh_sync(sqlite3_vtab *base){
  return flush_pending((lsh_vtab *)base);
}

static int lsh_end(sqlite3_vtab *base){
  ((lsh_vtab *)base)->npending = 0;   /* ROLLBACK, or COMMIT after sync */
  return SQLITE_OK;
}

static int lsh_savepoint(sqlite3_vtab *base, int i){
  (void)i;
  return flush_pending((lsh_vtab *)base);
}

static int lsh_release(sqlite3_vtab *base, int i){
  (void)base; (void)i;
  return SQLITE_OK;
}

/* Every pending row came after the newest savepoint (each one flushes), so
** after any savepoint rolled back to. */
static int lsh_rollback_to(sqlite3_vtab *base, int i){
  (void)i;
  ((lsh_vtab *)base)->npending = 0;
  return SQLITE_OK;
}

static sqlite3_module lsh_module = {
  3,                    /* iVersion: xShadowName */
  lsh_create, lsh_connect, lsh_best_index, lsh_disconnect, lsh_destroy,
  lsh_open, lsh_close, lsh_filter, lsh_next, lsh_eof, lsh_column, lsh_rowid,
  lsh_update,
  lsh_begin, lsh_sync, lsh_end, lsh_end,
  NULL,                       /* xFindFunction */
  lsh_rename,
  lsh_savepoint, lsh_release, lsh_rollback_to,
  lsh_shadow_name,
#if SQLITE_VERSION_NUMBER >= 3044000
  NULL,                       /* xIntegrity */
#endif
};

int nr_register_lsh(sqlite3 *db, nr_conn *c){
  int rc = sqlite3_create_module_v2(db, "minhash_lsh", &lsh_module,
                                    nr_conn_ref(c), nr_conn_unref);
  if( rc == SQLITE_OK ) rc = nr_register_lsh_functions(db);
  return rc;
}
