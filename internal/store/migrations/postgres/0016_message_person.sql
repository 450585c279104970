-- 0016: the person a message is about (SPEC §10.2). A message that names a
-- patient ("BMB … (gällande Lindberg, Sara)") is person data: opening the inbox
-- logs a view of that person, found here rather than in the text.
ALTER TABLE messages ADD COLUMN personnummer TEXT NOT NULL DEFAULT '';
