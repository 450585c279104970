-- 0040: the centre's overview (SPEC §10.9) on a region's data.
-- Units per article and status are counted from units_article_status alone
-- (SQLite reads a covering index whole; PostgreSQL gets a narrower one here).
-- Order lines delivered: the dispatch date too, so the count reads only the index.
DROP INDEX order_lines_delivered;
CREATE INDEX order_lines_delivered ON order_lines(delivered_at, dispatch_date) WHERE delivered_at IS NOT NULL;
-- What each payer is billed per month: the month's shown run summed, written
-- when a run is shown and added to by each correction billed into it, so the
-- chart reads a row per payer and month instead of a year's lines.
CREATE TABLE billing_totals (
    month        TEXT NOT NULL REFERENCES billing_runs(month),
    payer_number TEXT NOT NULL REFERENCES payers(number),
    amount_ore   INTEGER NOT NULL,
    PRIMARY KEY (month, payer_number)
);
INSERT INTO billing_totals (month, payer_number, amount_ore)
SELECT b.month, b.payer_number, SUM(b.amount_ore) FROM billing_lines b
JOIN billing_runs r ON r.month = b.month AND r.job_id = b.job_id
GROUP BY b.month, b.payer_number;
