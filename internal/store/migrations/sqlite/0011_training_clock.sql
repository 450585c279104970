-- 0011: the training clock (serve --training-clock, issue 11.5). One row: how far
-- the system's time is set from the real time, in milliseconds. It lives in the
-- database so that every app server on it shows the same date.
CREATE TABLE training_clock (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    offset_ms  INTEGER NOT NULL,
    set_at     TEXT NOT NULL,
    set_by     TEXT NOT NULL
);
