-- 04-quotes.sql -- who said what, and how each outlet worded it.
--   make demo   (or: sqlite3 -cmd '.load ./newsroom' demo.db < sql-examples/load-folder.sql)
--   sqlite3 -bail -cmd '.load ./newsroom' demo.db < sql-examples/04-quotes.sql
-- quotes(document [, lang]) returns every direct quotation with its
-- offsets, marks, kind, speaker (the fullest form of the name in the
-- article), the cue verb and the repairs made to misdirected marks;
-- quote_similarity() finds the same statement worded differently.

.mode box --wrap 60
.print The quotes of article 002 as the extractor sees them
SELECT q.start, q.kind, q.speaker, q.verb, q.flags,
       substr(q.quote, 1, 60) AS quote
  FROM articles a, quotes(a.body, 'english') q
 WHERE a.file LIKE '002%' AND q.depth = 0
 ORDER BY q.start LIMIT 12;

.print
.print Repaired marks: machine translation wrote the wrong glyph or spacing
SELECT substr(a.file, 1, 3) AS article, q.open_mark, q.close_mark, q.flags,
       substr(a.body, q.start - 11, q."end" - q.start + 24) AS in_context
  FROM articles a, quotes(a.body, 'english') q
 WHERE q.flags LIKE '%misdirected%'
 ORDER BY a.id, q.start;

.print
.print Who is quoted, in how many articles (speakers as each article names them)
SELECT q.speaker, count(*) AS quotes, count(DISTINCT a.id) AS articles,
       group_concat(DISTINCT q.verb) AS verbs
  FROM articles a, quotes(a.body, 'english') q
 WHERE q.speaker IS NOT NULL AND q.depth = 0
 GROUP BY q.speaker ORDER BY quotes DESC, q.speaker LIMIT 10;

.print
.print Every wording of the order to shoot, by similarity to one of them
SELECT substr(a.file, 1, 3) AS article, q.speaker,
       round(quote_similarity(q.quote,
             'I have given the order to shoot to kill without warning'), 2)
         AS similarity,
       q.quote
  FROM articles a, quotes(a.body, 'english') q
 WHERE quote_similarity(q.quote,
         'I have given the order to shoot to kill without warning') >= 0.4
 ORDER BY similarity DESC, a.id;

.print
.print quote_key(): the stemmed words that carry the meaning
SELECT quote_key('“I have given the order to shoot to kill without warning,”')
         AS key;
