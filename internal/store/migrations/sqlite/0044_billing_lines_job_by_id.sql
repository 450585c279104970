-- 0044: a run's lines indexed by payer and id, the order a job writes them in,
-- instead of the invoice basis's order. A batch's lines, one payer's, went to
-- as many places of the old index as they had recipients: on SQLite about 60
-- pages of the log per batch, written while the billing snapshot keeps the log
-- from being copied back and every read looks through it. Reading a month in the
-- invoice basis's order now sorts each payer's lines (a few thousand) by the
-- rest of that order.
DROP INDEX billing_lines_job;
CREATE INDEX billing_lines_job ON billing_lines(job_id, payer_number, id);
