-- 0039: fix in place (SPEC §10.11): a work order returned to the prescriber
-- with a reason waits for the prescriber's correction; it keeps its number and
-- status, and the history (work_order_notes kinds 'returned' and 'corrected')
-- keeps who returned it, why, who corrected it and what changed.
ALTER TABLE work_orders ADD COLUMN returned_at TEXT;
ALTER TABLE work_orders ADD COLUMN returned_by TEXT NOT NULL DEFAULT '';
ALTER TABLE work_orders ADD COLUMN return_reason TEXT NOT NULL DEFAULT '';
