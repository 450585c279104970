-- 0031: safety notices and recalls (säkerhetsmeddelande, FSN; SPEC §10.4).
-- The affected units are fixed when the notice is registered (its articles and
-- serial or purchase ranges, or its list of units); where each is, who holds it
-- and what was done come from the units, holdings and the work or pickup order
-- made for it, so the list is always current.
CREATE TABLE recalls (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    action         TEXT NOT NULL CHECK (action IN ('inspect','exchange','pickup','inform')),
    deadline       TEXT NOT NULL,
    serial_from    TEXT NOT NULL DEFAULT '',
    serial_to      TEXT NOT NULL DEFAULT '',
    purchased_from TEXT NOT NULL DEFAULT '',
    purchased_to   TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered','executed')),
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    executed_at    TEXT NOT NULL DEFAULT '',
    executed_by    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE recall_articles (
    recall_id      BIGINT NOT NULL REFERENCES recalls(id),
    article_number TEXT NOT NULL REFERENCES articles(number),
    PRIMARY KEY (recall_id, article_number)
);

CREATE TABLE recall_units (
    recall_id           BIGINT NOT NULL REFERENCES recalls(id),
    unit_number         TEXT NOT NULL REFERENCES units(number),
    work_order_number   TEXT NOT NULL DEFAULT '',
    pickup_order_number TEXT NOT NULL DEFAULT '',
    informed            BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (recall_id, unit_number)
);
CREATE INDEX units_article_serial ON units(article_number, serial);
