-- 0045: nothing on PostgreSQL. SQLite indexes what a billing run reads of a
-- holding's unit and person, which it looks up one holding at a time;
-- PostgreSQL hashes the month's joins over whole tables instead.
SELECT 1;
