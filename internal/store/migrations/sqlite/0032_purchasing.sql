-- 0032: purchasing (inköp, SPEC §10.9). Per article and warehouse a reorder
-- point and an order quantity (beställningspunkt, beställningskvantitet; no
-- row or a NULL point: not reordered). Purchase orders to a supplier for one
-- warehouse, received in parts: each receipt row says what came, and the units
-- it created; the stock itself goes through stock and stock_movements as any
-- goods receipt. Open purchase orders count as incoming for dispatch dates.
CREATE TABLE stock_settings (
    warehouse      TEXT NOT NULL REFERENCES warehouses(number),
    article_number TEXT NOT NULL REFERENCES articles(number),
    reorder_point  INTEGER CHECK (reorder_point >= 0),
    order_quantity INTEGER NOT NULL DEFAULT 0 CHECK (order_quantity >= 0),
    PRIMARY KEY (warehouse, article_number)
);
CREATE INDEX stock_settings_article ON stock_settings(article_number);

CREATE TABLE purchase_orders (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    supplier_id   BIGINT NOT NULL REFERENCES suppliers(id),
    warehouse     TEXT NOT NULL REFERENCES warehouses(number),
    status        TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered','partly_received','closed','cancelled')),
    expected_date TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    closed_at     TEXT
);
CREATE INDEX purchase_orders_open ON purchase_orders(warehouse, status);
CREATE INDEX purchase_orders_created ON purchase_orders(created_at);

CREATE TABLE purchase_order_lines (
    id                INTEGER PRIMARY KEY,
    purchase_order_id BIGINT NOT NULL REFERENCES purchase_orders(id),
    position          INTEGER NOT NULL,
    article_number    TEXT NOT NULL REFERENCES articles(number),
    quantity          INTEGER NOT NULL CHECK (quantity > 0),
    received_quantity INTEGER NOT NULL DEFAULT 0 CHECK (received_quantity >= 0 AND received_quantity <= quantity),
    UNIQUE (purchase_order_id, article_number)
);
CREATE INDEX purchase_order_lines_article ON purchase_order_lines(article_number);

CREATE TABLE purchase_receipts (
    id                INTEGER PRIMARY KEY,
    purchase_order_id BIGINT NOT NULL REFERENCES purchase_orders(id),
    line_id           BIGINT NOT NULL REFERENCES purchase_order_lines(id),
    at                TEXT NOT NULL,
    username          TEXT NOT NULL,
    quantity          INTEGER NOT NULL CHECK (quantity > 0)
);
CREATE INDEX purchase_receipts_order ON purchase_receipts(purchase_order_id, id);

CREATE TABLE purchase_receipt_units (
    receipt_id  BIGINT NOT NULL REFERENCES purchase_receipts(id),
    unit_number TEXT NOT NULL UNIQUE REFERENCES units(number),
    PRIMARY KEY (receipt_id, unit_number)
);

-- The order lines waiting for stock of an article at a warehouse: they claim
-- its incoming quantity first.
CREATE INDEX order_lines_waiting ON order_lines(delivered_article_number, warehouse) WHERE status = 'open' AND reserved_quantity < quantity;
