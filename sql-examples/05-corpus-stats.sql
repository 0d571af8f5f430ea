-- 05-corpus-stats.sql -- what a corpus is made of: languages, sizes,
-- vocabulary, and the words that set each article apart.
--   sqlite3 -bail -cmd '.load ./newsroom' demo.db < sql-examples/05-corpus-stats.sql
-- Everything comes from tokens(): one row per word with its stem, offsets,
-- sentence and paragraph numbers, and whether it is a stopword.

DROP TABLE IF EXISTS temp.words;
CREATE TEMP TABLE words AS
  SELECT a.id, t.pos, t.norm, t.stem, t.stopword, t.sentence, t.paragraph, t.kind
    FROM articles a, tokens(a.body, a.lang) t;

.mode box --wrap 100
.print Each article: language, words, sentences, paragraphs, vocabulary
SELECT a.id, a.file, a.lang, count(*) AS words,
       max(w.sentence) + 1 AS sentences, max(w.paragraph) + 1 AS paragraphs,
       count(DISTINCT w.stem) AS stems,
       round(100.0 * sum(w.stopword) / count(*), 1) AS stopword_pct
  FROM articles a JOIN temp.words w ON w.id = a.id
 GROUP BY a.id ORDER BY a.id;

.print
.print Tokens by kind
SELECT kind, count(*) AS tokens, count(DISTINCT norm) AS distinct_forms,
       (SELECT group_concat(norm, ' ') FROM
          (SELECT DISTINCT norm FROM temp.words w2 WHERE w2.kind = w.kind
            ORDER BY norm LIMIT 6)) AS examples
  FROM temp.words w GROUP BY kind ORDER BY tokens DESC;

.print
.print Stems used by every article (the story's shared vocabulary), stopwords left out
SELECT stem, count(*) AS occurrences, group_concat(DISTINCT norm) AS written_as
  FROM temp.words
 WHERE stopword = 0 AND kind = 'word'
 GROUP BY stem
HAVING count(DISTINCT id) = (SELECT count(*) FROM articles)
 ORDER BY occurrences DESC, stem LIMIT 10;

.print
.print Stems only one article uses, its 12 most frequent (what sets it apart)
WITH own AS (
  SELECT id, stem, count(*) AS n FROM temp.words
   WHERE stopword = 0 AND kind = 'word'
     AND stem IN (SELECT stem FROM temp.words GROUP BY stem
                  HAVING count(DISTINCT id) = 1)
   GROUP BY id, stem),
ranked AS (
  SELECT id, stem, row_number() OVER (PARTITION BY id ORDER BY n DESC, stem) AS r
    FROM own)
SELECT id, group_concat(stem, ' ') AS own_stems
  FROM (SELECT * FROM ranked WHERE r <= 12 ORDER BY id, r)
 GROUP BY id ORDER BY id;
