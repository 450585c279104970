-- 0001: the whole domain (SPEC §2, §4, §5).
-- Dates are TEXT 'YYYY-MM-DD' and timestamps TEXT 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (UTC,
-- fixed width) on both backends, so that the same Go code scans them and they sort
-- as text. Money is INTEGER öre. Booleans are written TRUE/FALSE in SQL.

CREATE TABLE iso_classes (
    code        TEXT PRIMARY KEY,            -- 2, 4 or 6 digits
    parent_code TEXT REFERENCES iso_classes(code),
    name        TEXT NOT NULL,
    info        TEXT NOT NULL DEFAULT ''     -- HMC information shown per class
);
CREATE INDEX iso_classes_parent ON iso_classes(parent_code);

CREATE TABLE suppliers (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT ''
);

CREATE TABLE service_departments (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE warehouses (
    number TEXT PRIMARY KEY,
    name   TEXT NOT NULL
);

CREATE TABLE payers (
    number TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE
);

-- A delivery route (turbil): the weekdays it runs, ISO numbers 1=Monday … 5=Friday, e.g. '2,4'.
CREATE TABLE routes (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    weekdays TEXT NOT NULL DEFAULT ''
);

CREATE TABLE customers (
    number         TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    street         TEXT NOT NULL DEFAULT '',
    postal_code    TEXT NOT NULL DEFAULT '',
    town           TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    default_payer  TEXT NOT NULL REFERENCES payers(number),
    warehouse      TEXT NOT NULL REFERENCES warehouses(number),
    route_id       INTEGER REFERENCES routes(id),
    daily_delivery BOOLEAN NOT NULL DEFAULT FALSE,
    local_store    BOOLEAN NOT NULL DEFAULT FALSE,
    active         BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE articles (
    number                  TEXT PRIMARY KEY,
    name                    TEXT NOT NULL,
    name_folded             TEXT NOT NULL DEFAULT '',   -- lower case, accents removed
    unit_of_measure         TEXT NOT NULL DEFAULT 'st',
    iso_code                TEXT NOT NULL REFERENCES iso_classes(code),
    supplier_id             INTEGER REFERENCES suppliers(id),
    supplier_article_number TEXT NOT NULL DEFAULT '',
    product                 TEXT NOT NULL DEFAULT '',
    product_name            TEXT NOT NULL DEFAULT '',
    status                  TEXT NOT NULL CHECK (status IN ('stocked','order_item','discontinued')),
    in_assortment           BOOLEAN NOT NULL DEFAULT TRUE,
    individual              BOOLEAN NOT NULL DEFAULT FALSE,  -- I-märkt: tracked as units
    purpose                 TEXT NOT NULL CHECK (purpose IN ('rent','buy')),
    depreciation_months     INTEGER NOT NULL DEFAULT 60 CHECK (depreciation_months >= 0),
    service_level           TEXT NOT NULL DEFAULT '',
    responsibility          TEXT NOT NULL DEFAULT '',   -- artikelansvar, e.g. 'L Landstinget'
    vision_aid              BOOLEAN NOT NULL DEFAULT FALSE,
    not_orderable           BOOLEAN NOT NULL DEFAULT FALSE,
    not_orderable_text      TEXT NOT NULL DEFAULT '',   -- guidance shown when refused
    lead_time_days          INTEGER NOT NULL DEFAULT 10 CHECK (lead_time_days >= 0),
    description             TEXT NOT NULL DEFAULT '',
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);
CREATE INDEX articles_iso ON articles(iso_code);
CREATE INDEX articles_supplier ON articles(supplier_id);
CREATE INDEX articles_supplier_article ON articles(supplier_article_number);
CREATE INDEX articles_name_folded ON articles(name_folded);

-- Folded words of an article's name, product and product name: "rullst cross" is
-- answered by one index range scan per word.
CREATE TABLE article_words (
    word           TEXT NOT NULL,
    article_number TEXT NOT NULL REFERENCES articles(number) ON DELETE CASCADE,
    PRIMARY KEY (word, article_number)
);
CREATE INDEX article_words_article ON article_words(article_number);

CREATE TABLE article_prices (
    id             INTEGER PRIMARY KEY,
    article_number TEXT NOT NULL REFERENCES articles(number),
    kind           TEXT NOT NULL CHECK (kind IN ('rent','sale')),
    amount_ore     INTEGER NOT NULL CHECK (amount_ore >= 0),
    valid_from     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL DEFAULT '',
    UNIQUE (article_number, kind, valid_from)
);

-- Grundutförande: the components a main aid is delivered with.
CREATE TABLE article_base_components (
    article_number   TEXT NOT NULL REFERENCES articles(number),
    position         INTEGER NOT NULL,
    component_number TEXT NOT NULL REFERENCES articles(number),
    quantity         INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    PRIMARY KEY (article_number, position)
);

-- Mall "Vanligaste tillbehören".
CREATE TABLE accessory_templates (
    id             INTEGER PRIMARY KEY,
    article_number TEXT NOT NULL REFERENCES articles(number),
    name           TEXT NOT NULL
);
CREATE INDEX accessory_templates_article ON accessory_templates(article_number);
CREATE TABLE accessory_template_items (
    template_id      INTEGER NOT NULL REFERENCES accessory_templates(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    component_number TEXT NOT NULL REFERENCES articles(number),
    PRIMARY KEY (template_id, position)
);

-- Ersättningskedja: position 1 is the oldest generation, delivered first.
CREATE TABLE replacement_chains (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE replacement_chain_articles (
    chain_id       INTEGER NOT NULL REFERENCES replacement_chains(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    article_number TEXT NOT NULL UNIQUE REFERENCES articles(number),
    PRIMARY KEY (chain_id, position)
);

-- Pictures and user manuals, stored by the system.
CREATE TABLE article_files (
    id             INTEGER PRIMARY KEY,
    article_number TEXT NOT NULL REFERENCES articles(number),
    kind           TEXT NOT NULL CHECK (kind IN ('picture','manual')),
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    data           BLOB NOT NULL,
    uploaded_at    TEXT NOT NULL,
    UNIQUE (article_number, kind)
);

-- Stock of non-unit quantities and of units alike; available = on_hand - reserved.
CREATE TABLE stock (
    warehouse      TEXT NOT NULL REFERENCES warehouses(number),
    article_number TEXT NOT NULL REFERENCES articles(number),
    on_hand        INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    reserved       INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    CHECK (on_hand - reserved >= 0),
    PRIMARY KEY (warehouse, article_number)
);
CREATE INDEX stock_article ON stock(article_number);

CREATE TABLE stock_movements (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    warehouse      TEXT NOT NULL REFERENCES warehouses(number),
    article_number TEXT NOT NULL REFERENCES articles(number),
    on_hand_delta  INTEGER NOT NULL DEFAULT 0,
    reserved_delta INTEGER NOT NULL DEFAULT 0,
    reason         TEXT NOT NULL,     -- receipt, correction, move, reserve, release, delivery, return
    reference      TEXT NOT NULL DEFAULT '',
    username       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stock_movements_article ON stock_movements(article_number, at);

CREATE TABLE units (
    number           TEXT PRIMARY KEY,
    article_number   TEXT NOT NULL REFERENCES articles(number),
    serial           TEXT NOT NULL DEFAULT '',
    warehouse        TEXT NOT NULL REFERENCES warehouses(number),
    delivered_from   TEXT NOT NULL DEFAULT '',
    purchase_date    TEXT,
    warranty_until   TEXT,
    status           TEXT NOT NULL CHECK (status IN ('in_stock','reserved','delivered','in_service','reconditioning','scrapped')),
    status_date      TEXT NOT NULL,
    last_maintenance TEXT,
    fifo_date        TEXT NOT NULL,     -- receipt or last return: allocation takes the oldest first
    created_at       TEXT NOT NULL
);
CREATE INDEX units_article_status ON units(article_number, status, warehouse, fifo_date);
CREATE INDEX units_serial ON units(serial);

-- Components physically attached to a unit (komponenter på individen).
CREATE TABLE unit_components (
    id             INTEGER PRIMARY KEY,
    unit_number    TEXT NOT NULL REFERENCES units(number),
    article_number TEXT NOT NULL REFERENCES articles(number),
    quantity       INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    attached_at    TEXT NOT NULL,
    removed_at     TEXT
);
CREATE INDEX unit_components_unit ON unit_components(unit_number);

CREATE TABLE unit_adaptations (
    id          INTEGER PRIMARY KEY,
    unit_number TEXT NOT NULL REFERENCES units(number),
    date        TEXT NOT NULL,
    text        TEXT NOT NULL,
    username    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX unit_adaptations_unit ON unit_adaptations(unit_number);

-- A unit's history: received, delivered, transferred, returned, reconditioned, scrapped, maintenance …
CREATE TABLE unit_events (
    id          INTEGER PRIMARY KEY,
    unit_number TEXT NOT NULL REFERENCES units(number),
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL DEFAULT '',
    reference   TEXT NOT NULL DEFAULT '',
    username    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX unit_events_unit ON unit_events(unit_number, at);

-- The population registry (CFR). *_folded columns are lower case without accents.
CREATE TABLE persons (
    personnummer      TEXT PRIMARY KEY,
    first_name        TEXT NOT NULL,
    last_name         TEXT NOT NULL,
    street            TEXT NOT NULL DEFAULT '',
    postal_code       TEXT NOT NULL DEFAULT '',
    town              TEXT NOT NULL DEFAULT '',
    phone             TEXT NOT NULL DEFAULT '',
    sex               TEXT NOT NULL CHECK (sex IN ('M','K')),
    protected         BOOLEAN NOT NULL DEFAULT FALSE,   -- skyddade personuppgifter
    deceased_date     TEXT,
    last_name_folded  TEXT NOT NULL,
    first_name_folded TEXT NOT NULL,
    street_folded     TEXT NOT NULL DEFAULT '',
    town_folded       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX persons_last_name ON persons(last_name_folded, first_name_folded);
CREATE INDEX persons_first_name ON persons(first_name_folded);
CREATE INDEX persons_street ON persons(street_folded);
CREATE INDEX persons_postal_code ON persons(postal_code);
CREATE INDEX persons_town ON persons(town_folded);

CREATE TABLE users (
    id                    INTEGER PRIMARY KEY,
    username              TEXT NOT NULL UNIQUE,     -- stored upper case
    name                  TEXT NOT NULL,
    phone                 TEXT NOT NULL DEFAULT '',
    mobile                TEXT NOT NULL DEFAULT '',
    email                 TEXT NOT NULL DEFAULT '',
    password_hash         TEXT NOT NULL,
    must_change_password  BOOLEAN NOT NULL DEFAULT FALSE,
    active                BOOLEAN NOT NULL DEFAULT TRUE,
    can_prescribe         BOOLEAN NOT NULL DEFAULT FALSE,  -- förskrivningsrätt: may order
    service_department_id INTEGER REFERENCES service_departments(id),
    warehouse             TEXT REFERENCES warehouses(number),
    failed_logins         INTEGER NOT NULL DEFAULT 0,
    locked_until          TEXT,
    last_login_at         TEXT,
    created_at            TEXT NOT NULL
);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id),
    role    TEXT NOT NULL CHECK (role IN ('prescriber','customer_service','warehouse','technician','admin')),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE user_customers (
    user_id         INTEGER NOT NULL REFERENCES users(id),
    customer_number TEXT NOT NULL REFERENCES customers(number),
    PRIMARY KEY (user_id, customer_number)
);

-- Server-side sessions (browser cookie or API bearer token); only a hash of the token is kept.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    kind         TEXT NOT NULL CHECK (kind IN ('web','api')),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE action_types (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,   -- corrective, preventive, inspection, …
    name             TEXT NOT NULL,
    sets_maintenance BOOLEAN NOT NULL DEFAULT FALSE,  -- closing sets the unit's Senaste FU
    active           BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE pickup_reasons (
    code     TEXT PRIMARY KEY,   -- need_ended, wrong_order, deceased, replaced, broken, other
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE orders (
    id                     INTEGER PRIMARY KEY,
    number                 TEXT UNIQUE,   -- given at Verkställ; a draft has none
    status                 TEXT NOT NULL CHECK (status IN ('draft','registered','partly_delivered','delivered','cancelled')),
    recipient_personnummer TEXT REFERENCES persons(personnummer),
    recipient_customer     TEXT REFERENCES customers(number),
    customer_number        TEXT NOT NULL REFERENCES customers(number),
    payer_number           TEXT NOT NULL REFERENCES payers(number),
    prescriber_id          INTEGER NOT NULL REFERENCES users(id),
    urgent                 BOOLEAN NOT NULL DEFAULT FALSE,
    address_source         TEXT NOT NULL DEFAULT 'customer' CHECK (address_source IN ('customer','recipient')),
    address_name           TEXT NOT NULL DEFAULT '',
    address_co             TEXT NOT NULL DEFAULT '',
    address_street         TEXT NOT NULL DEFAULT '',
    address_postal_code    TEXT NOT NULL DEFAULT '',
    address_town           TEXT NOT NULL DEFAULT '',
    address_phone          TEXT NOT NULL DEFAULT '',
    address_mobile         TEXT NOT NULL DEFAULT '',
    door_code              TEXT NOT NULL DEFAULT '',
    instructions           TEXT NOT NULL DEFAULT '',   -- to the transporter
    warehouse_info         TEXT NOT NULL DEFAULT '',   -- övrig information to the warehouse
    deliver_together       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at             TEXT NOT NULL,
    registered_at          TEXT,
    cancelled_at           TEXT,
    cancelled_by           TEXT NOT NULL DEFAULT '',
    CHECK ((recipient_personnummer IS NULL) <> (recipient_customer IS NULL))
);
CREATE INDEX orders_recipient_person ON orders(recipient_personnummer, status);
CREATE INDEX orders_recipient_customer ON orders(recipient_customer, status);
CREATE INDEX orders_prescriber ON orders(prescriber_id, status);

CREATE TABLE order_lines (
    id                       INTEGER PRIMARY KEY,
    order_id                 INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    position                 INTEGER NOT NULL,
    parent_line_id           INTEGER REFERENCES order_lines(id) ON DELETE CASCADE,  -- a component of a main line
    from_base_config         BOOLEAN NOT NULL DEFAULT FALSE,
    article_number           TEXT NOT NULL REFERENCES articles(number),   -- as ordered
    delivered_article_number TEXT NOT NULL REFERENCES articles(number),   -- chosen by the replacement chain
    chain_note               TEXT NOT NULL DEFAULT '',
    payer_number             TEXT NOT NULL REFERENCES payers(number),
    warehouse                TEXT NOT NULL REFERENCES warehouses(number),
    quantity                 INTEGER NOT NULL CHECK (quantity > 0),
    purpose                  TEXT NOT NULL CHECK (purpose IN ('rent','buy')),
    unit_price_ore           INTEGER NOT NULL DEFAULT 0,
    reserved_quantity        INTEGER NOT NULL DEFAULT 0 CHECK (reserved_quantity >= 0),
    delivered_quantity       INTEGER NOT NULL DEFAULT 0 CHECK (delivered_quantity >= 0),
    dispatch_date            TEXT,
    arrival_date             TEXT,
    complement_unit          TEXT REFERENCES units(number),   -- Kompl. individ
    status                   TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','delivered','cancelled')),
    delivered_at             TEXT,
    cancelled_at             TEXT
);
CREATE INDEX order_lines_order ON order_lines(order_id, position);
CREATE INDEX order_lines_dispatch ON order_lines(warehouse, dispatch_date, status);

-- Units allocated to a line at picking (first in, first out).
CREATE TABLE order_line_units (
    line_id     INTEGER NOT NULL REFERENCES order_lines(id) ON DELETE CASCADE,
    unit_number TEXT NOT NULL UNIQUE REFERENCES units(number),
    PRIMARY KEY (line_id, unit_number)
);

-- A repeated request with the same key from the same user returns what was first created.
CREATE TABLE idempotency_keys (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    key        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    reference  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- What a patient or a care unit holds. A transfer ends a holding and starts a new one
-- (rent start = BMB-datum), so billing reads payer periods straight from here.
CREATE TABLE holdings (
    id                     INTEGER PRIMARY KEY,
    recipient_personnummer TEXT REFERENCES persons(personnummer),
    recipient_customer     TEXT REFERENCES customers(number),
    article_number         TEXT NOT NULL REFERENCES articles(number),
    unit_number            TEXT REFERENCES units(number),
    attached_unit          TEXT REFERENCES units(number),  -- a component holding attached to this unit
    quantity               INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    customer_number        TEXT NOT NULL REFERENCES customers(number),
    payer_number           TEXT NOT NULL REFERENCES payers(number),
    prescriber_id          INTEGER REFERENCES users(id),
    owner                  TEXT NOT NULL DEFAULT 'region' CHECK (owner IN ('region','other')),
    debit_form             TEXT NOT NULL DEFAULT 'buyback' CHECK (debit_form IN ('buyback','sale')),
    purpose                TEXT NOT NULL CHECK (purpose IN ('rent','buy')),
    order_line_id          INTEGER REFERENCES order_lines(id),
    previous_holding_id    INTEGER REFERENCES holdings(id),  -- the holding a transfer replaced
    order_date             TEXT,
    delivery_date          TEXT NOT NULL,
    rent_start             TEXT NOT NULL,
    end_date               TEXT,       -- returned or transferred on this day (not billed)
    end_reason             TEXT NOT NULL DEFAULT '',   -- returned, transferred, cancelled
    CHECK ((recipient_personnummer IS NULL) <> (recipient_customer IS NULL))
);
CREATE INDEX holdings_person ON holdings(recipient_personnummer, end_date);
CREATE INDEX holdings_customer ON holdings(recipient_customer, end_date);
CREATE INDEX holdings_unit ON holdings(unit_number, end_date);
CREATE INDEX holdings_attached ON holdings(attached_unit, end_date);
CREATE INDEX holdings_payer ON holdings(payer_number, rent_start);

CREATE TABLE work_orders (
    id                    INTEGER PRIMARY KEY,
    number                TEXT NOT NULL UNIQUE,
    status                TEXT NOT NULL CHECK (status IN ('registered','started','closed','cancelled')),
    personnummer          TEXT REFERENCES persons(personnummer),
    customer_number       TEXT NOT NULL REFERENCES customers(number),
    article_number        TEXT REFERENCES articles(number),
    unit_number           TEXT REFERENCES units(number),
    priority              INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 6),
    action_type_id        INTEGER NOT NULL REFERENCES action_types(id),
    service_department_id INTEGER NOT NULL REFERENCES service_departments(id),
    fault_description     TEXT NOT NULL DEFAULT '',
    address_mode          TEXT NOT NULL DEFAULT 'pickup' CHECK (address_mode IN ('pickup','onsite')),
    address_source        TEXT NOT NULL DEFAULT 'customer' CHECK (address_source IN ('customer','recipient')),
    address_name          TEXT NOT NULL DEFAULT '',
    address_co            TEXT NOT NULL DEFAULT '',
    address_street        TEXT NOT NULL DEFAULT '',
    address_postal_code   TEXT NOT NULL DEFAULT '',
    address_town          TEXT NOT NULL DEFAULT '',
    address_phone         TEXT NOT NULL DEFAULT '',
    door_code             TEXT NOT NULL DEFAULT '',
    instructions          TEXT NOT NULL DEFAULT '',
    prescriber_id         INTEGER NOT NULL REFERENCES users(id),
    registered_at         TEXT NOT NULL,
    due_at                TEXT,
    technician_id         INTEGER REFERENCES users(id),
    started_at            TEXT,
    closed_at             TEXT,
    action_text           TEXT NOT NULL DEFAULT '',
    minutes_spent         INTEGER,
    cancelled_at          TEXT
);
CREATE INDEX work_orders_queue ON work_orders(service_department_id, status, due_at);
CREATE INDEX work_orders_person ON work_orders(personnummer);
CREATE INDEX work_orders_unit ON work_orders(unit_number);
CREATE INDEX work_orders_prescriber ON work_orders(prescriber_id, status);

CREATE TABLE work_order_notes (
    id            INTEGER PRIMARY KEY,
    work_order_id INTEGER NOT NULL REFERENCES work_orders(id),
    at            TEXT NOT NULL,
    username      TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT 'note',   -- note, priority
    text          TEXT NOT NULL
);
CREATE INDEX work_order_notes_order ON work_order_notes(work_order_id, at);

CREATE TABLE pickup_orders (
    id                     INTEGER PRIMARY KEY,
    number                 TEXT NOT NULL UNIQUE,
    status                 TEXT NOT NULL CHECK (status IN ('registered','closed','cancelled')),
    recipient_personnummer TEXT REFERENCES persons(personnummer),
    recipient_customer     TEXT REFERENCES customers(number),
    customer_number        TEXT NOT NULL REFERENCES customers(number),
    prescriber_id          INTEGER NOT NULL REFERENCES users(id),
    reason_code            TEXT NOT NULL REFERENCES pickup_reasons(code),
    information            TEXT NOT NULL DEFAULT '',
    address_source         TEXT NOT NULL DEFAULT 'customer' CHECK (address_source IN ('customer','recipient')),
    address_name           TEXT NOT NULL DEFAULT '',
    address_co             TEXT NOT NULL DEFAULT '',
    address_street         TEXT NOT NULL DEFAULT '',
    address_postal_code    TEXT NOT NULL DEFAULT '',
    address_town           TEXT NOT NULL DEFAULT '',
    address_phone          TEXT NOT NULL DEFAULT '',
    address_mobile         TEXT NOT NULL DEFAULT '',
    door_code              TEXT NOT NULL DEFAULT '',
    instructions           TEXT NOT NULL DEFAULT '',
    pickup_date            TEXT NOT NULL,
    registered_at          TEXT NOT NULL,
    closed_at              TEXT,
    cancelled_at           TEXT,
    cancelled_by           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pickup_orders_person ON pickup_orders(recipient_personnummer);
CREATE INDEX pickup_orders_status ON pickup_orders(status, pickup_date);
CREATE INDEX pickup_orders_prescriber ON pickup_orders(prescriber_id, status);

CREATE TABLE pickup_items (
    id              INTEGER PRIMARY KEY,
    pickup_order_id INTEGER NOT NULL REFERENCES pickup_orders(id),
    holding_id      INTEGER NOT NULL REFERENCES holdings(id),
    status          TEXT NOT NULL CHECK (status IN ('registered','received','cancelled')),
    received_at     TEXT
);
CREATE INDEX pickup_items_order ON pickup_items(pickup_order_id);
-- A holding can be on at most one open pickup order.
CREATE UNIQUE INDEX pickup_items_open_holding ON pickup_items(holding_id) WHERE status = 'registered';

-- BMB. 'locked' is not stored: a sent transfer older than 7 days is locked.
CREATE TABLE transfers (
    id                     INTEGER PRIMARY KEY,
    status                 TEXT NOT NULL CHECK (status IN ('sent','accepted','rejected','unlocked')),
    from_user_id           INTEGER NOT NULL REFERENCES users(id),
    to_user_id             INTEGER NOT NULL REFERENCES users(id),
    recipient_personnummer TEXT REFERENCES persons(personnummer),
    recipient_customer     TEXT REFERENCES customers(number),
    bmb_date               TEXT NOT NULL,
    message                TEXT NOT NULL DEFAULT '',
    patient_to_patient     BOOLEAN NOT NULL DEFAULT FALSE,
    sent_at                TEXT NOT NULL,
    answered_at            TEXT,
    answer_message         TEXT NOT NULL DEFAULT '',
    new_customer           TEXT REFERENCES customers(number),
    new_payer              TEXT REFERENCES payers(number),
    unlocked_at            TEXT,
    unlocked_by            TEXT NOT NULL DEFAULT '',
    CHECK ((recipient_personnummer IS NULL) <> (recipient_customer IS NULL))
);
CREATE INDEX transfers_to ON transfers(to_user_id, status);
CREATE INDEX transfers_from ON transfers(from_user_id, status);

CREATE TABLE transfer_items (
    transfer_id INTEGER NOT NULL REFERENCES transfers(id),
    holding_id  INTEGER NOT NULL REFERENCES holdings(id),
    open        BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (transfer_id, holding_id)
);
-- A holding can be in at most one open (sent or locked) transfer.
CREATE UNIQUE INDEX transfer_items_open_holding ON transfer_items(holding_id) WHERE open;

-- Personal messages; news from HMC are in news.
CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    sender     TEXT NOT NULL DEFAULT 'Sesam2',
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    read_at    TEXT
);
CREATE INDEX messages_user ON messages(user_id, created_at);

CREATE TABLE news (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    link_text    TEXT NOT NULL DEFAULT '',
    link_url     TEXT NOT NULL DEFAULT '',
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL DEFAULT ''
);

-- Append-only: triggers below refuse UPDATE and DELETE.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    username     TEXT NOT NULL DEFAULT '',
    action       TEXT NOT NULL,               -- e.g. order.register, person.view
    entity       TEXT NOT NULL DEFAULT '',    -- order, unit, person, user, …
    entity_id    TEXT NOT NULL DEFAULT '',
    personnummer TEXT NOT NULL DEFAULT '',    -- the person whose data was touched or seen
    screen       TEXT NOT NULL DEFAULT '',
    protected    BOOLEAN NOT NULL DEFAULT FALSE,
    before_json  TEXT NOT NULL DEFAULT '',
    after_json   TEXT NOT NULL DEFAULT '',
    request_id   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_person ON audit_log(personnummer, at);
CREATE INDEX audit_log_user ON audit_log(username, at);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE billing_runs (
    month     TEXT PRIMARY KEY,   -- YYYY-MM
    status    TEXT NOT NULL CHECK (status IN ('open','closed')),
    run_at    TEXT NOT NULL,
    run_by    TEXT NOT NULL DEFAULT '',
    closed_at TEXT,
    closed_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE billing_lines (
    id             INTEGER PRIMARY KEY,
    month          TEXT NOT NULL REFERENCES billing_runs(month),
    payer_number   TEXT NOT NULL REFERENCES payers(number),
    holding_id     INTEGER REFERENCES holdings(id),
    kind           TEXT NOT NULL CHECK (kind IN ('rent','purchase')),
    recipient      TEXT NOT NULL,    -- personnummer or customer number
    recipient_name TEXT NOT NULL DEFAULT '',
    article_number TEXT NOT NULL,
    article_name   TEXT NOT NULL DEFAULT '',
    unit_number    TEXT NOT NULL DEFAULT '',
    from_date      TEXT NOT NULL,
    to_date        TEXT NOT NULL,
    days           INTEGER NOT NULL,
    days_in_month  INTEGER NOT NULL,
    price_ore      INTEGER NOT NULL,
    amount_ore     INTEGER NOT NULL
);
CREATE INDEX billing_lines_payer ON billing_lines(month, payer_number);

-- Document numbers: two-digit year + a 6-digit sequence per kind (order, workorder, pickup);
-- kind 'unit' (year 0) numbers units.
CREATE TABLE number_sequences (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
);
