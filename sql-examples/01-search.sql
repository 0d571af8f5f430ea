-- 01-search.sql -- full-text search that finds every form of a word.
--   make demo   (or: sqlite3 -cmd '.load ./newsroom' demo.db < sql-examples/load-folder.sql)
--   sqlite3 -bail -cmd '.load ./newsroom' demo.db < sql-examples/01-search.sql
-- An FTS5 index with the snowball tokenizer stores stems, so a query for
-- 'negotiate' finds "negotiations" and 'shoot' finds "shooting"; with
-- surface 1 the words as written are indexed too, so that prefix queries
-- ('universit*') and exact forms still work.

DROP TABLE IF EXISTS temp.search;
CREATE VIRTUAL TABLE temp.search USING fts5(file, body,
    tokenize = 'snowball english surface 1');
INSERT INTO temp.search(rowid, file, body) SELECT id, file, body FROM articles;

.mode box --wrap 100
.print Articles that mention negotiations, in any form, best first
SELECT rowid AS id, file,
       replace(snippet(search, 1, '[', ']', '…', 8), char(10), ' ') AS passage
  FROM temp.search WHERE search MATCH 'negotiate' ORDER BY rank, rowid;

.print
.print How many articles each query finds: stemmed, phrase, prefix, NEAR
WITH queries(q) AS (VALUES ('shoot'), ('"shoot to kill"'), ('terror*'),
                           ('NEAR(order kill, 5)'), ('protest NOT russia'))
SELECT q AS query, (SELECT count(*) FROM temp.search WHERE search MATCH q) AS articles
  FROM queries;

.print
.print The words a stem stands for in this corpus
SELECT stem, group_concat(DISTINCT norm) AS written_as, count(*) AS occurrences
  FROM articles, tokens(articles.body, 'english')
 WHERE stem IN ('negoti', 'shoot', 'terrorist', 'protest')
 GROUP BY stem ORDER BY stem;
