-- 0029: deviations and complaints (avvikelse och reklamation, SPEC §10.3) and
-- the files attached to deviations and work orders (§10.6). A deviation names
-- at most one unit, article, order and work order; its customer is the one of
-- the linked object, so prescribers of that customer see it beside its reporter.
CREATE TABLE deviations (
    id                    INTEGER PRIMARY KEY,
    type                  TEXT NOT NULL CHECK (type IN ('incident','near_miss','complaint','delivery','other')),
    status                TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered','investigating','reported','closed')),
    event_date            TEXT NOT NULL,
    description           TEXT NOT NULL,
    harm                  BOOLEAN NOT NULL DEFAULT FALSE,
    unit_number           TEXT REFERENCES units(number),
    article_number        TEXT REFERENCES articles(number),
    order_number          TEXT NOT NULL DEFAULT '',
    work_order_number     TEXT NOT NULL DEFAULT '',
    personnummer          TEXT NOT NULL DEFAULT '',
    customer_number       TEXT NOT NULL DEFAULT '',
    reporter_id           BIGINT NOT NULL REFERENCES users(id),
    registered_at         TEXT NOT NULL,
    reported_to_supplier  TEXT NOT NULL DEFAULT '',
    reported_to_authority TEXT NOT NULL DEFAULT '',
    outcome               TEXT NOT NULL DEFAULT '',
    updated_at            TEXT NOT NULL
);
CREATE INDEX deviations_status ON deviations(status, id);
CREATE INDEX deviations_reporter ON deviations(reporter_id, id);
CREATE INDEX deviations_customer ON deviations(customer_number, id);
CREATE INDEX deviations_unit ON deviations(unit_number);

-- Each status change, with who made it and what they wrote.
CREATE TABLE deviation_events (
    id           INTEGER PRIMARY KEY,
    deviation_id BIGINT NOT NULL REFERENCES deviations(id),
    at           TEXT NOT NULL,
    status       TEXT NOT NULL,
    username     TEXT NOT NULL,
    comment      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deviation_events_deviation ON deviation_events(deviation_id, id);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    document     TEXT NOT NULL CHECK (document IN ('deviation','workorder')),
    document_ref TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         BLOB NOT NULL,
    uploaded_at  TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL
);
CREATE INDEX attachments_document ON attachments(document, document_ref, id);
