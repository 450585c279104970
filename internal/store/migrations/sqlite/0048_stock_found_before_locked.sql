-- 0048: nothing on SQLite. On PostgreSQL apply_stock_deltas finds all the
-- stock rows it changes before it locks any; SQLite keeps no row versions.
SELECT 1;
