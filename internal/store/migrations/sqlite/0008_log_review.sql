-- 0008: the log reviewer's role and reviews (SPEC §10.2). SQLite cannot alter a
-- CHECK constraint, so user_roles is rebuilt with the new role allowed.
CREATE TABLE user_roles_new (
    user_id INTEGER NOT NULL REFERENCES users(id),
    role    TEXT NOT NULL CHECK (role IN ('prescriber','customer_service','warehouse','technician','admin','log_reviewer')),
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_new (user_id, role) SELECT user_id, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;

-- One review per audit entry: who reviewed it, when, and what they noted.
CREATE TABLE log_reviews (
    audit_id    INTEGER PRIMARY KEY REFERENCES audit_log(id),
    reviewer    TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT ''
);
-- The review and look-up lists select a period of entries per user.
CREATE INDEX audit_log_user_at ON audit_log(username, at);
