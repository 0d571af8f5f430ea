-- demo.sql -- the main job, run by `make demo`:
--   sqlite3 -bail -cmd '.load ./newsroom' -cmd ".parameter set @docs 'DIR'" demo.db < sql-examples/demo.sql
-- Loads every .txt file of the folder @docs (default: the bundled seed
-- articles, test/data/seeds) into demo.db and shows what newsroom sees
-- in them: languages, words and stems, and a stemmed full-text search.

.read sql-examples/load-folder.sql
DROP TABLE IF EXISTS search;

.mode box
.print
.print Articles, their detected language and size
SELECT id, file, lang,
       (SELECT count(*) FROM tokens(body, lang)) AS words,
       (SELECT max(sentence) + 1 FROM tokens(body, lang)) AS sentences,
       (SELECT max(paragraph) + 1 FROM tokens(body, lang)) AS paragraphs
  FROM articles ORDER BY id;

.print
.print The first words of article 1: offsets, case folding, stems, stopwords
SELECT pos, token, norm, stem, start, "end", stopword, sentence, kind
  FROM articles, tokens(articles.body, articles.lang)
 WHERE articles.id = 1 AND pos < 12;

.print
.print The most frequent stems of the corpus, stopwords left out
SELECT t.stem, count(*) AS n, count(DISTINCT a.id) AS articles,
       group_concat(DISTINCT t.norm) AS written_as
  FROM articles a, tokens(a.body, a.lang, 'stopwords=0') t
 WHERE t.kind = 'word'
 GROUP BY t.stem ORDER BY n DESC, t.stem LIMIT 12;

.print
.print A stemmed full-text search: 'negotiate' finds negotiations
CREATE VIRTUAL TABLE search USING fts5(file, body, tokenize = 'snowball english');
INSERT INTO search(rowid, file, body) SELECT id, file, body FROM articles;
SELECT rowid AS id, snippet(search, 1, '[', ']', '…', 8) AS passage
  FROM search WHERE search MATCH 'negotiate' ORDER BY rank;

.print
.print The same search stemmed in every article's own language, one stem_text() per article
SELECT id, substr(stem_text(body, lang, 'stopwords=0'), 1, 60) || '…' AS stems
  FROM articles ORDER BY id;
