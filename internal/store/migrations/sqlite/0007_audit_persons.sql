-- 0007: the persons an audit entry shows (SPEC §10.2). A look-up writes one entry,
-- a list one entry naming every person on it; log review and log extracts find a
-- person's accesses here by index, whether the entry named one person or many.
CREATE TABLE audit_persons (
    audit_id     INTEGER NOT NULL REFERENCES audit_log(id),
    personnummer TEXT NOT NULL,
    protected    BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (audit_id, personnummer)
);
CREATE INDEX audit_persons_person ON audit_persons(personnummer, audit_id);
CREATE TRIGGER audit_persons_no_update BEFORE UPDATE ON audit_persons
BEGIN SELECT RAISE(ABORT, 'audit_persons is append-only'); END;
CREATE TRIGGER audit_persons_no_delete BEFORE DELETE ON audit_persons
BEGIN SELECT RAISE(ABORT, 'audit_persons is append-only'); END;
INSERT INTO audit_persons (audit_id, personnummer, protected)
    SELECT id, personnummer, protected FROM audit_log WHERE personnummer <> '';
