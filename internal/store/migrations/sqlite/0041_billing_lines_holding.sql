-- 0041: nothing on SQLite. PostgreSQL drops the foreign key of a billing line's
-- holding (its check locked every holding a run bills); SQLite's check is a
-- look-up by rowid that writes nothing, and dropping it would rebuild the table.
SELECT 1;
