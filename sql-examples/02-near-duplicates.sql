-- 02-near-duplicates.sql -- which articles are rewrites of the same story?
--   make demo   (or: sqlite3 -cmd '.load ./newsroom' demo.db < sql-examples/load-folder.sql)
--   sqlite3 -bail -cmd '.load ./newsroom' demo.db < sql-examples/02-near-duplicates.sql
-- jaccard() compares the sets of word 3-shingles (stemmed) of two texts
-- exactly; containment(a, b) says how much of a is found in b.  For a
-- corpus too large to compare every pair, minhash() keeps a 544-byte
-- signature per article and minhash_jaccard() estimates from two of them.

.mode box
.print Every pair of articles, most similar first: exact and estimated
SELECT a.file AS a, b.file AS b,
       round(jaccard(a.body, b.body), 3) AS jaccard,
       round(containment(a.body, b.body), 3) AS a_in_b,
       round(containment(b.body, a.body), 3) AS b_in_a,
       round(minhash_jaccard(minhash(a.body), minhash(b.body)), 3)
         AS estimated
  FROM articles a JOIN articles b ON a.id < b.id
 ORDER BY jaccard DESC, a.id, b.id;

.print
.print Each article's nearest neighbour
SELECT file, neighbour, round(j, 3) AS jaccard FROM (
  SELECT a.file, b.file AS neighbour, jaccard(a.body, b.body) AS j,
         row_number() OVER (PARTITION BY a.id
                            ORDER BY jaccard(a.body, b.body) DESC) AS r
    FROM articles a JOIN articles b ON a.id <> b.id)
 WHERE r = 1 ORDER BY file;

.print
.print SimHash: near-duplicates differ in few of the 64 bits
SELECT a.file AS a, b.file AS b,
       hamming(simhash(a.body), simhash(b.body)) AS bits_apart
  FROM articles a JOIN articles b ON a.id < b.id
 ORDER BY bits_apart, a.id, b.id LIMIT 5;

.print
.print At corpus scale: a MinHash LSH index kept in the database
DROP TABLE IF EXISTS story_lsh;
CREATE VIRTUAL TABLE story_lsh USING minhash_lsh(threshold=0.15, lang=english);
INSERT INTO story_lsh(rowid, document) SELECT id, body FROM articles;
.print The near-duplicates of article 000, best first
SELECT a.file, round(s.jaccard, 3) AS jaccard,
       round(s.containment, 3) AS containment
  FROM story_lsh s JOIN articles a ON a.id = s.rowid
 WHERE story_lsh MATCH (SELECT body FROM articles WHERE file LIKE '000%')
 ORDER BY s.jaccard DESC;
.print
.print Every pair above the threshold, and the clusters they make
SELECT x.file AS a, y.file AS b, round(p.jaccard, 3) AS jaccard
  FROM minhash_lsh_pairs('story_lsh') p
  JOIN articles x ON x.id = p.a JOIN articles y ON y.id = p.b
 ORDER BY p.jaccard DESC, p.a, p.b;
SELECT c.cluster, c.size, round(c.min_jaccard, 3) AS min_jaccard,
       group_concat(substr(a.file, 1, 3), ' ') AS members
  FROM minhash_lsh_clusters('story_lsh') c JOIN articles a ON a.id = c.rowid
 GROUP BY c.cluster ORDER BY c.size DESC, c.cluster;
.print
.print Its configuration: the bands and rows chosen for the threshold
SELECT key, value FROM story_lsh_config ORDER BY key;
DROP TABLE story_lsh;
