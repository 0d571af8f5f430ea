/*
** lsh_eval.c -- accuracy of the minhash_lsh index against exact Jaccard.
**
**   lsh_eval NEWSROOM_SO DB [threshold ...]
**
** DB holds docs(id INTEGER PRIMARY KEY, body TEXT) (make_corpus.py builds
** it from Reuters-21578 and edited copies).  For each threshold it builds
** a minhash_lsh index (english, n=3, perms=128) through SQL, reads every
** pair from minhash_lsh_pairs(), and compares with the exact answer:
**
**   exact  all pairs with Jaccard >= t over the word 3-shingle sets, the
**          same shingles the index signs (the core's nr_shingle_text);
**          found without comparing all 2e8 pairs by prefix filtering:
**          with the shingles of every set ordered rarest first, two sets
**          of Jaccard >= t share one of the first |A| - ceil(t |A|) + 1
**          shingles of A, so only documents meeting in those prefixes are
**          compared, exactly.
**   recall    share of exact pairs that the index returns
**   precision share of returned pairs whose exact Jaccard >= t - 0.05
**
** LSH_MARGIN=0 in the environment makes the index strict (margin=0).
** With fewer than 10 documents it prints the exact Jaccard of every pair
** instead (the seed articles).  Exits 1 when a target is missed.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "newsroom.h"

void *nr_realloc(void *p, size_t n){ return realloc(p, n); }
void nr_free(void *p){ free(p); }

typedef struct doc {
  sqlite3_int64 id;
  uint32_t *tok;                 /* shingles as ranks, rarest first, sorted */
  size_t n;
} doc;

static int cmp_u64(const void *a, const void *b){
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}
static int cmp_u32(const void *a, const void *b){
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

typedef struct hash_df { uint64_t hash; uint32_t df; } hash_df;
static int cmp_df(const void *a, const void *b){
  const hash_df *x = a, *y = b;
  if( x->df != y->df ) return x->df < y->df ? -1 : 1;
  return x->hash < y->hash ? -1 : x->hash > y->hash;
}
static int cmp_hash(const void *a, const void *b){
  const hash_df *x = a, *y = b;
  return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static size_t inter(const uint32_t *a, size_t na, const uint32_t *b,
                    size_t nb){
  size_t i = 0, j = 0, c = 0;
  while( i < na && j < nb ){
    if( a[i] < b[j] ) i++;
    else if( a[i] > b[j] ) j++;
    else { c++; i++; j++; }
  }
  return c;
}

static double jac(const doc *a, const doc *b){
  size_t c;
  if( a->n == 0 || b->n == 0 ) return 0.0;
  c = inter(a->tok, a->n, b->tok, b->n);
  return (double)c / (double)(a->n + b->n - c);
}

/* The index's estimate (nr_sig_estimate's maximum-likelihood Jaccard). */
static double estimate(const nr_sig *x, const nr_sig *y){
  double j, c;
  nr_sig_estimate(x, y, &j, &c);
  return j;
}

static void die(sqlite3 *db, const char *what){
  fprintf(stderr, "lsh_eval: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
  exit(2);
}

/* A pair key: the two document indexes, lower first. */
static uint64_t key(uint32_t a, uint32_t b){
  return a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
}

typedef struct vec { uint64_t *v; size_t n, cap; } vec;
static void push(vec *v, uint64_t x){
  if( v->n == v->cap ){
    v->cap = v->cap ? v->cap * 2 : 1024;
    v->v = realloc(v->v, v->cap * sizeof(*v->v));
    if( v->v == NULL ){ perror("realloc"); exit(2); }
  }
  v->v[v->n++] = x;
}

/* Exact pairs with Jaccard >= t, by prefix filtering (see the header). */
static void exact_pairs(const doc *d, size_t nd, double t, vec *out){
  size_t ntok = 0, i, k;
  uint32_t **post, *plen, *pcap, *mark;
  for(i = 0; i < nd; i++){
    for(k = 0; k < d[i].n; k++) if( d[i].tok[k] + 1 > ntok ) ntok = d[i].tok[k] + 1;
  }
  post = calloc(ntok + 1, sizeof(*post));
  plen = calloc(ntok + 1, sizeof(*plen));
  pcap = calloc(ntok + 1, sizeof(*pcap));
  mark = calloc(nd + 1, sizeof(*mark));
  if( !post || !plen || !pcap || !mark ){ perror("calloc"); exit(2); }
  for(i = 0; i < nd; i++){
    size_t n = d[i].n, prefix;
    if( n == 0 ) continue;
    prefix = n - (size_t)ceil(t * (double)n - 1e-9) + 1;
    if( prefix > n ) prefix = n;
    for(k = 0; k < prefix; k++){
      uint32_t tk = d[i].tok[k], p;
      for(p = 0; p < plen[tk]; p++){
        uint32_t j = post[tk][p];
        if( mark[j] == i + 1 ) continue;
        mark[j] = (uint32_t)(i + 1);
        if( jac(&d[i], &d[j]) >= t - 1e-12 ) push(out, key((uint32_t)i, j));
      }
      if( plen[tk] == pcap[tk] ){
        pcap[tk] = pcap[tk] ? pcap[tk] * 2 : 4;
        post[tk] = realloc(post[tk], pcap[tk] * sizeof(uint32_t));
        if( post[tk] == NULL ){ perror("realloc"); exit(2); }
      }
      post[tk][plen[tk]++] = (uint32_t)i;
    }
  }
  for(i = 0; i <= ntok; i++) free(post[i]);
  free(post); free(plen); free(pcap); free(mark);
  qsort(out->v, out->n, sizeof(uint64_t), cmp_u64);
}

static size_t find_id(const doc *d, size_t nd, sqlite3_int64 id){
  size_t lo = 0, hi = nd;
  while( lo < hi ){
    size_t mid = (lo + hi) / 2;
    if( d[mid].id < id ) lo = mid + 1; else hi = mid;
  }
  if( lo == nd || d[lo].id != id ){
    fprintf(stderr, "lsh_eval: unknown rowid %lld\n", (long long)id);
    exit(2);
  }
  return lo;
}

int main(int argc, char **argv){
  setvbuf(stdout, NULL, _IOLBF, 0);
  sqlite3 *db;
  sqlite3_stmt *st;
  nr_analyzer *an = nr_analyzer_new();
  int lang = nr_lang_find("english", 7), ti, failed = 0;
  doc *d = NULL;
  size_t nd = 0, cap = 0, i, k, total = 0, u;
  hash_df *all = NULL;
  uint64_t **sets;
  char *err = NULL;
  if( argc < 3 ){
    fprintf(stderr, "usage: lsh_eval NEWSROOM_SO DB [threshold ...]\n");
    return 2;
  }
  /* in memory: the file only supplies the documents */
  if( sqlite3_open(":memory:", &db) != SQLITE_OK ) die(db, "open");
  sqlite3_enable_load_extension(db, 1);
  {
    char *sql = sqlite3_mprintf("ATTACH %Q AS src; CREATE TABLE docs AS "
                                "SELECT id, body FROM src.docs; DETACH src;",
                                argv[2]);
    if( sqlite3_exec(db, sql, NULL, NULL, NULL) ) die(db, argv[2]);
    sqlite3_free(sql);
  }
  if( sqlite3_load_extension(db, argv[1], NULL, &err) != SQLITE_OK ){
    fprintf(stderr, "lsh_eval: %s\n", err);
    return 2;
  }
  /* the shingle sets, as the index sees them */
  if( sqlite3_prepare_v2(db, "SELECT id, body FROM docs ORDER BY id", -1, &st,
                         NULL) ) die(db, "docs");
  sets = NULL;
  while( sqlite3_step(st) == SQLITE_ROW ){
    nr_shingle_list list = {0};
    uint64_t *set = NULL;
    size_t count = 0;
    const char *body = (const char *)sqlite3_column_text(st, 1);
    if( nd == cap ){
      cap = cap ? cap * 2 : 1024;
      d = realloc(d, cap * sizeof(*d));
      sets = realloc(sets, cap * sizeof(*sets));
      if( !d || !sets ){ perror("realloc"); return 2; }
    }
    if( nr_shingle_text(an, lang, 3, 1, body ? body : "",
                        (size_t)sqlite3_column_bytes(st, 1), &list)
     || nr_shingle_set(&list, &set, &count) ){
      fprintf(stderr, "lsh_eval: out of memory\n");
      return 2;
    }
    nr_shingle_list_free(&list);
    d[nd].id = sqlite3_column_int64(st, 0);
    d[nd].n = count;
    d[nd].tok = NULL;
    sets[nd] = set;
    total += count;
    nd++;
  }
  sqlite3_finalize(st);
  /* rank every shingle by document frequency, rarest first */
  all = malloc((total + 1) * sizeof(*all));
  if( all == NULL ){ perror("malloc"); return 2; }
  for(i = 0, u = 0; i < nd; i++){
    for(k = 0; k < d[i].n; k++){ all[u].hash = sets[i][k]; all[u].df = 1; u++; }
  }
  qsort(all, total, sizeof(*all), cmp_hash);
  for(i = 0, u = 0; i < total; ){
    size_t j = i;
    while( j < total && all[j].hash == all[i].hash ) j++;
    all[u].hash = all[i].hash;
    all[u].df = (uint32_t)(j - i);
    u++;
    i = j;
  }
  qsort(all, u, sizeof(*all), cmp_df);
  {
    /* hash -> rank through a sorted copy */
    hash_df *by_hash = malloc((u + 1) * sizeof(*by_hash));
    if( by_hash == NULL ){ perror("malloc"); return 2; }
    for(i = 0; i < u; i++){ by_hash[i].hash = all[i].hash; by_hash[i].df = (uint32_t)i; }
    qsort(by_hash, u, sizeof(*by_hash), cmp_hash);
    for(i = 0; i < nd; i++){
      d[i].tok = malloc((d[i].n + 1) * sizeof(uint32_t));
      if( d[i].tok == NULL ){ perror("malloc"); return 2; }
      for(k = 0; k < d[i].n; k++){
        hash_df probe = {sets[i][k], 0};
        hash_df *hit = bsearch(&probe, by_hash, u, sizeof(*by_hash), cmp_hash);
        d[i].tok[k] = hit->df;
      }
      qsort(d[i].tok, d[i].n, sizeof(uint32_t), cmp_u32);
      nr_free(sets[i]);
    }
    free(by_hash);
  }
  free(all);
  free(sets);
  printf("documents %zu, distinct shingles %zu, shingles %zu\n", nd, u, total);

  if( nd < 10 ){
    size_t a, b;
    for(a = 0; a < nd; a++){
      for(b = a + 1; b < nd; b++){
        printf("exact %lld~%lld %.4f\n", (long long)d[a].id,
               (long long)d[b].id, jac(&d[a], &d[b]));
      }
    }
    return 0;
  }

  if( sqlite3_exec(db, "DROP TABLE IF EXISTS eval_lsh", NULL, NULL, NULL) )
    die(db, "drop");
  for(ti = 3; ti < argc; ti++){
    double t = atof(argv[ti]);
    vec ex = {0}, got = {0};
    size_t hit = 0, good = 0;
    char *sql;
    sqlite3_int64 bands = 0, rows = 0, pages = 0;
    double margin = 0.0;
    if( sqlite3_exec(db, "DROP TABLE IF EXISTS eval_lsh", NULL, NULL, NULL) )
      die(db, "drop");
    sql = sqlite3_mprintf("CREATE VIRTUAL TABLE eval_lsh USING minhash_lsh("
                          "threshold=%g, lang=english, n=3, perms=128%s)", t,
                          getenv("LSH_MARGIN") ? ", margin=" : "");
    if( sql && getenv("LSH_MARGIN") ){
      char *full = sqlite3_mprintf("%.*s%s)", (int)strlen(sql) - 1, sql,
                                   getenv("LSH_MARGIN"));
      sqlite3_free(sql);
      sql = full;
    }
    if( sqlite3_exec(db, sql, NULL, NULL, NULL) ) die(db, "create");
    sqlite3_free(sql);
    if( sqlite3_exec(db, "BEGIN; INSERT INTO eval_lsh(rowid, document) "
                     "SELECT id, body FROM docs; COMMIT;", NULL, NULL, NULL) )
      die(db, "insert");
    sqlite3_prepare_v2(db, "SELECT (SELECT value FROM eval_lsh_config WHERE "
                       "key = 'bands'), (SELECT value FROM eval_lsh_config "
                       "WHERE key = 'rows'), (SELECT sum(pgsize) FROM dbstat "
                       "WHERE name LIKE 'eval_lsh_%'), (SELECT value FROM "
                       "eval_lsh_config WHERE key = 'margin')", -1, &st,
                       NULL);
    if( st && sqlite3_step(st) == SQLITE_ROW ){
      bands = sqlite3_column_int64(st, 0);
      rows = sqlite3_column_int64(st, 1);
      pages = sqlite3_column_int64(st, 2);
      margin = sqlite3_column_double(st, 3);
    }
    sqlite3_finalize(st);
    if( sqlite3_prepare_v2(db, "SELECT a, b FROM minhash_lsh_pairs('eval_lsh')",
                           -1, &st, NULL) ) die(db, "pairs");
    while( sqlite3_step(st) == SQLITE_ROW ){
      size_t a = find_id(d, nd, sqlite3_column_int64(st, 0));
      size_t b = find_id(d, nd, sqlite3_column_int64(st, 1));
      push(&got, key((uint32_t)a, (uint32_t)b));
      if( jac(&d[a], &d[b]) >= t - 0.05 - 1e-12 ) good++;
    }
    sqlite3_finalize(st);
    qsort(got.v, got.n, sizeof(uint64_t), cmp_u64);
    exact_pairs(d, nd, t, &ex);
    {
      sqlite3_stmt *sa, *sb;
      size_t below = 0;
      if( sqlite3_prepare_v2(db, "SELECT sig FROM eval_lsh_sig WHERE rowid = ?1",
                             -1, &sa, NULL)
       || sqlite3_prepare_v2(db, "SELECT sig FROM eval_lsh_sig WHERE rowid = ?1",
                             -1, &sb, NULL) ) die(db, "sig");
      for(i = 0; i < ex.n; i++){
        nr_sig x, y;
        if( bsearch(&ex.v[i], got.v, got.n, sizeof(uint64_t), cmp_u64) ){
          hit++;
          continue;
        }
        /* missed: its estimate fell below t, or it was no candidate */
        sqlite3_bind_int64(sa, 1, d[ex.v[i] >> 32].id);
        sqlite3_bind_int64(sb, 1, d[(uint32_t)ex.v[i]].id);
        if( sqlite3_step(sa) == SQLITE_ROW && sqlite3_step(sb) == SQLITE_ROW
         && !nr_sig_decode(sqlite3_column_blob(sa, 0),
                           (size_t)sqlite3_column_bytes(sa, 0), &x)
         && !nr_sig_decode(sqlite3_column_blob(sb, 0),
                           (size_t)sqlite3_column_bytes(sb, 0), &y)
         && estimate(&x, &y) < t - margin - 1e-12 ) below++;
        sqlite3_reset(sa);
        sqlite3_reset(sb);
      }
      sqlite3_finalize(sa);
      sqlite3_finalize(sb);
      printf("threshold %.2f: missed %zu exact pairs: %zu estimated below "
             "threshold - margin (%.4f), %zu not candidates in any band\n",
             t, ex.n - hit, below, t - margin, ex.n - hit - below);
    }
    {
      double recall = ex.n ? (double)hit / ex.n : 1.0;
      double precision = got.n ? (double)good / got.n : 1.0;
      printf("threshold %.2f: bands %lld x rows %lld, exact pairs %zu, "
             "returned %zu, recall %.4f, precision %.4f, index %.0f bytes "
             "per document\n", t, (long long)bands, (long long)rows, ex.n,
             got.n, recall, precision, (double)pages / (double)nd);
      if( recall < 0.95 || precision < 0.95 ) failed = 1;
    }
    free(ex.v);
    free(got.v);
  }
  sqlite3_exec(db, "DROP TABLE IF EXISTS eval_lsh", NULL, NULL, NULL);
  for(i = 0; i < nd; i++) free(d[i].tok);
  free(d);
  nr_analyzer_free(an);
  sqlite3_close(db);
  printf("%s\n", failed ? "FAILED: a target was missed" : "all targets met");
  return failed;
}
