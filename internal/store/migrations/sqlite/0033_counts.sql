-- 0033: shelf locations and counts (lagerplatser och inventering, SPEC §10.9).
-- An article's shelf location at a warehouse ("A-03-2") sits beside its reorder
-- point; the pick list walks the shelves in its order. A count session counts
-- the articles at a location (or every location under a prefix) of one
-- warehouse: a line per article with what was counted and, for individually
-- tracked articles, the units found. Approval journals each difference as a
-- stock movement of type 'count' and keeps on each line what the system had.
ALTER TABLE stock_settings ADD COLUMN location TEXT NOT NULL DEFAULT '';
CREATE INDEX stock_settings_location ON stock_settings(warehouse, location) WHERE location <> '';

CREATE TABLE count_sessions (
    id          INTEGER PRIMARY KEY,
    warehouse   TEXT NOT NULL REFERENCES warehouses(number),
    location    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','approved','cancelled')),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    closed_at   TEXT,
    closed_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX count_sessions_status ON count_sessions(warehouse, status);

CREATE TABLE count_lines (
    session_id     BIGINT NOT NULL REFERENCES count_sessions(id),
    article_number TEXT NOT NULL REFERENCES articles(number),
    location       TEXT NOT NULL,
    counted        INTEGER CHECK (counted >= 0),   -- NULL: not counted yet
    expected       INTEGER,                        -- on hand at approval
    PRIMARY KEY (session_id, article_number)
);

-- A unit found (outcome 'found' or, when the system did not have it here,
-- 'extra'; unit_number NULL until approval makes a unit of an unknown serial)
-- or, written at approval, one that was not ('missing').
CREATE TABLE count_units (
    session_id     BIGINT NOT NULL REFERENCES count_sessions(id),
    article_number TEXT NOT NULL REFERENCES articles(number),
    code           TEXT NOT NULL,
    unit_number    TEXT REFERENCES units(number),
    outcome        TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('','found','extra','missing')),
    PRIMARY KEY (session_id, article_number, code)
);
