-- Every order and order line went into indexes few of them need:
-- order_lines_order_status (order_id, status) repeats order_lines_order's
-- (order_id, position) for the dozen lines of an order; order_lines_complement_unit
-- held every line though only a line that completes a held unit names one, and
-- orders_address_changed every order though only those flagged by the
-- population register have a date (every query asks IS NOT NULL).
DROP INDEX order_lines_order_status;
DROP INDEX order_lines_complement_unit;
CREATE INDEX order_lines_complement_unit ON order_lines(complement_unit) WHERE complement_unit IS NOT NULL;
DROP INDEX orders_address_changed;
CREATE INDEX orders_address_changed ON orders(address_changed_on) WHERE address_changed_on IS NOT NULL;
