-- demo.sql -- the main job, run by `make demo`:
--   sqlite3 -bail -cmd '.load ./newsroom' -cmd ".parameter set @docs 'DIR'" demo.db < sql-examples/demo.sql
-- Loads every .txt file of the folder @docs (default: the bundled seed
-- articles, test/data/seeds) into demo.db and reports what a news
-- researcher asks of a corpus:
--   1. which articles are rewrites of the same story (near-duplicate
--      clusters from a MinHash LSH index, with exact Jaccard and
--      containment);
--   2. for the closest pair, the passages they share, side by side;
--   3. who said what: quotes per speaker, in how many articles each
--      statement appears, and its different wordings;
--   4. a stemmed full-text search.
-- Every step scales to large folders: only the pairs the LSH index finds
-- are compared exactly, and quotes are compared within one speaker.

.read sql-examples/load-folder.sql
.mode box --wrap 60

.print
.print Articles
SELECT id, file, lang,
       (SELECT count(*) FROM tokens(body, lang)) AS words,
       (SELECT count(*) FROM quotes(body, lang)) AS quotes
  FROM articles ORDER BY id LIMIT 20;

-- 1. near-duplicates ------------------------------------------------------
.print
.print 1. Near-duplicate clusters (MinHash LSH index, estimated Jaccard >= 0.15)
.print    each member with its exact Jaccard and containment against the cluster's first article
DROP TABLE IF EXISTS story_lsh;
CREATE VIRTUAL TABLE story_lsh USING minhash_lsh(threshold=0.15, lang=english);
INSERT INTO story_lsh(rowid, document) SELECT id, body FROM articles;
DROP TABLE IF EXISTS temp.clusters;
CREATE TEMP TABLE clusters AS
  SELECT c.rowid AS id, c.cluster, c.size, c.min_jaccard,
         min(c.rowid) OVER (PARTITION BY c.cluster) AS first
    FROM minhash_lsh_clusters('story_lsh') c;
SELECT dense_rank() OVER (ORDER BY c.size DESC, c.first) AS cluster,
       c.size, round(c.min_jaccard, 3) AS min_jaccard, a.file,
       CASE WHEN c.id = c.first THEN '(first)'
            ELSE round(jaccard(a.body, f.body, 'english'), 3) END AS jaccard,
       CASE WHEN c.id = c.first THEN ''
            ELSE round(containment(a.body, f.body, 'english'), 3) END
         AS contained_in_first
  FROM temp.clusters c JOIN articles a ON a.id = c.id
                       JOIN articles f ON f.id = c.first
 WHERE c.size > 1
 ORDER BY c.size DESC, c.first, c.id LIMIT 60;
.mode list
SELECT count(*) || ' article(s) in no cluster: '
       || coalesce(group_concat(file, ', '), '')
  FROM articles WHERE id NOT IN (SELECT id FROM temp.clusters WHERE size > 1);

-- 2. shared passages -------------------------------------------------------
.print
DROP TABLE IF EXISTS temp.closest;
CREATE TEMP TABLE closest AS
  SELECT p.a, p.b FROM minhash_lsh_pairs('story_lsh') p
         JOIN articles x ON x.id = p.a JOIN articles y ON y.id = p.b
   ORDER BY jaccard(x.body, y.body, 'english') DESC, p.a, p.b
   LIMIT 1;
SELECT '2. Shared passages of the closest pair: ' || x.file || ' (a) and '
       || y.file || ' (b), Jaccard ' || round(jaccard(x.body, y.body), 3)
  FROM temp.closest JOIN articles x ON x.id = closest.a
                    JOIN articles y ON y.id = closest.b;
.mode box --wrap 60
SELECT p.words, replace(p.a_text, char(10), ' ') AS in_a,
       replace(p.b_text, char(10), ' ') AS in_b
  FROM temp.closest JOIN articles x ON x.id = closest.a
                    JOIN articles y ON y.id = closest.b,
       shared_passages(x.body, y.body, 'english') p
 ORDER BY p.a_start;

-- 3. quotes ----------------------------------------------------------------
.print
.print 3. Quotes per speaker: statements, the articles that carry them, their wordings
DROP TABLE IF EXISTS temp.q;
CREATE TEMP TABLE q AS
  SELECT row_number() OVER (ORDER BY a.id, q.start) AS qid, a.id AS article,
         a.file, q.quote, q.speaker, q.kind,
         (SELECT count(*) FROM tokens(q.quote, 'none')) AS words,
         -- one person or body under every spelling of the name: its last
         -- word (Kassym-Jomart, Kassym Jomart and Kasim-Yomart Tokayev)
         (SELECT norm FROM tokens(q.speaker, 'none') ORDER BY pos DESC LIMIT 1)
           AS who
    FROM articles a, quotes(a.body, a.lang) q
   WHERE q.kind IN ('full', 'partial') AND q.depth = 0
     AND q.speaker IS NOT NULL;
-- a statement is a quote and every later quote of the same speaker that
-- says nearly the same (quote_similarity >= 0.5, which a translation's
-- changed words keep); each quote joins its earliest such statement
DROP TABLE IF EXISTS temp.statement;
CREATE TEMP TABLE statement AS
  SELECT q1.qid, coalesce(min(q2.qid), q1.qid) AS sid
    FROM temp.q q1 LEFT JOIN temp.q q2
      ON q2.who = q1.who AND q2.qid < q1.qid
     AND quote_similarity(q1.quote, q2.quote, 'english') >= 0.5
   GROUP BY q1.qid;
SELECT (SELECT speaker FROM temp.q q2 WHERE q2.who = q.who
         GROUP BY speaker ORDER BY count(*) DESC, speaker LIMIT 1) AS speaker,
       count(DISTINCT q.speaker) AS spellings,
       count(DISTINCT s.sid) AS statements,
       count(DISTINCT q.article) AS articles, count(*) AS quotes
  FROM temp.q q JOIN temp.statement s USING (qid)
 GROUP BY q.who ORDER BY quotes DESC, speaker LIMIT 15;
.print
.print Statements of five words or more carried by several articles: each wording and where it appears
SELECT (SELECT speaker FROM temp.q q2 WHERE q2.who = q.who
         GROUP BY speaker ORDER BY count(*) DESC, speaker LIMIT 1) AS speaker,
       count(DISTINCT q.article) AS articles,
       (SELECT group_concat(wording, char(10)) FROM
          (SELECT '"' || trim(q2.quote) || '" ('
                  || group_concat(DISTINCT substr(q2.file, 1, 3)) || ')'
                  AS wording
             FROM temp.q q2 JOIN temp.statement s2 USING (qid)
            WHERE s2.sid = s.sid GROUP BY q2.quote)) AS wordings
  FROM temp.q q JOIN temp.statement s USING (qid)
 GROUP BY s.sid
HAVING count(DISTINCT q.article) > 1 AND max(q.words) >= 5
 ORDER BY articles DESC, count(*) DESC, s.sid LIMIT 12;

-- 4. search ----------------------------------------------------------------
.print
.print 4. A stemmed full-text search: 'negotiate' finds negotiations
DROP TABLE IF EXISTS search;
CREATE VIRTUAL TABLE search USING fts5(file, body, tokenize = 'snowball english');
INSERT INTO search(rowid, file, body) SELECT id, file, body FROM articles;
SELECT file, replace(snippet(search, 1, '[', ']', '…', 10), char(10), ' ') AS passage
  FROM search WHERE search MATCH 'negotiate' ORDER BY rank LIMIT 10;
