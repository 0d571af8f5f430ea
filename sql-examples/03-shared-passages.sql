-- 03-shared-passages.sql -- who copied what: the passages two articles share.
--   make demo   (or: sqlite3 -cmd '.load ./newsroom' demo.db < sql-examples/load-folder.sql)
--   sqlite3 -bail -cmd '.load ./newsroom' demo.db < sql-examples/03-shared-passages.sql
-- shared_passages(a, b) returns every run of at least 8 words (min_words=)
-- that both texts contain, bridging a changed word or two (gap=), with
-- character offsets in each text, wherever the paragraph moved to.

CREATE TEMP TABLE closest AS
  SELECT a.id AS a, b.id AS b FROM articles a JOIN articles b ON a.id < b.id
   ORDER BY jaccard(a.body, b.body) DESC, a.id, b.id LIMIT 1;

.mode list
SELECT 'The closest pair: ' || x.file || ' (a) and ' || y.file || ' (b), side by side'
  FROM closest JOIN articles x ON x.id = closest.a
               JOIN articles y ON y.id = closest.b;
.mode box --wrap 45
SELECT p.words, p.a_start, p.b_start,
       replace(p.a_text, char(10), ' ') AS in_a,
       replace(p.b_text, char(10), ' ') AS in_b
  FROM closest JOIN articles x ON x.id = closest.a
               JOIN articles y ON y.id = closest.b,
       shared_passages(x.body, y.body, 'english') p
 ORDER BY p.a_start;

.print
.print How much of article a is found in article b (words in shared passages)
.mode box --wrap 70
SELECT a.file AS a, b.file AS b, count(*) AS passages,
       sum(p.words) AS shared_words,
       round(100.0 * sum(p.words)
             / (SELECT count(*) FROM tokens(a.body)), 1) AS percent_of_a
  FROM articles a JOIN articles b ON a.id <> b.id,
       shared_passages(a.body, b.body, 'english') p
 GROUP BY a.id, b.id ORDER BY a.file, percent_of_a DESC;

.print
.print Articles from different agencies share only what they both quote
SELECT x.file AS a, y.file AS b, p.words, p.a_text AS passage
  FROM articles x JOIN articles y ON x.id < y.id,
       shared_passages(x.body, y.body, 'english', 'min_words=6') p
 WHERE x.file LIKE '003%' OR y.file LIKE '003%'
 ORDER BY x.id, y.id, p.a_start;
