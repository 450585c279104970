-- 0030: planned maintenance and inspection (FU/besiktning, SPEC §10.5). An
-- article may have an inspection interval in months; a unit's next FU is its
-- last FU (units.last_maintenance) or its delivery plus the interval. The
-- result of the last FU is kept on the unit and on the work order that did it;
-- a failed FU blocks the unit (unit_blocks, source inspection).
ALTER TABLE articles ADD COLUMN inspection_months INTEGER NOT NULL DEFAULT 0 CHECK (inspection_months BETWEEN 0 AND 120);
ALTER TABLE units ADD COLUMN last_inspection_result TEXT NOT NULL DEFAULT '' CHECK (last_inspection_result IN ('', 'approved', 'failed'));
ALTER TABLE work_orders ADD COLUMN inspection_result TEXT NOT NULL DEFAULT '' CHECK (inspection_result IN ('', 'approved', 'failed'));
CREATE INDEX articles_inspection ON articles(inspection_months) WHERE inspection_months > 0;
