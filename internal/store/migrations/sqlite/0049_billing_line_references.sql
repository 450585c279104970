-- 0049: nothing on SQLite. On PostgreSQL a billing line's references are
-- checked once per statement instead of once per line; SQLite's foreign keys
-- are look-ups in the same process and stay.
SELECT 1;
