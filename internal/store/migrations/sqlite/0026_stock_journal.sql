-- 0026: the stock journal on screen (SPEC §10.9 Journal). A movement of one unit
-- (its receipt, a move between warehouses, its delivery, its return to stock
-- after reconditioning) names the unit, so a unit's movements are found by it;
-- quantity movements leave it NULL. The journal is read newest first by article,
-- by unit, or by period alone.
ALTER TABLE stock_movements ADD COLUMN unit_number TEXT;
CREATE INDEX stock_movements_unit ON stock_movements(unit_number, at) WHERE unit_number IS NOT NULL;
CREATE INDEX stock_movements_at ON stock_movements(at);

-- Earlier unit movements named their unit only in the reference, in the forms
-- the code wrote: a reconditioned unit's return ("174901"), a receipt
-- ("Mottagning 174901", the demo's "Inleverans individ 174901") and a move
-- ("Flytt 174901 till 3000"). A name is kept only when it is a unit of the
-- movement's article.
UPDATE stock_movements SET unit_number = CASE
        WHEN reason = 'return' THEN reference
        WHEN reason = 'receipt' AND reference LIKE 'Mottagning %' THEN substr(reference, 12)
        WHEN reason = 'receipt' AND reference LIKE 'Inleverans individ %' THEN substr(reference, 20)
        WHEN reason = 'move' AND reference LIKE 'Flytt % %' THEN substr(reference, 7, instr(substr(reference, 7), ' ') - 1)
    END
WHERE reason IN ('return', 'receipt', 'move');
UPDATE stock_movements SET unit_number = NULL WHERE unit_number IS NOT NULL AND NOT EXISTS
    (SELECT 1 FROM units u WHERE u.number = stock_movements.unit_number AND u.article_number = stock_movements.article_number);
