-- 0046: nothing on SQLite. PostgreSQL gathers each article's search words in
-- an inverted index (article_search); SQLite intersects the words' ranges of
-- article_words as before.
SELECT 1;
