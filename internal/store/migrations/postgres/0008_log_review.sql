-- 0008: the log reviewer's role and reviews (SPEC §10.2).
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check
    CHECK (role IN ('prescriber','customer_service','warehouse','technician','admin','log_reviewer'));

-- One review per audit entry: who reviewed it, when, and what they noted.
CREATE TABLE log_reviews (
    audit_id    BIGINT PRIMARY KEY REFERENCES audit_log(id),
    reviewer    TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT ''
);
-- The review and look-up lists select a period of entries per user.
CREATE INDEX audit_log_user_at ON audit_log(username, at);
