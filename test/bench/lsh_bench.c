/*
** lsh_bench.c -- speed and size of the minhash_lsh index on 100,000
** documents (make bench-lsh; issue 4, "Performance").
**
**   lsh_bench NEWSROOM_SO SIGS_DB INDEX_DB [queries [queries-only]]
**
** SIGS_DB holds sigs(id INTEGER PRIMARY KEY, sig BLOB), the signatures
** (english, n=3, perms=128) of the documents, made once by lsh_bench.sh so
** that the figures measure the index, not minhash().  INDEX_DB is created
** afresh: its file then holds nothing but the index, and its size per
** document is what a user pays.  Prints one Markdown table.  SIGS_DB "-"
** keeps INDEX_DB as it is and measures only its queries, pairs and
** clusters: two builds of newsroom.so compared side by side on one index.
** A fifth argument "queries-only" measures only the MATCH queries and
** prints one line (queries/s wall and CPU, p50 and p99 in us, then the
** same loop's rate for a one-row SELECT by rowid of <index>_sig, SQLite's
** own cost of a statement, wall and CPU, then the MATCH queries again
** inside one read transaction, wall and CPU: without SQLite's locking per
** statement, what the index itself costs), for lsh_bench.sh to set builds
** side by side.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "../testutil.h"

static double now(void){
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(sqlite3 *db, const char *what){
  fprintf(stderr, "lsh_bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
  exit(2);
}

static void exec(sqlite3 *db, const char *sql){
  char *err = NULL;
  if( sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK ){
    fprintf(stderr, "lsh_bench: %s: %s\n", sql, err ? err : "");
    exit(2);
  }
}

static sqlite3_int64 one_int(sqlite3 *db, const char *sql){
  sqlite3_stmt *st;
  sqlite3_int64 v = 0;
  if( sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ) die(db, sql);
  if( sqlite3_step(st) == SQLITE_ROW ) v = sqlite3_column_int64(st, 0);
  else die(db, sql);
  sqlite3_finalize(st);
  return v;
}

static sqlite3 *open_db(const char *path, const char *so){
  sqlite3 *db;
  char *err = NULL;
  if( sqlite3_open(path, &db) != SQLITE_OK ) die(db, "open");
  sqlite3_enable_load_extension(db, 1);
  if( sqlite3_load_extension(db, so, NULL, &err) != SQLITE_OK ){
    fprintf(stderr, "lsh_bench: load %s: %s\n", so, err ? err : "");
    exit(2);
  }
  return db;
}

static int cmp_double(const void *a, const void *b){
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

typedef struct blob { void *p; int n; } blob;

int main(int argc, char **argv){
  sqlite3 *db;
  sqlite3_stmt *st;
  sqlite3_int64 ndocs, npairs, nclusters, bytes, i;
  double t0, t_insert, t_pairs, t_clusters, t_query, *lat;
  double c0, c_insert = 0.0, c_pairs, c_clusters, c_query = 0.0;
  int nq = argc > 4 ? atoi(argv[4]) : 20000, warm = 1000;
  int only = argc > 5 && strcmp(argv[5], "queries-only") == 0;
  blob *q;
  long long hits = 0;
  char sql[512];
  if( argc < 4 ){
    fprintf(stderr, "usage: lsh_bench NEWSROOM_SO SIGS_DB INDEX_DB "
                    "[queries]\n");
    return 2;
  }
  if( strcmp(argv[2], "-") != 0 ){
    unlink(argv[3]);
    db = open_db(argv[3], argv[1]);
    sqlite3_snprintf(sizeof(sql), sql, "ATTACH %Q AS src", argv[2]);
    exec(db, sql);
    exec(db, "CREATE VIRTUAL TABLE idx USING minhash_lsh(threshold=0.5, "
             "lang=english, n=3, perms=128)");
    ndocs = one_int(db, "SELECT count(*) FROM src.sigs");
    /* inserts from stored signatures, one transaction */
    t0 = now();
    c0 = test_cpu_seconds();
    exec(db, "BEGIN; INSERT INTO idx(rowid, signature) SELECT id, sig "
             "FROM src.sigs; COMMIT");
    t_insert = now() - t0;
    c_insert = test_cpu_seconds() - c0;
    exec(db, "DETACH src");
  }else{
    db = open_db(argv[3], argv[1]);
    ndocs = one_int(db, "SELECT count(*) FROM idx_sig");
    t_insert = 0.0;
  }
  bytes = one_int(db, "SELECT page_count * page_size FROM pragma_page_count, "
                      "pragma_page_size");
  sqlite3_close(db);

  /* a fresh connection: the queries see a database they did not write */
  db = open_db(argv[3], argv[1]);
  if( nq > ndocs ) nq = (int)ndocs;
  q = calloc((size_t)(nq + warm), sizeof(*q));
  lat = calloc((size_t)nq, sizeof(*lat));
  if( q == NULL || lat == NULL ){ perror("calloc"); return 2; }
  /* every k-th document, spread over originals and copies alike */
  if( sqlite3_prepare_v2(db, "SELECT signature FROM idx WHERE rowid % ?1 = 0 "
                         "ORDER BY rowid LIMIT ?2", -1, &st, NULL) ) die(db, "q");
  sqlite3_bind_int64(st, 1, ndocs / (nq + warm) > 0 ? ndocs / (nq + warm) : 1);
  sqlite3_bind_int(st, 2, nq + warm);
  for(i = 0; i < nq + warm && sqlite3_step(st) == SQLITE_ROW; i++){
    q[i].n = sqlite3_column_bytes(st, 0);
    q[i].p = malloc((size_t)q[i].n);
    if( q[i].p == NULL ){ perror("malloc"); return 2; }
    memcpy(q[i].p, sqlite3_column_blob(st, 0), (size_t)q[i].n);
  }
  sqlite3_finalize(st);
  if( i < nq + warm ){ nq = (int)i - warm; }
  if( nq <= 0 ){ fprintf(stderr, "lsh_bench: too few documents\n"); return 2; }
  if( sqlite3_prepare_v2(db, "SELECT rowid, jaccard FROM idx WHERE idx MATCH ?1",
                         -1, &st, NULL) ) die(db, "match");
  for(i = 0; i < nq + warm; i++){
    double s = now();
    int rc;
    if( i == warm ){ t0 = s; c0 = test_cpu_seconds(); }
    sqlite3_bind_blob(st, 1, q[i].p, q[i].n, SQLITE_STATIC);
    while( (rc = sqlite3_step(st)) == SQLITE_ROW ) hits++;
    if( rc != SQLITE_DONE ) die(db, "MATCH");
    sqlite3_reset(st);
    if( i >= warm ) lat[i - warm] = now() - s;
  }
  t_query = now() - t0;
  c_query = test_cpu_seconds() - c0;
  sqlite3_finalize(st);
  qsort(lat, (size_t)nq, sizeof(*lat), cmp_double);
  if( only ){
    /* the floor: the same loop over a statement that reads one row */
    double tf, cf;
    if( sqlite3_prepare_v2(db, "SELECT length(sig) FROM idx_sig WHERE "
                           "rowid = ?1", -1, &st, NULL) ) die(db, "floor");
    for(i = 0; i < nq + warm; i++){
      int rc;
      if( i == warm ){ t0 = now(); c0 = test_cpu_seconds(); }
      sqlite3_bind_int64(st, 1, i * 4 + 1);
      while( (rc = sqlite3_step(st)) == SQLITE_ROW ){}
      if( rc != SQLITE_DONE ) die(db, "floor");
      sqlite3_reset(st);
    }
    tf = now() - t0;
    cf = test_cpu_seconds() - c0;
    sqlite3_finalize(st);
    /* the MATCH queries again in one read transaction */
    double tt, ct;
    if( sqlite3_prepare_v2(db, "SELECT rowid, jaccard FROM idx WHERE idx "
                           "MATCH ?1", -1, &st, NULL) ) die(db, "match");
    exec(db, "BEGIN");
    for(i = 0; i < nq + warm; i++){
      int rc;
      if( i == warm ){ t0 = now(); c0 = test_cpu_seconds(); }
      sqlite3_bind_blob(st, 1, q[i].p, q[i].n, SQLITE_STATIC);
      while( (rc = sqlite3_step(st)) == SQLITE_ROW ){}
      if( rc != SQLITE_DONE ) die(db, "MATCH");
      sqlite3_reset(st);
    }
    tt = now() - t0;
    ct = test_cpu_seconds() - c0;
    exec(db, "COMMIT");
    sqlite3_finalize(st);
    sqlite3_close(db);
    printf("%.0f %.0f %.1f %.1f %.0f %.0f %.2f %.0f %.0f\n",
           (double)nq / t_query, (double)nq / c_query, lat[nq / 2] * 1e6,
           lat[(size_t)((double)nq * 0.99)] * 1e6, (double)nq / tf,
           (double)nq / cf, (double)hits / (nq + warm), (double)nq / tt,
           (double)nq / ct);
    for(i = 0; i < nq + warm; i++) free(q[i].p);
    free(q);
    free(lat);
    return 0;
  }

  t0 = now();
  c0 = test_cpu_seconds();
  npairs = one_int(db, "SELECT count(*) FROM minhash_lsh_pairs('idx')");
  t_pairs = now() - t0;
  c_pairs = test_cpu_seconds() - c0;
  t0 = now();
  c0 = test_cpu_seconds();
  nclusters = one_int(db, "SELECT count(DISTINCT cluster) "
                          "FROM minhash_lsh_clusters('idx')");
  t_clusters = now() - t0;
  c_clusters = test_cpu_seconds() - c0;
  sqlite3_close(db);

  printf("| measure | wall clock | CPU time of the process |\n"
         "|---|---|---|\n");
  printf("| documents | %lld | |\n", (long long)ndocs);
  if( t_insert > 0.0 ){
    printf("| insert from stored signatures (one transaction) | %.2f s, "
           "%.0f docs/s | %.2f s, %.0f docs/s |\n", t_insert,
           (double)ndocs / t_insert, c_insert, (double)ndocs / c_insert);
  }
  printf("| MATCH by signature, warm connection (%d queries, %.1f hits "
         "each) | %.0f queries/s | %.0f queries/s |\n", nq,
         (double)hits / (nq + warm), (double)nq / t_query,
         (double)nq / c_query);
  printf("| MATCH latency p50 / p99 | %.1f us / %.1f us | |\n",
         lat[nq / 2] * 1e6, lat[(size_t)((double)nq * 0.99)] * 1e6);
  printf("| minhash_lsh_pairs() over all (%lld pairs) | %.2f s | %.2f s |\n",
         (long long)npairs, t_pairs, c_pairs);
  printf("| minhash_lsh_clusters() over all (%lld clusters) | %.2f s | "
         "%.2f s |\n", (long long)nclusters, t_clusters, c_clusters);
  printf("| database size | %.1f MB, %.0f bytes per document | |\n",
         (double)bytes / 1e6, (double)bytes / (double)ndocs);
  for(i = 0; i < nq + warm; i++) free(q[i].p);
  free(q);
  free(lat);
  return 0;
}
