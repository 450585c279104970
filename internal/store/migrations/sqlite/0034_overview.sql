-- 0034: the centre's overview (SPEC §10.9) aggregates in SQL over indexes:
-- reconditioning events by kind and time, order lines by delivery time.
CREATE INDEX unit_events_kind ON unit_events(kind, at);
CREATE INDEX order_lines_delivered ON order_lines(delivered_at) WHERE delivered_at IS NOT NULL;
