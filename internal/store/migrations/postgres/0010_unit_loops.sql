-- 0010: a unit goes round the lending loop many times (SPEC §10.1). order_line_units
-- keeps which unit each line delivered, so a unit is on one line per loan; only the
-- line it is picked for now may be unique.
ALTER TABLE order_line_units DROP CONSTRAINT order_line_units_unit_number_key;
ALTER TABLE order_line_units ADD COLUMN picked BOOLEAN NOT NULL DEFAULT FALSE;  -- picked for this open line, not delivered yet
UPDATE order_line_units lu SET picked = TRUE FROM order_lines l WHERE l.id = lu.line_id AND l.status = 'open';
CREATE UNIQUE INDEX order_line_units_picked ON order_line_units(unit_number) WHERE picked;
CREATE INDEX order_line_units_unit ON order_line_units(unit_number);
