-- 0025: blocking a unit (spärrad, SPEC §10.3–10.5). A deviation under
-- investigation, a recall or a failed inspection blocks a unit; a blocked unit is
-- never allocated, delivered, handed out or transferred. Each block is kept with
-- its source; units.blocked says whether any block is still open, so the
-- allocation query filters on the unit row itself.
ALTER TABLE units ADD COLUMN blocked BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE unit_blocks (
    id          INTEGER PRIMARY KEY,
    unit_number TEXT NOT NULL REFERENCES units(number),
    source      TEXT NOT NULL CHECK (source IN ('manual','deviation','recall','inspection')),
    source_ref  TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    blocked_at  TEXT NOT NULL,
    blocked_by  TEXT NOT NULL,
    released_at TEXT,
    released_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX unit_blocks_unit ON unit_blocks(unit_number, released_at);
