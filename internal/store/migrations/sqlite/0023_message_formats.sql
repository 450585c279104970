-- 0023: a notification keeps its subject and body as format and arguments
-- (JSON, domain.Formatted), so each reader sees it in their own language;
-- subject and body stay as the Swedish text (older messages have only that).
ALTER TABLE messages ADD COLUMN subject_format TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN body_format TEXT NOT NULL DEFAULT '';
