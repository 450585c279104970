-- 0010: a unit goes round the lending loop many times (SPEC §10.1). order_line_units
-- keeps which unit each line delivered, so a unit is on one line per loan; only the
-- line it is picked for now may be unique. SQLite cannot drop a UNIQUE in place,
-- so the table is rebuilt.
CREATE TABLE order_line_units_new (
    line_id     INTEGER NOT NULL REFERENCES order_lines(id) ON DELETE CASCADE,
    unit_number TEXT NOT NULL REFERENCES units(number),
    picked      BOOLEAN NOT NULL DEFAULT FALSE,  -- picked for this open line, not delivered yet
    PRIMARY KEY (line_id, unit_number)
);
INSERT INTO order_line_units_new (line_id, unit_number, picked)
    SELECT lu.line_id, lu.unit_number, l.status = 'open' FROM order_line_units lu JOIN order_lines l ON l.id = lu.line_id;
DROP TABLE order_line_units;
ALTER TABLE order_line_units_new RENAME TO order_line_units;
CREATE UNIQUE INDEX order_line_units_picked ON order_line_units(unit_number) WHERE picked;
CREATE INDEX order_line_units_unit ON order_line_units(unit_number);
