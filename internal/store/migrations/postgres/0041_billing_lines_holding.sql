-- 0041: a billing line's holding is no longer a foreign key on PostgreSQL.
-- Checking it took a KEY SHARE lock on the holding of every line a run writes:
-- a write to two million holdings' pages (and their WAL) per monthly run, which
-- made the run's inserts 2.6 times slower (98,877 lines: 26.8 s with the key,
-- 10.3 s without). Holdings are never deleted, and the lifecycle simulation's
-- invariant "billing lines name holdings that exist" checks the reference.
ALTER TABLE billing_lines DROP CONSTRAINT billing_lines_holding_id_fkey;
