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
