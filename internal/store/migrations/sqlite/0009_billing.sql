-- 0009: billing as SPEC §7 amended (issue 11). Every line says what it is (rent,
-- purchase, component, credit for återköp, correction, spare part), its quantity,
-- the unit price and the date that price is valid from; a correction line names
-- the closed month and line it corrects and why. SQLite cannot change a CHECK in
-- place, so billing_lines is rebuilt (price_ore was price × quantity: quantity 1).
CREATE TABLE billing_lines_new (
    id                INTEGER PRIMARY KEY,
    month             TEXT NOT NULL REFERENCES billing_runs(month),
    payer_number      TEXT NOT NULL REFERENCES payers(number),
    holding_id        INTEGER REFERENCES holdings(id),
    kind              TEXT NOT NULL CHECK (kind IN ('rent','purchase','component','credit','correction','spare_part')),
    recipient         TEXT NOT NULL,
    recipient_name    TEXT NOT NULL DEFAULT '',
    article_number    TEXT NOT NULL,
    article_name      TEXT NOT NULL DEFAULT '',
    unit_number       TEXT NOT NULL DEFAULT '',
    from_date         TEXT NOT NULL,
    to_date           TEXT NOT NULL,
    days              INTEGER NOT NULL,
    days_in_month     INTEGER NOT NULL,
    price_ore         INTEGER NOT NULL,          -- per piece: monthly rent or sales price
    amount_ore        INTEGER NOT NULL,
    quantity          INTEGER NOT NULL DEFAULT 1,
    price_valid_from  TEXT NOT NULL DEFAULT '',
    work_order_number TEXT NOT NULL DEFAULT '',
    correction_id     INTEGER,                   -- billing_corrections(id) of a correction line
    corrects_month    TEXT NOT NULL DEFAULT '',
    corrects_line_id  INTEGER,
    reason            TEXT NOT NULL DEFAULT ''
);
INSERT INTO billing_lines_new (id, month, payer_number, holding_id, kind, recipient, recipient_name, article_number, article_name,
    unit_number, from_date, to_date, days, days_in_month, price_ore, amount_ore)
    SELECT id, month, payer_number, holding_id, kind, recipient, recipient_name, article_number, article_name,
    unit_number, from_date, to_date, days, days_in_month, price_ore, amount_ore FROM billing_lines;
DROP TABLE billing_lines;
ALTER TABLE billing_lines_new RENAME TO billing_lines;
CREATE INDEX billing_lines_payer ON billing_lines(month, payer_number);

-- Rättelse: an admin's correction of a line of a closed month, billed as a line of
-- the month after the latest closed one (month); the closed line never changes.
CREATE TABLE billing_corrections (
    id         INTEGER PRIMARY KEY,
    line_id    INTEGER NOT NULL REFERENCES billing_lines(id),
    month      TEXT NOT NULL,
    amount_ore INTEGER NOT NULL CHECK (amount_ore <> 0),
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX billing_corrections_month ON billing_corrections(month);
CREATE INDEX billing_corrections_line ON billing_corrections(line_id);

-- Spare parts a technician used on a work order, taken from stock (journalled).
CREATE TABLE work_order_parts (
    id             INTEGER PRIMARY KEY,
    work_order_id  INTEGER NOT NULL REFERENCES work_orders(id),
    article_number TEXT NOT NULL REFERENCES articles(number),
    warehouse      TEXT NOT NULL REFERENCES warehouses(number),
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    added_at       TEXT NOT NULL,
    added_by       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX work_order_parts_order ON work_order_parts(work_order_id);

-- Skada/felanvändning: the spare parts of a work order of this type are billed.
ALTER TABLE action_types ADD COLUMN chargeable BOOLEAN NOT NULL DEFAULT FALSE;
