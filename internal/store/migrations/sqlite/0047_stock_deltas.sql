-- 0047: nothing on SQLite. PostgreSQL changes an order's stock rows with
-- apply_stock_deltas, each row looked up once; SQLite's single writer changes
-- them in one UPDATE as before.
SELECT 1;
