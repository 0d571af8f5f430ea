-- load-folder.sql -- loads every .txt file of a folder into the table
-- articles, with the sqlite3 shell alone (its fsdir() table and .parameter):
--   sqlite3 -cmd '.load ./newsroom' -cmd ".parameter set @docs 'my/folder'" \
--           demo.db < sql-examples/load-folder.sql
-- Without @docs it loads the bundled seed articles (test/data/seeds).  Run
-- again, it replaces the table.  Each article's language is detected
-- (detect_language()), 'none' where no language could be told.

.parameter init
INSERT OR IGNORE INTO temp.sqlite_parameters(key, value)
  VALUES('@docs', 'test/data/seeds');

DROP TABLE IF EXISTS articles;
CREATE TABLE articles(
  id INTEGER PRIMARY KEY,
  file TEXT UNIQUE NOT NULL,     -- the path below @docs
  body TEXT NOT NULL,
  lang TEXT NOT NULL
);
INSERT INTO articles(file, body, lang)
  SELECT substr(name, length(@docs) + 2), CAST(data AS TEXT), 'none'
    FROM fsdir(@docs)
   WHERE name LIKE '%.txt' AND data IS NOT NULL
   ORDER BY name;
UPDATE articles SET lang = coalesce(detect_language(body), 'none');
SELECT 'loaded ' || count(*) || ' articles from ' || @docs FROM articles;
