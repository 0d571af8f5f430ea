/*
** threads.c -- concurrency test: several threads, each with its own
** connection to one WAL database, call every function of the extension
** at once and read and write the tables that use it, and every thread's
** results must equal those of a single-threaded run.  Built with
** ThreadSanitizer (make test-threads), so a data race is a failure too.
**
** The extension is linked in (SQLITE_CORE) and registered with
** sqlite3_auto_extension(), as a host application would.
**
**   threads DBFILE THREADS ROUNDS ARTICLE...
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "newsroom.h"
#include "../testutil.h"

/* Read-only statements: one digest of all their rows per article.  ?1 is
** the article id. */
static const char *const reads[] = {
  "SELECT stem_text(body, 'english'), stem_text(body, 'auto', 'stopwords=0')"
  "  FROM articles WHERE id = ?1",
  "SELECT pos, token, norm, stem, start, \"end\", sentence, paragraph"
  "  FROM articles, tokens(articles.body, 'en') WHERE id = ?1",
  "SELECT detect_language(body), stem('Negotiations', 'english'),"
  "       stem('manifestaciones', 'es'), is_stopword('the')"
  "  FROM articles WHERE id = ?1",
  "SELECT hash, shingle, start FROM articles, shingles(articles.body)"
  "  WHERE id = ?1",
  "SELECT a.id, jaccard(a.body, b.body), hex(minhash(a.body)),"
  "       simhash(a.body), p.words, p.a_start, p.b_start"
  "  FROM articles a, articles b, shared_passages(a.body, b.body) p"
  "  WHERE a.id = ?1 AND b.id IN (?1, ?1 % 5 + 1)",
  /* not bm25(): it depends on the rows other threads have in the index */
  "SELECT rowid, highlight(search, 0, '[', ']') FROM search"
  "  WHERE search MATCH 'negotiate' AND rowid <= ?1 ORDER BY rowid",
  "SELECT q.quote, q.speaker, q.verb, q.kind, q.start, q.flags,"
  "       quote_key(q.quote), quote_similarity(q.quote,"
  "         'I have given the order to shoot to kill without warning')"
  "  FROM articles, quotes(articles.body, 'english') q WHERE id = ?1",
  /* the seed rows only: other threads add and remove their own */
  "SELECT rowid, jaccard, containment FROM story_lsh"
  "  WHERE story_lsh MATCH (SELECT body FROM articles WHERE id = ?1)"
  "    AND rowid < 1000000 ORDER BY rowid",
  "SELECT a, b, jaccard FROM minhash_lsh_pairs('story_lsh')"
  "  WHERE a = ?1 AND b < 1000000 ORDER BY b",
  /* forty MATCH in one read: the 32nd loads the connection's query cache
  ** (lsh.c) while other threads write the index */
  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
  "  WHERE i < 40)"
  " SELECT i, (SELECT group_concat(rowid || ':' || round(jaccard, 6))"
  "   FROM story_lsh WHERE story_lsh MATCH (SELECT signature FROM story_lsh"
  "     WHERE rowid = ?1 AND n.i > 0) AND rowid < 1000000) FROM n",
};

/* Each thread also writes: its own rows, indexed by FTS5 with the snowball
** tokenizer, then reads them back through the index and deletes them. */
static const char *const writes[] = {
  "INSERT INTO search(rowid, body)"
  "  SELECT 1000000 * ?2 + id, body FROM articles WHERE id = ?1",
  "SELECT count(*) FROM search WHERE search MATCH 'shoot'"
  "  AND rowid = 1000000 * ?2 + ?1",
  "DELETE FROM search WHERE rowid = 1000000 * ?2 + ?1",
  "INSERT INTO story_lsh(rowid, document)"
  "  SELECT 1000000 * ?2 + id, body FROM articles WHERE id = ?1",
  "SELECT count(*) FROM story_lsh"
  "  WHERE story_lsh MATCH (SELECT body FROM articles WHERE id = ?1)"
  "    AND rowid = 1000000 * ?2 + ?1",
  "DELETE FROM story_lsh WHERE rowid = 1000000 * ?2 + ?1",
};

static const char *dbfile;
static int narticles;
static int nrounds;

static void fail(sqlite3 *db, const char *what){
  fprintf(stderr, "threads: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
  exit(1);
}

static uint64_t digest_add(uint64_t h, const void *p, size_t n){
  const unsigned char *s = p;
  size_t i;
  for(i = 0; i < n; i++){ h ^= s[i]; h *= 0x100000001b3ULL; }
  return h;
}

/* Runs sql with ?1 = article, ?2 = thread and folds every value into h.
** Retries when the database is busy (another writer holds WAL's lock). */
static uint64_t run(sqlite3 *db, const char *sql, int article, int thread,
                    uint64_t h){
  sqlite3_stmt *st;
  int rc, i;
  if( sqlite3_prepare_v2(db, sql, -1, &st, 0) != SQLITE_OK ) fail(db, sql);
  sqlite3_bind_int(st, 1, article);
  sqlite3_bind_int(st, 2, thread);
  while( (rc = sqlite3_step(st)) == SQLITE_ROW ){
    for(i = 0; i < sqlite3_column_count(st); i++){
      const unsigned char *z = sqlite3_column_text(st, i);
      h = digest_add(h, z ? (const char *)z : "NULL",
                     z ? (size_t)sqlite3_column_bytes(st, i) : 4);
      h = digest_add(h, "|", 1);
    }
  }
  if( rc != SQLITE_DONE ) fail(db, sql);
  sqlite3_finalize(st);
  return h;
}

static sqlite3 *open_db(void){
  sqlite3 *db;
  if( sqlite3_open(dbfile, &db) != SQLITE_OK ) fail(db, "open");
  sqlite3_busy_timeout(db, 60000);
  return db;
}

/* One thread's work: every round, every article, every statement.  The
** digest does not depend on the thread (writes use its number only in
** rowids, which are not digested). */
static uint64_t work(int thread){
  sqlite3 *db = open_db();
  uint64_t h = 0xcbf29ce484222325ULL;
  int r, a;
  size_t i;
  for(r = 0; r < nrounds; r++){
    for(a = 1; a <= narticles; a++){
      for(i = 0; i < sizeof(reads) / sizeof(reads[0]); i++){
        h = run(db, reads[i], a, thread, h);
      }
      for(i = 0; i < sizeof(writes) / sizeof(writes[0]); i++){
        h = run(db, writes[i], a, thread, h);
      }
    }
  }
  sqlite3_close(db);
  return h;
}

typedef struct job { int thread; uint64_t digest; } job;

static void *thread_main(void *arg){
  job *j = arg;
  j->digest = work(j->thread);
  return NULL;
}

static char *read_file(const char *path){
  char *p = test_read_file(path, NULL);
  if( p == NULL ) exit(1);
  return p;
}

static void setup(char **paths){
  sqlite3 *db;
  sqlite3_stmt *st;
  int i;
  remove(dbfile);
  db = open_db();
  if( sqlite3_exec(db,
        "PRAGMA journal_mode=WAL;"
        "CREATE TABLE articles(id INTEGER PRIMARY KEY, body TEXT);"
        "CREATE VIRTUAL TABLE search USING fts5(body,"
        "  tokenize = 'snowball english');"
        "CREATE VIRTUAL TABLE story_lsh USING minhash_lsh(threshold=0.15);",
        0, 0, 0) != SQLITE_OK ){
    fail(db, "setup");
  }
  if( sqlite3_prepare_v2(db, "INSERT INTO articles(id, body) VALUES (?, ?)",
                         -1, &st, 0) != SQLITE_OK ) fail(db, "insert");
  for(i = 0; i < narticles; i++){
    char *body = read_file(paths[i]);
    sqlite3_bind_int(st, 1, i + 1);
    sqlite3_bind_text(st, 2, body, -1, free);
    if( sqlite3_step(st) != SQLITE_DONE ) fail(db, "insert");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  if( sqlite3_exec(db, "INSERT INTO search(rowid, body)"
                       "  SELECT id, body FROM articles;"
                       "INSERT INTO story_lsh(rowid, document)"
                       "  SELECT id, body FROM articles", 0, 0, 0) ){
    fail(db, "index");
  }
  sqlite3_close(db);
}

int main(int argc, char **argv){
  pthread_t *tids;
  job *jobs;
  int nthreads, t, bad = 0;
  uint64_t expected;
  if( argc < 5 ){
    fprintf(stderr, "usage: threads DBFILE THREADS ROUNDS ARTICLE...\n");
    return 2;
  }
  dbfile = argv[1];
  nthreads = atoi(argv[2]);
  nrounds = atoi(argv[3]);
  narticles = argc - 4;
  sqlite3_auto_extension((void (*)(void))sqlite3_newsroom_init);
  setup(argv + 4);
  expected = work(nthreads + 1);   /* a thread number no other uses */
  tids = calloc((size_t)nthreads, sizeof(*tids));
  jobs = calloc((size_t)nthreads, sizeof(*jobs));
  if( tids == NULL || jobs == NULL ) return 2;
  for(t = 0; t < nthreads; t++){
    jobs[t].thread = t + 1;
    if( pthread_create(&tids[t], 0, thread_main, &jobs[t]) ){
      perror("pthread_create");
      return 2;
    }
  }
  for(t = 0; t < nthreads; t++){
    pthread_join(tids[t], 0);
    if( jobs[t].digest != expected ){
      fprintf(stderr, "threads: thread %d's results differ from the "
                      "single-threaded run\n", t + 1);
      bad++;
    }
  }
  printf("threads: %d threads x %d rounds x %d articles x %d statements: %s\n",
         nthreads, nrounds, narticles,
         (int)(sizeof(reads) / sizeof(reads[0]) + sizeof(writes) / sizeof(writes[0])),
         bad ? "DIFFERENT" : "same results as one thread");
  free(tids);
  free(jobs);
  remove(dbfile);
  return bad != 0;
}
