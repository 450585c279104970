-- 0002: indexes for the prescriber look-ups (Hjälpmedel, Individkort, Sök artikel, CFR).
-- Komponenter på väg for a unit: open order lines that complete it (Kompl. individ).
CREATE INDEX order_lines_complement_unit ON order_lines(complement_unit);
-- Open order lines of an order by status, so onOrder reads only what is still on its way.
CREATE INDEX order_lines_order_status ON order_lines(order_id, status);
