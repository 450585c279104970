-- 0028: customer service's search lists (SPEC §10.9) by customer and date, a
-- transfer found by the holdings it moves, and Mina arbetsordrar (a technician's
-- own work orders).
CREATE INDEX orders_customer ON orders(customer_number, registered_at);
CREATE INDEX orders_registered ON orders(registered_at);
CREATE INDEX pickup_orders_customer ON pickup_orders(customer_number, registered_at);
CREATE INDEX pickup_orders_registered ON pickup_orders(registered_at);
CREATE INDEX work_orders_customer ON work_orders(customer_number, registered_at);
CREATE INDEX work_orders_registered ON work_orders(registered_at);
CREATE INDEX work_orders_technician ON work_orders(technician_id, status);
CREATE INDEX transfers_person ON transfers(recipient_personnummer);
CREATE INDEX transfers_customer ON transfers(recipient_customer);
CREATE INDEX transfers_new_customer ON transfers(new_customer);
CREATE INDEX transfers_sent ON transfers(sent_at);
CREATE INDEX transfer_items_holding ON transfer_items(holding_id);
