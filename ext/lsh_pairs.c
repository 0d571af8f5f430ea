/*
** lsh_pairs.c -- what reads a whole minhash_lsh index at once:
**   INSERT INTO x(x) VALUES('integrity-check' | 'rebuild' | 'optimize');
**   SELECT * FROM minhash_lsh_pairs('x' [, threshold]);
**     -- a, b (a < b), jaccard, containment (of a in b), containment_ba
**   SELECT * FROM minhash_lsh_clusters('x' [, method [, order_by]]);
**     -- rowid, cluster, size, min_jaccard
** The signatures are read into memory once; candidate pairs come from
** equal buckets in <name>_band, and each is verified on the signatures.
*/
#include <stdlib.h>
#include <string.h>
#include "lsh.h"

/* ---- the index in memory ---------------------------------------------- */

typedef struct lsh_index {
  nr_lsh_params p;
  int n;                         /* documents */
  sqlite3_int64 *ids;            /* sorted */
  unsigned char *vals;            /* each document's values, as stored */
  uint32_t *counts;              /* shingles per document */
} lsh_index;

static void index_free(lsh_index *ix){
  sqlite3_free(ix->ids);
  sqlite3_free(ix->vals);
  sqlite3_free(ix->counts);
  memset(ix, 0, sizeof(*ix));
}

static int find_doc(const lsh_index *ix, sqlite3_int64 id){
  int lo = 0, hi = ix->n - 1;
  while( lo <= hi ){
    int mid = lo + (hi - lo) / 2;
    if( ix->ids[mid] == id ) return mid;
    if( ix->ids[mid] < id ) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/* A document's signature as nr_sig, for the bucket and the estimates. */
static void doc_sig(const lsh_index *ix, int i, nr_sig *sig){
  nr_lsh_expected_sig(&ix->p, sig);
  sig->count = ix->counts[i];
  sig->values = ix->vals + (size_t)i * 4 * (size_t)ix->p.opts.perms;
}

/* The estimates minhash_jaccard() and minhash_containment() give (the
** maximum-likelihood ones of nr_sig_estimate): containment of a in b. */
static double pair_estimate(const lsh_index *ix, int a, int b, double *c){
  nr_sig x, y;
  double j, unused;
  doc_sig(ix, a, &x);
  doc_sig(ix, b, &y);
  nr_sig_estimate(&x, &y, &j, c ? c : &unused);
  return j;
}

static double pair_jaccard(const lsh_index *ix, int a, int b){
  return pair_estimate(ix, a, b, NULL);
}

/* Reads config and every signature; any damage is an error naming it. */
static int index_load(sqlite3 *db, const char *schema, const char *name,
                      lsh_index *ix, char **err){
  sqlite3_stmt *st = NULL;
  char buf[NR_LSH_ERR];
  const char *why;
  char *sql;
  int rc, cap = 0;
  memset(ix, 0, sizeof(*ix));
  why = nr_lsh_load(db, schema, name, &ix->p, buf);
  if( why ){
    *err = sqlite3_mprintf("%s", why);
    return *err ? SQLITE_CORRUPT_VTAB : SQLITE_NOMEM;
  }
  sql = sqlite3_mprintf("SELECT rowid, sig FROM \"%w\".\"%w_sig\" "
                        "ORDER BY rowid", schema, name);
  if( sql == NULL ) return SQLITE_NOMEM;
  rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  sqlite3_free(sql);
  if( rc != SQLITE_OK ){
    *err = sqlite3_mprintf("%s", sqlite3_errmsg(db));
    return rc;
  }
  while( (rc = sqlite3_step(st)) == SQLITE_ROW ){
    nr_sig sig;
    if( ix->n == cap ){
      int ncap = cap ? cap * 2 : 256;
      size_t perms = (size_t)ix->p.opts.perms;
      sqlite3_int64 *ids = sqlite3_realloc64(ix->ids, sizeof(*ids) * ncap);
      unsigned char *vals;
      uint32_t *counts;
      if( ids ) ix->ids = ids;
      vals = ids ? sqlite3_realloc64(ix->vals, 4 * perms * ncap) : NULL;
      if( vals ) ix->vals = vals;
      counts = vals ? sqlite3_realloc64(ix->counts, 4 * (size_t)ncap) : NULL;
      if( counts == NULL ){ rc = SQLITE_NOMEM; break; }
      ix->counts = counts;
      cap = ncap;
    }
    why = nr_lsh_check_sig(&ix->p, sqlite3_column_blob(st, 1),
                           sqlite3_column_bytes(st, 1), &sig, buf);
    if( why ){
      *err = sqlite3_mprintf("%s_sig: signature of rowid %lld: %s", name,
                             (long long)sqlite3_column_int64(st, 0), why);
      rc = SQLITE_CORRUPT_VTAB;
      break;
    }
    if( sqlite3_column_type(st, 0) != SQLITE_INTEGER ){
      *err = sqlite3_mprintf("%s_sig: a rowid is not an integer", name);
      rc = SQLITE_CORRUPT_VTAB;
      break;
    }
    ix->ids[ix->n] = sqlite3_column_int64(st, 0);
    ix->counts[ix->n] = sig.count;
    memcpy(ix->vals + (size_t)ix->n * 4 * (size_t)sig.perms, sig.values,
           4 * (size_t)sig.perms);
    ix->n++;
  }
  if( rc == SQLITE_DONE ) rc = SQLITE_OK;
  else if( rc != SQLITE_NOMEM && rc != SQLITE_CORRUPT_VTAB ){
    *err = sqlite3_mprintf("%s", sqlite3_errmsg(db));
  }
  sqlite3_finalize(st);
  if( rc != SQLITE_OK ) index_free(ix);
  return rc;
}

/* ---- band rows ---------------------------------------------------------- */

typedef struct band_row {
  int32_t bucket;
  int doc;
} band_row;

static int cmp_band_row(const void *a, const void *b){
  const band_row *x = a, *y = b;
  if( x->bucket != y->bucket ) return x->bucket < y->bucket ? -1 : 1;
  return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* The rows of one band for every document with shingles, in key order. */
static int band_rows(const lsh_index *ix, int band, band_row *out, int *n){
  int i;
  *n = 0;
  for(i = 0; i < ix->n; i++){
    nr_sig sig;
    if( ix->counts[i] == 0 ) continue;
    doc_sig(ix, i, &sig);
    out[*n].bucket = nr_lsh_bucket(&sig, band, ix->p.rows);
    out[*n].doc = i;
    (*n)++;
  }
  qsort(out, (size_t)*n, sizeof(*out), cmp_band_row);
  return SQLITE_OK;
}

/* Writes every band row again from the signatures, each band in key order
** so that the b-tree pages fill up (this is also what 'optimize' does). */
static int rebuild(sqlite3 *db, const char *schema, const char *name,
                   const lsh_index *ix, char **err){
  sqlite3_stmt *ins = NULL;
  band_row *rows = NULL;
  char *sql;
  int rc, b, i, n;
  sql = sqlite3_mprintf("DELETE FROM \"%w\".\"%w_band\"", schema, name);
  if( sql == NULL ) return SQLITE_NOMEM;
  rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
  sqlite3_free(sql);
  if( rc == SQLITE_OK ){
    sql = sqlite3_mprintf("INSERT INTO \"%w\".\"%w_band\"(band, bucket, rowid)"
                          " VALUES(?1, ?2, ?3)", schema, name);
    if( sql == NULL ) return SQLITE_NOMEM;
    rc = sqlite3_prepare_v2(db, sql, -1, &ins, NULL);
    sqlite3_free(sql);
  }
  if( rc != SQLITE_OK ){
    *err = sqlite3_mprintf("%s", sqlite3_errmsg(db));
    return rc;
  }
  rows = sqlite3_malloc64(sizeof(*rows) * (size_t)(ix->n > 0 ? ix->n : 1));
  if( rows == NULL ) rc = SQLITE_NOMEM;
  for(b = 0; rc == SQLITE_OK && b < ix->p.bands; b++){
    rc = band_rows(ix, b, rows, &n);
    for(i = 0; rc == SQLITE_OK && i < n; i++){
      sqlite3_bind_int(ins, 1, b);
      sqlite3_bind_int(ins, 2, rows[i].bucket);
      sqlite3_bind_int64(ins, 3, ix->ids[rows[i].doc]);
      rc = sqlite3_step(ins);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
      if( rc != SQLITE_OK ) *err = sqlite3_mprintf("%s", sqlite3_errmsg(db));
      sqlite3_reset(ins);
    }
  }
  sqlite3_free(rows);
  sqlite3_finalize(ins);
  return rc;
}

/* Every band row must be one that a signature gives, and every one that a
** signature gives must be there. */
static int integrity_check(sqlite3 *db, const char *schema, const char *name,
                           const lsh_index *ix, char **err){
  sqlite3_stmt *st = NULL;
  char *sql;
  sqlite3_int64 seen = 0, expected = 0;
  int rc, i;
  for(i = 0; i < ix->n; i++) if( ix->counts[i] ) expected += ix->p.bands;
  sql = sqlite3_mprintf("SELECT band, bucket, rowid FROM \"%w\".\"%w_band\"",
                        schema, name);
  rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
  sqlite3_free(sql);
  while( rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW ){
    sqlite3_int64 band = sqlite3_column_int64(st, 0);
    rc = SQLITE_OK;
    sqlite3_int64 bucket = sqlite3_column_int64(st, 1);
    sqlite3_int64 id = sqlite3_column_int64(st, 2);
    int doc = find_doc(ix, id);
    nr_sig sig;
    if( sqlite3_column_type(st, 0) != SQLITE_INTEGER
     || sqlite3_column_type(st, 1) != SQLITE_INTEGER
     || sqlite3_column_type(st, 2) != SQLITE_INTEGER ){
      *err = sqlite3_mprintf("%s_band: a row holds a value that is not an "
                             "integer (rowid %s)", name,
                             sqlite3_column_text(st, 2));
      rc = SQLITE_CORRUPT_VTAB;
      break;
    }
    if( band < 0 || band >= ix->p.bands ){
      *err = sqlite3_mprintf("%s_band: row (band %lld, bucket %lld, rowid "
                             "%lld) names a band the index does not have "
                             "(it has %d)", name, (long long)band,
                             (long long)bucket, (long long)id, ix->p.bands);
      rc = SQLITE_CORRUPT_VTAB;
      break;
    }
    if( doc < 0 ){
      *err = sqlite3_mprintf("%s_band: row (band %lld, bucket %lld, rowid "
                             "%lld) has no signature in %s_sig", name,
                             (long long)band, (long long)bucket,
                             (long long)id, name);
      rc = SQLITE_CORRUPT_VTAB;
      break;
    }
    doc_sig(ix, doc, &sig);
    if( ix->counts[doc] == 0
     || nr_lsh_bucket(&sig, (int)band, ix->p.rows) != bucket ){
      *err = sqlite3_mprintf("%s_band: row (band %lld, bucket %lld, rowid "
                             "%lld) does not match the signature of rowid "
                             "%lld", name, (long long)band, (long long)bucket,
                             (long long)id, (long long)id);
      rc = SQLITE_CORRUPT_VTAB;
      break;
    }
    seen++;
  }
  if( rc == SQLITE_DONE ) rc = SQLITE_OK;
  else if( rc != SQLITE_CORRUPT_VTAB && rc != SQLITE_NOMEM ){
    *err = sqlite3_mprintf("%s", sqlite3_errmsg(db));
  }
  sqlite3_finalize(st);
  st = NULL;
  /* each (band, rowid) can appear once at most, as its bucket is fixed:
  ** so fewer rows than expected means some are missing; name the first */
  if( rc == SQLITE_OK && seen != expected ){
    sql = sqlite3_mprintf("SELECT 1 FROM \"%w\".\"%w_band\" WHERE band = ?1 "
                          "AND bucket = ?2 AND rowid = ?3", schema, name);
    rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    for(i = 0; rc == SQLITE_OK && i < ix->n; i++){
      nr_sig sig;
      int b;
      if( ix->counts[i] == 0 ) continue;
      doc_sig(ix, i, &sig);
      for(b = 0; b < ix->p.bands && rc == SQLITE_OK; b++){
        int32_t bucket = nr_lsh_bucket(&sig, b, ix->p.rows);
        sqlite3_bind_int(st, 1, b);
        sqlite3_bind_int(st, 2, bucket);
        sqlite3_bind_int64(st, 3, ix->ids[i]);
        if( sqlite3_step(st) != SQLITE_ROW ){
          *err = sqlite3_mprintf("%s_band: %lld of %lld band rows are "
                                 "missing, the first (band %d, bucket %d, "
                                 "rowid %lld)", name,
                                 (long long)(expected - seen),
                                 (long long)expected, b, (int)bucket,
                                 (long long)ix->ids[i]);
          rc = SQLITE_CORRUPT_VTAB;
        }
        sqlite3_reset(st);
      }
    }
    if( rc == SQLITE_OK ){
      *err = sqlite3_mprintf("%s_band: has %lld rows, the signatures give "
                             "%lld", name, (long long)seen,
                             (long long)expected);
      rc = SQLITE_CORRUPT_VTAB;
    }
    sqlite3_finalize(st);
  }
  return rc;
}

int nr_lsh_command(sqlite3 *db, const char *schema, const char *name,
                   const nr_lsh_params *p, sqlite3_value *cmd, char **err){
  const char *z = (const char *)sqlite3_value_text(cmd);
  lsh_index ix;
  char *why = NULL;
  int rc, which;
  (void)p;
  if( z == NULL ) return SQLITE_NOMEM;
  if( strcmp(z, "integrity-check") == 0 ) which = 0;
  else if( strcmp(z, "rebuild") == 0 ) which = 1;
  else if( strcmp(z, "optimize") == 0 ) which = 2;
  else{
    sqlite3_free(*err);
    *err = sqlite3_mprintf("%s: unknown command '%.40s' (known: "
                           "integrity-check, rebuild, optimize)", name, z);
    return SQLITE_ERROR;
  }
  rc = index_load(db, schema, name, &ix, &why);
  if( rc == SQLITE_OK ){
    rc = which == 0 ? integrity_check(db, schema, name, &ix, &why)
                    : rebuild(db, schema, name, &ix, &why);
  }
  index_free(&ix);
  if( rc != SQLITE_OK ){
    sqlite3_free(*err);
    *err = rc == SQLITE_NOMEM ? NULL
         : sqlite3_mprintf("%s: %s failed: %s", name, z,
                           why ? why : sqlite3_errstr(rc));
  }
  sqlite3_free(why);
  return rc;
}

/* ---- pairs ----------------------------------------------------------------- */

typedef struct lsh_pair {
  int a, b;                      /* documents, a < b */
  double jaccard;
} lsh_pair;

static int cmp_u64(const void *a, const void *b){
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static size_t sort_unique(uint64_t *v, size_t n){
  size_t i, u = 0;
  qsort(v, n, sizeof(*v), cmp_u64);
  for(i = 0; i < n; i++) if( u == 0 || v[u-1] != v[i] ) v[u++] = v[i];
  return u;
}

/* Every pair of documents sharing a bucket in some band (from the band
** table, so that what the index holds is what is searched), verified on
** the signatures: those at or above threshold, a < b, sorted. */
static int all_pairs(sqlite3 *db, const char *schema, const char *name,
                     const lsh_index *ix, double threshold, lsh_pair **out,
                     int *nout, char **err){
  sqlite3_stmt *st = NULL;
  uint64_t *cand = NULL;
  size_t ncand = 0, cap = 0, compacted = 0, i;
  int *group = NULL, ngroup = 0, gcap = 0;
  sqlite3_int64 gband = -1, gbucket = 0;
  char *sql;
  int rc, more = 1;
  *out = NULL;
  *nout = 0;
  sql = sqlite3_mprintf("SELECT band, bucket, rowid FROM \"%w\".\"%w_band\" "
                        "ORDER BY band, bucket", schema, name);
  rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
  sqlite3_free(sql);
  if( rc != SQLITE_OK ){
    if( rc != SQLITE_NOMEM ) *err = sqlite3_mprintf("%s", sqlite3_errmsg(db));
    return rc;
  }
  while( more ){
    sqlite3_int64 band = 0, bucket = 0;
    int doc = -1, j, k;
    rc = sqlite3_step(st);
    if( rc == SQLITE_ROW ){
      band = sqlite3_column_int64(st, 0);
      bucket = sqlite3_column_int64(st, 1);
      doc = find_doc(ix, sqlite3_column_int64(st, 2));
      if( doc < 0 ){
        *err = sqlite3_mprintf("%s_band: rowid %lld has no signature (run "
                               "'integrity-check')", name,
                               (long long)sqlite3_column_int64(st, 2));
        rc = SQLITE_CORRUPT_VTAB;
        break;
      }
      rc = SQLITE_OK;
    }else if( rc == SQLITE_DONE ){
      more = 0;
      rc = SQLITE_OK;
    }else{
      *err = sqlite3_mprintf("%s", sqlite3_errmsg(db));
      break;
    }
    if( !more || band != gband || bucket != gbucket ){
      /* the group is complete: each of its pairs is a candidate */
      for(j = 0; j < ngroup && rc == SQLITE_OK; j++){
        for(k = j + 1; k < ngroup; k++){
          if( ncand == cap ){
            size_t ncap = cap ? cap * 2 : 1024;
            uint64_t *p;
            if( ncand > 2 * compacted + 1024 ){
              ncand = compacted = sort_unique(cand, ncand);
              if( ncand < cap ) goto have_room;
            }
            p = sqlite3_realloc64(cand, sizeof(*p) * ncap);
            if( p == NULL ){ rc = SQLITE_NOMEM; break; }
            cand = p;
            cap = ncap;
          }
         have_room:
          {
            int a = group[j] < group[k] ? group[j] : group[k];
            int b = group[j] < group[k] ? group[k] : group[j];
            cand[ncand++] = (uint64_t)a << 32 | (uint32_t)b;
          }
        }
      }
      ngroup = 0;
      gband = band;
      gbucket = bucket;
    }
    if( more && rc == SQLITE_OK ){
      if( ngroup == gcap ){
        int ncap = gcap ? gcap * 2 : 16;
        int *p = sqlite3_realloc64(group, sizeof(*p) * (size_t)ncap);
        if( p == NULL ){ rc = SQLITE_NOMEM; break; }
        group = p;
        gcap = ncap;
      }
      group[ngroup++] = doc;
    }
    if( rc != SQLITE_OK ) break;
  }
  sqlite3_finalize(st);
  sqlite3_free(group);
  if( rc == SQLITE_OK && ncand > 0 ){
    ncand = sort_unique(cand, ncand);
    *out = sqlite3_malloc64(sizeof(lsh_pair) * ncand);
    if( *out == NULL ) rc = SQLITE_NOMEM;
  }
  for(i = 0; rc == SQLITE_OK && i < ncand; i++){
    int a = (int)(cand[i] >> 32), b = (int)(uint32_t)cand[i];
    double j = pair_jaccard(ix, a, b);
    if( j >= threshold - ix->p.margin - 1e-12 ){
      lsh_pair *pr = &(*out)[(*nout)++];
      pr->a = a;
      pr->b = b;
      pr->jaccard = j;
    }
  }
  sqlite3_free(cand);
  if( rc != SQLITE_OK ){
    sqlite3_free(*out);
    *out = NULL;
    *nout = 0;
  }
  return rc;
}

/* ---- the table-valued functions --------------------------------------------
** Both take the index's name first; it is checked to be a minhash_lsh table
** of the main schema and only ever used quoted, so a name cannot inject
** SQL. */

enum { P_A, P_B, P_JACCARD, P_CONTAINMENT, P_CONTAINMENT_BA, P_TABLE,
       P_THRESHOLD };
enum { C_ROWID, C_CLUSTER, C_SIZE, C_MIN_JACCARD, C_TABLE, C_METHOD,
       C_ORDER_BY };

typedef struct out_row {
  sqlite3_int64 x, y;
  double j, c1, c2;
  int size;
  int has_j;
} out_row;

typedef struct fn_vtab {
  sqlite3_vtab base;
  sqlite3 *db;
  int clusters;
} fn_vtab;

typedef struct fn_cursor {
  sqlite3_vtab_cursor base;
  out_row *rows;
  int n, i;
} fn_cursor;

static int fn_connect(sqlite3 *db, void *aux, int argc,
                      const char *const *argv, sqlite3_vtab **out,
                      char **err){
  fn_vtab *vt;
  int rc;
  (void)argc; (void)argv; (void)err;
  rc = sqlite3_declare_vtab(db, aux
      ? "CREATE TABLE x(rowid INTEGER, cluster INTEGER, size INTEGER, "
        "min_jaccard REAL, table_name HIDDEN, method HIDDEN, "
        "order_by HIDDEN)"
      : "CREATE TABLE x(a INTEGER, b INTEGER, jaccard REAL, "
        "containment REAL, containment_ba REAL, table_name HIDDEN, "
        "threshold HIDDEN)");
  if( rc != SQLITE_OK ) return rc;
  vt = sqlite3_malloc(sizeof(*vt));
  if( vt == NULL ) return SQLITE_NOMEM;
  memset(vt, 0, sizeof(*vt));
  vt->db = db;
  vt->clusters = aux != NULL;
  *out = &vt->base;
  return SQLITE_OK;
}

static int fn_disconnect(sqlite3_vtab *vt){
  sqlite3_free(vt);
  return SQLITE_OK;
}

static int fn_best_index(sqlite3_vtab *vt, sqlite3_index_info *info){
  int first = ((fn_vtab *)vt)->clusters ? C_TABLE : P_TABLE;
  /* without a table name xFilter says so, rather than the planner's
  ** "no query solution" */
  return nr_best_index_args(info, first, 3, 1, 1e5);
}

static int fn_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out){
  fn_cursor *cur = sqlite3_malloc(sizeof(*cur));
  (void)vt;
  if( cur == NULL ) return SQLITE_NOMEM;
  memset(cur, 0, sizeof(*cur));
  *out = &cur->base;
  return SQLITE_OK;
}

static int fn_close(sqlite3_vtab_cursor *base){
  fn_cursor *cur = (fn_cursor *)base;
  sqlite3_free(cur->rows);
  sqlite3_free(cur);
  return SQLITE_OK;
}

static int fn_error(fn_vtab *vt, int rc, char *msg){
  sqlite3_free(vt->base.zErrMsg);
  vt->base.zErrMsg = msg;
  return msg || rc != SQLITE_NOMEM ? rc : SQLITE_NOMEM;
}

/* Checks that name is a minhash_lsh table of the main schema. */
static char *check_index(sqlite3 *db, const char *fn, const char *name){
  sqlite3_stmt *st = NULL;
  char *err = NULL;
  int rc = sqlite3_prepare_v2(db, "SELECT sql FROM main.sqlite_schema "
                              "WHERE type = 'table' AND name = ?1", -1, &st,
                              NULL);
  if( rc != SQLITE_OK ) return sqlite3_mprintf("%s", sqlite3_errmsg(db));
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  if( rc != SQLITE_ROW ){
    err = sqlite3_mprintf("%s(): no table named '%.60s'", fn, name);
  }else{
    const char *sql = (const char *)sqlite3_column_text(st, 0);
    /* CREATE VIRTUAL TABLE name USING minhash_lsh(...): find the module */
    const char *u = sql ? strstr(sql, " USING ") : NULL;
    if( u == NULL ) u = sql ? strstr(sql, " using ") : NULL;
    if( u == NULL || sqlite3_strnicmp(u + 7, "minhash_lsh", 11) != 0
     || (u[18] != '(' && u[18] != ' ' && u[18] != 0) ){
      err = sqlite3_mprintf("%s(): '%.60s' is not a minhash_lsh table", fn,
                            name);
    }
  }
  sqlite3_finalize(st);
  return err;
}

/* Has the index write the band rows its connection holds back (lsh.c,
** "pending"): a query of the index does so before it reads. */
static char *flush_index(sqlite3 *db, const char *fn, const char *name){
  sqlite3_stmt *st = NULL;
  char *err = NULL;
  char *sql = sqlite3_mprintf("SELECT 1 FROM main.\"%w\" WHERE rowid = 0",
                              name);
  int rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
  sqlite3_free(sql);
  if( rc == SQLITE_OK ){
    while( (rc = sqlite3_step(st)) == SQLITE_ROW ){}
    if( rc == SQLITE_DONE ) rc = SQLITE_OK;
  }
  if( rc != SQLITE_OK ){
    err = sqlite3_mprintf("%s(): %s", fn, sqlite3_errmsg(db));
  }
  sqlite3_finalize(st);
  return err;
}

/* Reports why (which it frees) as minhash_lsh_pairs()'s error. */
static int pairs_error(fn_vtab *vt, int rc, char *why){
  char *msg = why ? sqlite3_mprintf("minhash_lsh_pairs(): %s", why) : NULL;
  sqlite3_free(why);
  return fn_error(vt, rc, msg);
}

static int fn_filter_pairs(fn_vtab *vt, fn_cursor *cur, const char *name,
                           sqlite3_value *thr){
  lsh_index ix;
  lsh_pair *pairs = NULL;
  char *why = NULL;
  double t;
  int rc, np = 0, i;
  rc = index_load(vt->db, "main", name, &ix, &why);
  if( rc != SQLITE_OK ) return pairs_error(vt, rc, why);
  t = ix.p.threshold;
  if( thr && sqlite3_value_type(thr) != SQLITE_NULL ){
    int type = sqlite3_value_numeric_type(thr);
    double v = sqlite3_value_double(thr);
    if( (type != SQLITE_INTEGER && type != SQLITE_FLOAT) || v > 1.0
     || v < t - 1e-12 ){
      index_free(&ix);
      return fn_error(vt, SQLITE_ERROR, sqlite3_mprintf(
          "minhash_lsh_pairs(): threshold must be a number from the "
          "index's %g to 1", t));
    }
    t = v;
  }
  rc = all_pairs(vt->db, "main", name, &ix, t, &pairs, &np, &why);
  if( rc == SQLITE_OK && np > 0 ){
    cur->rows = sqlite3_malloc64(sizeof(out_row) * (size_t)np);
    if( cur->rows == NULL ) rc = SQLITE_NOMEM;
  }
  for(i = 0; rc == SQLITE_OK && i < np; i++){
    out_row *r = &cur->rows[i];
    r->x = ix.ids[pairs[i].a];
    r->y = ix.ids[pairs[i].b];
    r->j = pairs[i].jaccard;
    pair_estimate(&ix, pairs[i].a, pairs[i].b, &r->c1);
    pair_estimate(&ix, pairs[i].b, pairs[i].a, &r->c2);
    r->has_j = 1;
  }
  if( rc == SQLITE_OK ) cur->n = np;
  sqlite3_free(pairs);
  index_free(&ix);
  if( rc != SQLITE_OK ) return pairs_error(vt, rc, why);
  return SQLITE_OK;
}

/* ---- clusters ---- */

static int uf_find(int *parent, int x){
  while( parent[x] != x ){
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

typedef struct rank_entry {
  int doc;
  sqlite3_int64 rank;            /* position in the order_by ordering */
} rank_entry;

static int cmp_rank(const void *a, const void *b){
  const rank_entry *x = a, *y = b;
  if( x->rank != y->rank ) return x->rank < y->rank ? -1 : 1;
  return x->doc - y->doc;
}

/* The documents in the order in which star clustering tries them as
** representatives: by rowid, or by "table.column [DESC]" of a table whose
** rowids are the index's (documents missing there come last). */
static int star_order(sqlite3 *db, const lsh_index *ix, const char *order,
                      int *seq, char **err){
  rank_entry *r;
  int i, rc = SQLITE_OK;
  if( order == NULL ){
    for(i = 0; i < ix->n; i++) seq[i] = i;
    return SQLITE_OK;
  }
  r = sqlite3_malloc64(sizeof(*r) * (size_t)(ix->n > 0 ? ix->n : 1));
  if( r == NULL ) return SQLITE_NOMEM;
  for(i = 0; i < ix->n; i++){
    r[i].doc = i;
    r[i].rank = (sqlite3_int64)1 << 62;
  }
  {
    const char *dot = strchr(order, '.');
    const char *sp = strchr(order, ' ');
    int desc = 0, tn, cn;
    if( sp ){
      if( sqlite3_stricmp(sp + 1, "desc") == 0 ) desc = 1;
      else if( sqlite3_stricmp(sp + 1, "asc") != 0 ) dot = NULL;
    }
    if( dot == NULL || dot == order || (sp && sp < dot) ){
      *err = sqlite3_mprintf("minhash_lsh_clusters(): order_by must be "
                             "'table.column', 'table.column ASC' or "
                             "'table.column DESC', not '%.60s'", order);
      sqlite3_free(r);
      return SQLITE_ERROR;
    }
    tn = (int)(dot - order);
    cn = sp ? (int)(sp - dot - 1) : (int)strlen(dot + 1);
    {
      char *t = sqlite3_mprintf("%.*s", tn, order);
      char *c = sqlite3_mprintf("%.*s", cn, dot + 1);
      char *sql = (t && c) ? sqlite3_mprintf(
          /* qualified, so that a missing column is an error, not the
          ** string literal that a lone "name" would fall back to */
          "SELECT rowid FROM main.\"%w\" ORDER BY \"%w\".\"%w\" %s, rowid",
          t, t, c, desc ? "DESC" : "ASC") : NULL;
      sqlite3_stmt *st = NULL;
      sqlite3_int64 pos = 0;
      sqlite3_free(t);
      sqlite3_free(c);
      if( sql == NULL ){
        sqlite3_free(r);
        return SQLITE_NOMEM;
      }
      rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
      sqlite3_free(sql);
      if( rc != SQLITE_OK ){
        *err = sqlite3_mprintf("minhash_lsh_clusters(): order_by '%.60s': %s",
                               order, sqlite3_errmsg(db));
        sqlite3_free(r);
        return rc;
      }
      while( (rc = sqlite3_step(st)) == SQLITE_ROW ){
        int d = find_doc(ix, sqlite3_column_int64(st, 0));
        if( d >= 0 && r[d].rank == (sqlite3_int64)1 << 62 ) r[d].rank = pos;
        pos++;
      }
      if( rc == SQLITE_DONE ) rc = SQLITE_OK;
      else *err = sqlite3_mprintf("minhash_lsh_clusters(): %s",
                                  sqlite3_errmsg(db));
      sqlite3_finalize(st);
    }
  }
  qsort(r, (size_t)ix->n, sizeof(*r), cmp_rank);
  for(i = 0; i < ix->n; i++) seq[i] = r[i].doc;
  sqlite3_free(r);
  return rc;
}

static int cmp_out_cluster(const void *a, const void *b){
  const out_row *x = a, *y = b;
  if( x->y != y->y ) return x->y < y->y ? -1 : 1;
  return x->x < y->x ? -1 : x->x > y->x;
}

/* Above this many members, a component's minimum is taken over its
** members' similarity to its lowest rowid instead of over all pairs. */
#define ALL_PAIRS_MAX 1000

static int fn_filter_clusters(fn_vtab *vt, fn_cursor *cur, const char *name,
                              sqlite3_value *method_v,
                              sqlite3_value *order_v){
  lsh_index ix;
  lsh_pair *pairs = NULL;
  char *why = NULL;
  int rc, np = 0, i, star = 0;
  int *cluster = NULL, *size = NULL, *seq = NULL, *adj_start = NULL;
  int *adj = NULL;
  double *minj = NULL;
  const char *order = NULL;
  if( method_v && sqlite3_value_type(method_v) != SQLITE_NULL ){
    const char *m = (const char *)sqlite3_value_text(method_v);
    if( m && sqlite3_stricmp(m, "star") == 0 ) star = 1;
    else if( m == NULL || sqlite3_stricmp(m, "components") != 0 ){
      return fn_error(vt, SQLITE_ERROR, sqlite3_mprintf(
          "minhash_lsh_clusters(): method must be 'components' or 'star'"));
    }
  }
  if( order_v && sqlite3_value_type(order_v) != SQLITE_NULL ){
    if( !star ){
      return fn_error(vt, SQLITE_ERROR, sqlite3_mprintf(
          "minhash_lsh_clusters(): order_by applies to method 'star' only"));
    }
    order = (const char *)sqlite3_value_text(order_v);
    if( order == NULL ) return SQLITE_NOMEM;
  }
  rc = index_load(vt->db, "main", name, &ix, &why);
  if( rc == SQLITE_OK ){
    rc = all_pairs(vt->db, "main", name, &ix, ix.p.threshold, &pairs, &np,
                   &why);
  }
  if( rc == SQLITE_OK ){
    size_t n = (size_t)(ix.n > 0 ? ix.n : 1);
    cluster = sqlite3_malloc64(sizeof(int) * n);
    size = sqlite3_malloc64(sizeof(int) * n);
    seq = sqlite3_malloc64(sizeof(int) * n);
    adj_start = sqlite3_malloc64(sizeof(int) * (n + 1));
    adj = sqlite3_malloc64(sizeof(int) * 2 * (size_t)(np > 0 ? np : 1));
    minj = sqlite3_malloc64(sizeof(double) * n);
    cur->rows = sqlite3_malloc64(sizeof(out_row) * n);
    if( !cluster || !size || !seq || !adj_start || !adj || !minj
     || !cur->rows ){
      rc = SQLITE_NOMEM;
    }
  }
  if( rc == SQLITE_OK ){
    for(i = 0; i < ix.n; i++){ cluster[i] = i; size[i] = 0; minj[i] = 2.0; }
    if( !star ){
      /* union by the lower index, so the root is the lowest rowid */
      for(i = 0; i < np; i++){
        int ra = uf_find(cluster, pairs[i].a), rb = uf_find(cluster, pairs[i].b);
        if( ra < rb ) cluster[rb] = ra; else if( rb < ra ) cluster[ra] = rb;
      }
      for(i = 0; i < ix.n; i++){
        cluster[i] = uf_find(cluster, i);
        size[cluster[i]]++;
      }
      /* the least similar pair of each component shows any chaining:
      ** group the members by root (a counting sort), then compare */
      {
        int *members = seq, *mstart = adj_start, k;
        memset(mstart, 0, sizeof(int) * (size_t)(ix.n + 1));
        for(i = 0; i < ix.n; i++) mstart[cluster[i] + 1]++;
        for(i = 0; i < ix.n; i++) mstart[i + 1] += mstart[i];
        for(i = 0; i < ix.n; i++) members[mstart[cluster[i]]++] = i;
        /* each mstart[c] now ends cluster c: shift back to starts */
        for(i = ix.n; i > 0; i--) mstart[i] = mstart[i - 1];
        mstart[0] = 0;
        for(i = 0; i < ix.n; i++){
          int s = size[i], a, b;
          const int *m = members + mstart[i];
          double lo = 2.0;
          if( s < 2 ) continue;
          if( s <= ALL_PAIRS_MAX ){
            for(a = 0; a < s; a++){
              for(b = a + 1; b < s; b++){
                double j = pair_jaccard(&ix, m[a], m[b]);
                if( j < lo ) lo = j;
              }
            }
          }else{
            for(k = 1; k < s; k++){
              double j = pair_jaccard(&ix, m[0], m[k]);
              if( j < lo ) lo = j;
            }
          }
          minj[i] = lo;
        }
      }
    }else{
      int *deg = size, k;
      memset(deg, 0, sizeof(int) * (size_t)ix.n);
      for(i = 0; i < np; i++){ deg[pairs[i].a]++; deg[pairs[i].b]++; }
      adj_start[0] = 0;
      for(i = 0; i < ix.n; i++) adj_start[i + 1] = adj_start[i] + deg[i];
      for(i = 0; i < ix.n; i++) deg[i] = adj_start[i];
      for(i = 0; i < np; i++){
        adj[deg[pairs[i].a]++] = i;
        adj[deg[pairs[i].b]++] = i;
      }
      rc = star_order(vt->db, &ix, order, seq, &why);
      if( rc == SQLITE_OK ){
        for(i = 0; i < ix.n; i++){ cluster[i] = -1; size[i] = 0; }
        for(k = 0; k < ix.n; k++){
          int rep = seq[k], e;
          if( cluster[rep] >= 0 ) continue;
          cluster[rep] = rep;
          size[rep] = 1;
          for(e = adj_start[rep]; e < adj_start[rep + 1]; e++){
            const lsh_pair *pr = &pairs[adj[e]];
            int other = pr->a == rep ? pr->b : pr->a;
            if( cluster[other] >= 0 ) continue;
            cluster[other] = rep;
            size[rep]++;
            if( pr->jaccard < minj[rep] ) minj[rep] = pr->jaccard;
          }
        }
      }
    }
  }
  if( rc == SQLITE_OK ){
    for(i = 0; i < ix.n; i++){
      out_row *r = &cur->rows[i];
      int c = cluster[i];
      r->x = ix.ids[i];
      r->y = ix.ids[c];
      r->size = size[c];
      r->j = minj[c];
      r->has_j = size[c] > 1;
    }
    cur->n = ix.n;
    qsort(cur->rows, (size_t)cur->n, sizeof(out_row), cmp_out_cluster);
  }
  sqlite3_free(cluster);
  sqlite3_free(size);
  sqlite3_free(seq);
  sqlite3_free(adj_start);
  sqlite3_free(adj);
  sqlite3_free(minj);
  sqlite3_free(pairs);
  index_free(&ix);
  if( rc != SQLITE_OK ){
    sqlite3_free(cur->rows);
    cur->rows = NULL;
    cur->n = 0;
    if( why && strncmp(why, "minhash_lsh_clusters(): ", 24) != 0 ){
      char *e = sqlite3_mprintf("minhash_lsh_clusters(): %s", why);
      sqlite3_free(why);
      why = e;
    }
    return fn_error(vt, rc, why);
  }
  return SQLITE_OK;
}

static int fn_filter(sqlite3_vtab_cursor *base, int mask, const char *idx,
                     int argc, sqlite3_value **argv){
  fn_cursor *cur = (fn_cursor *)base;
  fn_vtab *vt = (fn_vtab *)base->pVtab;
  const char *fn = vt->clusters ? "minhash_lsh_clusters" : "minhash_lsh_pairs";
  const char *name;
  sqlite3_value *arg[3] = {NULL, NULL, NULL};
  char *why;
  int i, k = 0;
  (void)idx;
  sqlite3_free(cur->rows);
  cur->rows = NULL;
  cur->n = cur->i = 0;
  for(i = 0; i < 3; i++){
    if( (mask & (1 << i)) && k < argc ) arg[i] = argv[k++];
  }
  if( arg[0] == NULL || sqlite3_value_type(arg[0]) != SQLITE_TEXT ){
    return fn_error(vt, SQLITE_ERROR, sqlite3_mprintf(
        "%s(): the first argument must be the name of a minhash_lsh table",
        fn));
  }
  name = (const char *)sqlite3_value_text(arg[0]);
  if( name == NULL ) return SQLITE_NOMEM;
  why = check_index(vt->db, fn, name);
  if( why ) return fn_error(vt, SQLITE_ERROR, why);
  why = flush_index(vt->db, fn, name);
  if( why ) return fn_error(vt, SQLITE_ERROR, why);
  return vt->clusters ? fn_filter_clusters(vt, cur, name, arg[1], arg[2])
                      : fn_filter_pairs(vt, cur, name, arg[1]);
}

static int fn_next(sqlite3_vtab_cursor *base){
  ((fn_cursor *)base)->i++;
  return SQLITE_OK;
}

static int fn_eof(sqlite3_vtab_cursor *base){
  fn_cursor *cur = (fn_cursor *)base;
  return cur->i >= cur->n;
}

static int fn_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid){
  *rowid = ((fn_cursor *)base)->i + 1;
  return SQLITE_OK;
}

static int fn_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx,
                     int col){
  fn_cursor *cur = (fn_cursor *)base;
  const out_row *r = &cur->rows[cur->i];
  if( ((fn_vtab *)base->pVtab)->clusters ){
    switch( col ){
      case C_ROWID: sqlite3_result_int64(ctx, r->x); break;
      case C_CLUSTER: sqlite3_result_int64(ctx, r->y); break;
      case C_SIZE: sqlite3_result_int(ctx, r->size); break;
      case C_MIN_JACCARD: if( r->has_j ) sqlite3_result_double(ctx, r->j);
                          break;
      default: break;
    }
  }else{
    switch( col ){
      case P_A: sqlite3_result_int64(ctx, r->x); break;
      case P_B: sqlite3_result_int64(ctx, r->y); break;
      case P_JACCARD: sqlite3_result_double(ctx, r->j); break;
      case P_CONTAINMENT: sqlite3_result_double(ctx, r->c1); break;
      case P_CONTAINMENT_BA: sqlite3_result_double(ctx, r->c2); break;
      default: break;
    }
  }
  return SQLITE_OK;
}

static sqlite3_module fn_module = {
  0, NULL, fn_connect, fn_best_index, fn_disconnect, NULL, fn_open, fn_close,
  fn_filter, fn_next, fn_eof, fn_column, fn_rowid,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
#if SQLITE_VERSION_NUMBER >= 3044000
  NULL,
#endif
};

int nr_register_lsh_functions(sqlite3 *db){
  static int clusters_tag;
  int rc = sqlite3_create_module(db, "minhash_lsh_pairs", &fn_module, NULL);
  if( rc == SQLITE_OK ){
    rc = sqlite3_create_module(db, "minhash_lsh_clusters", &fn_module,
                               &clusters_tag);
  }
  return rc;
}
