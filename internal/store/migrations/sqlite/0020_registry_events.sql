-- 0020: population-register events (SPEC §10.8). Each event is kept by the
-- registry's id, so a repeated event changes nothing; outcome is what it did (JSON).
CREATE TABLE registry_events (
    id           TEXT PRIMARY KEY,
    type         TEXT NOT NULL CHECK (type IN ('deceased','address_changed','name_changed','protected_set','protected_removed','moved_out')),
    personnummer TEXT NOT NULL REFERENCES persons(personnummer),
    event_date   TEXT NOT NULL,
    payload      TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    received_by  TEXT NOT NULL,
    outcome      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX registry_events_person ON registry_events(personnummer);

-- Att hantera: a death (or a move out of the region) proposes a pickup order per
-- customer of what the person holds; customer service confirms it (it becomes a
-- pickup order) or dismisses it.
CREATE TABLE pickup_proposals (
    id              INTEGER PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES registry_events(id),
    personnummer    TEXT NOT NULL REFERENCES persons(personnummer),
    customer_number TEXT NOT NULL REFERENCES customers(number),
    reason_code     TEXT NOT NULL REFERENCES pickup_reasons(code),
    information     TEXT NOT NULL DEFAULT '',
    pickup_date     TEXT NOT NULL,
    rent_stops_at_pickup BOOLEAN NOT NULL DEFAULT FALSE,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','confirmed','dismissed')),
    created_at      TEXT NOT NULL,
    handled_at      TEXT,
    handled_by      TEXT NOT NULL DEFAULT '',
    pickup_order_id INTEGER REFERENCES pickup_orders(id)
);
CREATE INDEX pickup_proposals_status ON pickup_proposals(status, created_at);
CREATE TABLE pickup_proposal_items (
    proposal_id INTEGER NOT NULL REFERENCES pickup_proposals(id),
    holding_id  INTEGER NOT NULL REFERENCES holdings(id),
    PRIMARY KEY (proposal_id, holding_id)
);

-- A pickup order made for a death: rent stops at its pickup date even when the
-- aids come in later.
ALTER TABLE pickup_orders ADD COLUMN rent_stops_at_pickup BOOLEAN NOT NULL DEFAULT FALSE;

-- An address change flags the open orders delivered to the person's home: the
-- delivery address is to be checked (the day the registry changed it).
ALTER TABLE orders ADD COLUMN address_changed_on TEXT;
CREATE INDEX orders_address_changed ON orders(address_changed_on);
