-- 0024: billing as a job (issue 17.2). A run computes from a read snapshot and
-- writes its lines in short transactions, so orders and look-ups are not held
-- behind it. Every run is a job; its lines carry the job's id, and a month shows
-- the lines of billing_runs.job_id, its latest finished run, until the next run
-- has written all of its lines and takes its place in one short transaction. A
-- running or failed job's lines are never shown; the next run removes them.
CREATE TABLE billing_jobs (
    id          INTEGER PRIMARY KEY,
    month       TEXT NOT NULL,       -- YYYY-MM
    status      TEXT NOT NULL CHECK (status IN ('running','done','failed')),
    processed   INTEGER NOT NULL DEFAULT 0,   -- holdings billed so far
    total       INTEGER NOT NULL DEFAULT 0,   -- holdings to bill
    started_at  TEXT NOT NULL,
    started_by  TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,       -- the last sign of life: a job silent long enough has died
    ended_at    TEXT,
    error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX billing_jobs_month ON billing_jobs(month, id);

-- The month's finished run whose lines are shown; NULL while the month's first
-- run is still going (the row is there for the lines' foreign key).
ALTER TABLE billing_runs ADD COLUMN job_id INTEGER REFERENCES billing_jobs(id);
ALTER TABLE billing_lines ADD COLUMN job_id INTEGER REFERENCES billing_jobs(id);

-- The runs made before: one finished job each, holding the month's lines.
INSERT INTO billing_jobs (month, status, started_at, started_by, updated_at, ended_at)
    SELECT month, 'done', run_at, run_by, run_at, run_at FROM billing_runs ORDER BY month;
UPDATE billing_runs SET job_id = (SELECT j.id FROM billing_jobs j WHERE j.month = billing_runs.month);
UPDATE billing_lines SET job_id = (SELECT r.job_id FROM billing_runs r WHERE r.month = billing_lines.month);

-- A run's lines in the order the invoice basis and the CSV show them, so a whole
-- month streams from the index without a sort. A job writes payer by payer, so
-- a batch adds to few places of it.
CREATE INDEX billing_lines_job ON billing_lines(job_id, payer_number, recipient, article_number, unit_number, from_date, id);
