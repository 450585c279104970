-- 0048: nothing on SQLite. On PostgreSQL apply_stock_deltas finds a stock row
-- from the version its connection last wrote; SQLite keeps no row versions.
SELECT 1;
