-- 0037: why this date and the BMB countdown (SPEC §10.11).
-- An order line's dispatch and arrival reasons, as the rules gave them when
-- they set its dates: {"dispatch": [message, …], "arrival": [message, …]},
-- each message a format with its arguments ('' for lines planned before).
ALTER TABLE order_lines ADD COLUMN date_reasons TEXT NOT NULL DEFAULT '';

-- The reminders and lock messages of a transfer, each sent once: the key
-- (transfer, kind) lets several servers run the job at the same time.
CREATE TABLE transfer_reminders (
    transfer_id INTEGER NOT NULL REFERENCES transfers(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('day5','day6','locked')),
    sent_at     TEXT NOT NULL,
    PRIMARY KEY (transfer_id, kind)
);
