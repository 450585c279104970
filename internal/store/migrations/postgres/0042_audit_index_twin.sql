-- audit_log_user (0001) and audit_log_user_at (0008) index the same columns
-- (username, at): every audit entry, one per look-up of a patient, updated both.
DROP INDEX audit_log_user_at;
