/*
** oom.c -- out-of-memory test: every SQL statement of a workload that
** covers the extension's functions is run again and again with SQLite's
** allocator (which the extension's C core allocates through too) made to
** fail at the 1st, 2nd, 3rd ... allocation, until a run completes without
** reaching the failure.  Each failure must surface as an error (SQLITE_NOMEM
** or another), never a crash; a run that succeeds in spite of a transient
** failure must give the same result as the run without failures; and after
** each run the connection is closed and every byte must be back
** (sqlite3_memory_used()), so that nothing leaks on an error path.
**
** Two modes, as SQLite's own malloc tests: transient (only the Nth
** allocation fails) and persistent (the Nth and every one after it).
** The extension is linked in (libnewsroom.a) and registered with
** sqlite3_auto_extension().
**
**   oom SEED_ARTICLE [STATEMENT_FILTER]
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "newsroom.h"
#include "../testutil.h"

static sqlite3_mem_methods real_mem;
static long alloc_count;      /* allocations since the fault was armed */
static long fail_at;          /* 0: disarmed */
static int persistent;
static long faults;           /* allocations refused in this run */

static int refuse(void){
  if( fail_at == 0 ) return 0;
  alloc_count++;
  if( alloc_count == fail_at || (persistent && alloc_count > fail_at) ){
    faults++;
    return 1;
  }
  return 0;
}
static void *faulty_malloc(int n){
  return refuse() ? NULL : real_mem.xMalloc(n);
}
static void *faulty_realloc(void *p, int n){
  return refuse() ? NULL : real_mem.xRealloc(p, n);
}

static void arm(long n, int persist){
  alloc_count = 0;
  faults = 0;
  persistent = persist;
  fail_at = n;
}
static void disarm(void){ fail_at = 0; }

/* The rows of a statement, as text, in a malloc()ed string (outside
** SQLite's allocator, so that collecting them cannot fail). */
typedef struct result { char *p; size_t n, cap; } result;
static void result_add(result *r, const char *z){
  size_t len = strlen(z);
  if( r->n + len + 2 > r->cap ){
    r->cap = (r->n + len + 2) * 2;
    r->p = realloc(r->p, r->cap);
    if( r->p == NULL ){ perror("realloc"); exit(2); }
  }
  memcpy(r->p + r->n, z, len);
  r->n += len;
  r->p[r->n++] = '|';
  r->p[r->n] = 0;
}
static int collect(void *arg, int ncol, char **values, char **names){
  int i;
  (void)names;
  for(i = 0; i < ncol; i++) result_add(arg, values[i] ? values[i] : "NULL");
  return 0;
}

/* Opens a connection, runs setup (not under faults), then sql with the
** fault armed at n.  Returns the rc of sql; *out gets its rows. */
static int run_once(const char *setup, const char *sql, long n, int persist,
                    result *out, long *nallocs){
  sqlite3 *db;
  int rc;
  if( sqlite3_open(":memory:", &db) != SQLITE_OK ){
    fprintf(stderr, "cannot open a database\n");
    exit(2);
  }
  if( setup && sqlite3_exec(db, setup, NULL, NULL, NULL) != SQLITE_OK ){
    fprintf(stderr, "setup failed: %s\n%s\n", sqlite3_errmsg(db), setup);
    exit(2);
  }
  out->n = 0;
  if( out->p ) out->p[0] = 0;
  arm(n, persist);
  rc = sqlite3_exec(db, sql, collect, out, NULL);
  *nallocs = alloc_count;
  disarm();
  sqlite3_close(db);
  return rc;
}

static char *read_text(const char *path){
  char *p = test_read_file(path, NULL);
  if( p == NULL ) exit(2);
  return p;
}

/* A workload entry: setup (may be NULL) and the statement under test.
** "%Q" in either is replaced by the seed article as an SQL literal. */
typedef struct work { const char *name, *setup, *sql; } work;
static const work workload[] = {
  {"stem", NULL, "SELECT stem('Negotiations'), stem('manifestaciones', 'es'),"
                 " stem('NATIONALITÉ', 'fr', 'diacritics=remove')"},
  {"stem_text", NULL, "SELECT stem_text(%Q, 'english', 'stopwords=0')"},
  {"stem_text_auto", NULL, "SELECT stem_text(%Q, 'auto')"},
  {"tokens", NULL, "SELECT count(*), sum(length(stem)), max(sentence),"
                   " max(paragraph) FROM tokens(%Q, 'english')"},
  {"detect_language", NULL, "SELECT detect_language(%Q)"},
  {"is_stopword", NULL, "SELECT is_stopword('The'), is_stopword('die', 'de')"},
  {"stem_languages", NULL, "SELECT group_concat(name) FROM stem_languages"},
  {"errors", NULL, "SELECT stem('x', 'klingon')"},
  {"fts5_build", NULL,
   "CREATE VIRTUAL TABLE f USING fts5(b, tokenize='snowball english surface 1');"
   "INSERT INTO f VALUES(%Q);"},
  {"fts5_query",
   "CREATE VIRTUAL TABLE f USING fts5(b, tokenize='snowball english');"
   "INSERT INTO f VALUES(%Q);",
   "SELECT count(*) FROM f WHERE f MATCH 'negotiate OR shooting'"},
  {"newsroom_debug", NULL, "SELECT length(newsroom_debug()) > 0"},
  {"shingles", NULL, "SELECT count(*), sum(hash %% 1000), max(length(shingle))"
                     " FROM shingles(%Q, 'english')"},
  {"jaccard", NULL, "SELECT jaccard(%Q, 'the army to shoot to kill'),"
                    " containment('shoot to kill', 'the army to shoot to kill')"},
  {"minhash", NULL, "SELECT minhash_jaccard(minhash(%Q), minhash('shoot to"
                    " kill')), minhash_containment(minhash('a b c'),"
                    " minhash('a b c d'))"},
  {"minhash_agg", "CREATE TABLE t(b); INSERT INTO t VALUES(%Q), ('b c d');",
   "SELECT hex(minhash_agg(b)), hex(minhash_merge(minhash(b))) FROM t"},
  {"simhash", NULL, "SELECT simhash(%Q), hamming(simhash('a b c d'), 7)"},
  {"shared_passages", "CREATE TABLE t(b); INSERT INTO t VALUES(%Q);",
   "SELECT count(*), sum(words), group_concat(a_text), group_concat(b_text)"
   " FROM t a, t b, shared_passages(a.b, substr(b.b, 300)) p"},
  {"quotes", NULL, "SELECT count(*), group_concat(speaker), group_concat(verb)"
                   " FROM quotes(%Q, 'english')"},
  {"quote_similarity", NULL, "SELECT quote_key('I have given the order'),"
                             " quote_similarity(%Q, 'shoot to kill without warning')"},
  {"lsh_write", "CREATE TABLE t(b); INSERT INTO t VALUES(%Q);"
   "CREATE VIRTUAL TABLE x USING minhash_lsh(threshold=0.3);",
   "INSERT INTO x(rowid, document) SELECT 1, b FROM t;"
   "INSERT INTO x(rowid, signature) SELECT 2, minhash(substr(b, 200)) FROM t;"
   "UPDATE x SET document = 'shoot to kill without warning' WHERE rowid = 2;"
   "DELETE FROM x WHERE rowid = 2; INSERT INTO x(x) VALUES('rebuild');"
   "INSERT INTO x(x) VALUES('integrity-check');"
   "SELECT count(*) FROM x_band"},
  {"lsh_query", "CREATE TABLE t(b); INSERT INTO t VALUES(%Q);"
   "CREATE VIRTUAL TABLE x USING minhash_lsh(threshold=0.3);"
   "INSERT INTO x(rowid, document) SELECT 1, b FROM t;"
   "INSERT INTO x(rowid, document) SELECT 2, substr(b, 300) FROM t;"
   "INSERT INTO x(rowid, document) SELECT 3, substr(b, 1, 900) FROM t;",
   "SELECT rowid, jaccard, containment FROM x WHERE x MATCH (SELECT b FROM t)"
   " ORDER BY jaccard DESC;"
   "SELECT * FROM minhash_lsh_pairs('x');"
   "SELECT * FROM minhash_lsh_clusters('x');"
   "SELECT * FROM minhash_lsh_clusters('x', 'star')"},
  /* 40 MATCH in one statement: the 32nd loads the query cache (lsh.c),
  ** whose every allocation must fail back to the SQL path's answers */
  {"lsh_cache", "CREATE TABLE t(b); INSERT INTO t VALUES(%Q);"
   "CREATE VIRTUAL TABLE x USING minhash_lsh(threshold=0.3);"
   "INSERT INTO x(rowid, document) SELECT 1, b FROM t;"
   "INSERT INTO x(rowid, document) SELECT 2, substr(b, 300) FROM t;"
   "INSERT INTO x(rowid, document) SELECT 3, substr(b, 1, 900) FROM t;",
   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
   " WHERE i < 40)"
   " SELECT i, (SELECT group_concat(rowid || ':' || round(jaccard, 6))"
   "   FROM x WHERE x MATCH (SELECT b FROM t WHERE n.i > 0)) FROM n"},
};
#define NWORK ((int)(sizeof(workload) / sizeof(workload[0])))

int main(int argc, char **argv){
  static sqlite3_mem_methods faulty;
  const char *filter = argc > 2 ? argv[2] : NULL;
  char *article;
  long points = 0, total_faults = 0;
  int i, failures = 0;
  if( argc < 2 ){
    fprintf(stderr, "usage: %s SEED_ARTICLE [NAME]\n", argv[0]);
    return 2;
  }
  article = read_text(argv[1]);
  sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem);
  faulty = real_mem;
  faulty.xMalloc = faulty_malloc;
  faulty.xRealloc = faulty_realloc;
  sqlite3_config(SQLITE_CONFIG_MALLOC, &faulty);
  sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0);   /* every allocation counts */
  sqlite3_initialize();
  sqlite3_auto_extension((void (*)(void))sqlite3_newsroom_init);

  for(i = 0; i < NWORK; i++){
    const work *w = &workload[i];
    char *setup, *sql;
    result want = {0}, got = {0};
    long n, nallocs, tested = 0;
    int rc, persist;
    sqlite3_int64 before;
    if( filter && strcmp(filter, w->name) ) continue;
    setup = w->setup ? sqlite3_mprintf(w->setup, article) : NULL;
    sql = sqlite3_mprintf(w->sql, article);
    before = sqlite3_memory_used();
    rc = run_once(setup, sql, 0, 0, &want, &nallocs);
    for(persist = 0; persist <= 1; persist++){
      for(n = 1; ; n++){
        int rc2 = run_once(setup, sql, n, persist, &got, &nallocs);
        sqlite3_int64 after = sqlite3_memory_used();
        tested++;
        total_faults += faults;
        if( after != before ){
          printf("%s: fault at allocation %ld (%s): %lld bytes not freed\n",
                 w->name, n, persist ? "persistent" : "transient",
                 (long long)(after - before));
          failures++;
          before = after;
        }
        if( faults == 0 ){            /* ran to the end without the fault */
          if( rc2 != rc || strcmp(got.p ? got.p : "", want.p ? want.p : "") ){
            printf("%s: unfaulted run differs from the first\n", w->name);
            failures++;
          }
          break;
        }
        if( rc2 == SQLITE_OK && (persist
            || strcmp(got.p ? got.p : "", want.p ? want.p : "")) ){
          printf("%s: fault at allocation %ld (%s) ignored: result '%.60s',"
                 " expected '%.60s'\n", w->name, n,
                 persist ? "persistent" : "transient",
                 got.p ? got.p : "", want.p ? want.p : "");
          failures++;
        }
      }
    }
    printf("%-16s %6ld fault points, rc %d\n", w->name, tested, rc);
    points += tested;
    free(want.p);
    free(got.p);
    sqlite3_free(setup);
    sqlite3_free(sql);
  }
  free(article);
  printf("oom: %ld fault points run, %ld allocations refused, %d failures\n",
         points, total_faults, failures);
  return failures ? 1 : 0;
}
